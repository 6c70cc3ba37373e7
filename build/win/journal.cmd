@echo off
rem The `journal` command of the installed app (README, "Installing and releasing"):
rem the app's own executable runs as Node (ELECTRON_RUN_AS_NODE) the CLI bundled in the asar.
rem For the Task Scheduler: "C:\Program Files\<app folder>\journal.cmd" backup ...
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0klassnyi-zhurnal.exe" "%~dp0resources\app.asar\dist\cli\journal.cjs" %*
exit /b %ERRORLEVEL%
