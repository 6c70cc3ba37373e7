// The Electron main process: one window, hardened (contextIsolation, sandbox, no Node in
// the renderer, CSP in the page, no navigation, no new windows, no permissions), and a
// single IPC channel that forwards `invoke` calls to the database utility process,
// where the service checks every payload and permission.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, type IpcMainInvokeEvent } from 'electron';
import { isNetworkPath } from '../db/connection';
import { NO_UPDATE, type UpdateState } from '../shared/update-state';
import { withPrintFallback } from './print-fallback';
import { ShareUpdates } from './update/updater';
import { loadWindowState, trackWindowState } from './window-state';
import { WorkerClient } from './worker-client';

const RENDERER_INDEX = path.join(__dirname, '..', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER_INDEX).toString();

if (process.env.JOURNAL_USER_DATA) app.setPath('userData', process.env.JOURNAL_USER_DATA);

/** The database file: in the app's data folder, never on a network share (R-KEEP, LESSONS). */
function databaseFile(): string {
  const file = process.env.JOURNAL_DB ?? path.join(app.getPath('userData'), 'journal.sqlite');
  if (isNetworkPath(file)) {
    dialog.showErrorBox('Классный журнал', 'База данных журнала должна храниться на диске этого компьютера, а не в сетевой папке.');
    app.exit(1);
  }
  return file;
}

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.split('#')[0] === RENDERER_URL;
}

function createWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData, (r) =>
    screen.getAllDisplays().some((d) => r.x < d.workArea.x + d.workArea.width && r.x + r.width > d.workArea.x && r.y < d.workArea.y + d.workArea.height && r.y + r.height > d.workArea.y),
  );
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Классный журнал',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, userData);
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadFile(RENDERER_INDEX);
  return win;
}

function buildMenu(win: () => BrowserWindow | null, checkUpdates: () => Promise<string>): Menu {
  const about = async () => {
    const detail = await checkUpdates();
    const w = win();
    if (w) void dialog.showMessageBox(w, { message: `Классный журнал ${app.getVersion()}`, detail });
  };
  return Menu.buildFromTemplate([
    { label: 'Файл', submenu: [{ role: 'quit', label: 'Выход' }] },
    { label: 'Правка', submenu: [{ role: 'undo', label: 'Отменить' }, { role: 'redo', label: 'Повторить' }, { type: 'separator' }, { role: 'cut', label: 'Вырезать' }, { role: 'copy', label: 'Копировать' }, { role: 'paste', label: 'Вставить' }, { role: 'selectAll', label: 'Выделить всё' }] },
    { label: 'Вид', submenu: [{ role: 'reload', label: 'Обновить' }, { role: 'resetZoom', label: 'Обычный размер' }, { role: 'zoomIn', label: 'Крупнее' }, { role: 'zoomOut', label: 'Мельче' }, { role: 'togglefullscreen', label: 'Во весь экран' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: 'Инструменты разработчика' }])] },
    { label: 'Справка', submenu: [{ label: 'О программе и обновления', click: () => void about() }] },
  ]);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  // No permission (camera, notifications, …) is ever granted to the page.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

  const worker = new WorkerClient(databaseFile(), (code, message) => {
    dialog.showErrorBox('Классный журнал', `Не удалось открыть базу данных журнала (${code}).\n${message}`);
    app.exit(1);
  });

  ipcMain.handle('journal:invoke', async (event, method: unknown, args: unknown) => {
    if (!fromOurPage(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Вызов не из окна программы.' } };
    const result = await worker.call(`window:${event.sender.id}`, String(method), args);
    // The service has checked the caller and found the file; when the system cannot print
    // it, Electron's own printing is the fallback (issue 5 item 6, electron/print-fallback.ts).
    return withPrintFallback(String(method), result);
  });

  // The system's folder dialog for the window (backup media, a copy to restore, the sync's
  // folder): it returns a path the user chose, which the service then checks like a typed one.
  ipcMain.handle('journal:choose-folder', async (event, title: unknown): Promise<string | null> => {
    if (!fromOurPage(event)) return null;
    const options = {
      title: typeof title === 'string' && title.length <= 200 ? title : 'Выберите папку',
      properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
    };
    const owner = BrowserWindow.fromWebContents(event.sender);
    const r = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  // Updates from the share's update folder (issue 15 item 2, electron/update/): only in the
  // installed app; the window hears of them through the preload.
  const updates = app.isPackaged
    ? new ShareUpdates(() => worker.shareFolder(), (state) => mainWindow?.webContents.send('journal:update-state', state))
    : null;
  ipcMain.handle('journal:update-state', (event): UpdateState => (fromOurPage(event) && updates ? updates.current() : NO_UPDATE));

  let mainWindow: BrowserWindow | null = createWindow();
  const callerOf = mainWindow.webContents.id;
  mainWindow.on('closed', () => {
    worker.endCaller(`window:${callerOf}`);
    mainWindow = null;
  });
  Menu.setApplicationMenu(buildMenu(() => mainWindow, async () => (updates ? updates.checkNow() : '')));
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    e.preventDefault();
    quitting = true;
    void Promise.all([worker.shutdown(), updates?.stop()]).finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());

  updates?.start();
}

void main();
