// Updates from the share (issue 15 item 2), the main process's side: every half hour it asks
// the database process for the sync share, checks <share>/updates/ (./feed.ts), and only a
// checked newer release is handed to electron-updater, through the loopback server
// (./server.ts) and the generic provider. electron-updater downloads it, checks its SHA-512
// again and, on Windows, the publisher's signature (build/electron-builder.yml), and installs
// it when the app quits — where this user may install (a per-machine install needs an
// administrator of the computer); anyone else is told to ask the school's administrator.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { NO_UPDATE, type UpdateState } from '../../shared/update-state';
import { channelFileFor, checkUpdateFolder, isLinuxAdministrator, isWindowsAdministrator, offerMessage, updateFolderOf, updaterErrorMessage } from '../../service/update/feed';
import { startUpdateServer, type UpdateServer } from './server';

const FIRST_CHECK_AFTER_MS = 20_000;
const CHECK_EVERY_MS = 30 * 60_000;

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { windowsHide: true, timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(String(stdout))));
  });
}

/** Whether this user may install the new version (when unsure: yes, and the system asks). */
async function userMayInstall(): Promise<boolean> {
  try {
    if (process.platform === 'win32') return isWindowsAdministrator(await run('whoami', ['/groups', '/fo', 'csv', '/nh']));
    if (process.platform === 'linux') {
      // An AppImage replaces its own file; a deb is installed through pkexec by an administrator.
      const image = process.env.APPIMAGE;
      if (image) return fs.access(image, fs.constants.W_OK).then(() => true, () => false);
      return isLinuxAdministrator(await run('id', ['-Gn']), process.getuid?.() ?? -1);
    }
    return true;
  } catch {
    return true;
  }
}

/** The installer this computer's package takes from the release. */
function installerExt(): string {
  if (process.platform === 'win32') return '.exe';
  return process.env.APPIMAGE ? '.AppImage' : '.deb';
}

export class ShareUpdates {
  private state: UpdateState = NO_UPDATE;
  private server: UpdateServer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<string> | null = null;
  private offered: string | null = null;
  private readonly mayInstall: Promise<boolean>;

  constructor(private readonly shareFolder: () => Promise<string | null>, private readonly publish: (state: UpdateState) => void) {
    this.mayInstall = userMayInstall();
    autoUpdater.autoDownload = true;
    // Set once the release is fetched and it is known whether this user may install.
    autoUpdater.autoInstallOnAppQuit = false;
    autoUpdater.allowDowngrade = false;
    // The loopback server sends whole files (no ranges): the installer is fetched whole.
    autoUpdater.disableDifferentialDownload = true;
    autoUpdater.on('download-progress', (p: { percent: number }) => {
      if (this.offered) this.set({ status: 'downloading', version: this.offered, message: `Загружается версия ${this.offered}: ${Math.floor(p.percent)} %.` });
    });
    autoUpdater.on('update-downloaded', (info: { version: string }) => {
      void this.mayInstall.then((may) => {
        autoUpdater.autoInstallOnAppQuit = may;
        this.set({ status: may ? 'ready' : 'admin', version: info.version, message: offerMessage(info.version, may) });
      });
    });
    autoUpdater.on('error', (err: unknown) => {
      console.error('update:', err);
      this.set({ status: 'problem', version: this.offered, message: updaterErrorMessage(err) });
    });
  }

  current(): UpdateState {
    return this.state;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      void this.checkNow().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, CHECK_EVERY_MS);
      });
    };
    this.timer = setTimeout(tick, FIRST_CHECK_AFTER_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.server?.close();
    this.server = null;
  }

  /** One check now (one at a time): the outcome in words (for «О программе»); the state for the window. */
  checkNow(): Promise<string> {
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async check(): Promise<string> {
    // A fetched release waits for the quit; nothing more to check until then.
    if (this.state.status === 'ready' || this.state.status === 'admin') return this.state.message;
    try {
      const share = await this.shareFolder();
      if (!share) {
        this.set(NO_UPDATE);
        return 'Сетевая папка не задана: новые версии программы берутся из папки updates в ней.';
      }
      const folder = updateFolderOf(share);
      const verdict = await checkUpdateFolder({ share, folder, currentVersion: app.getVersion(), channelFile: channelFileFor(process.platform), installerExt: installerExt() });
      switch (verdict.kind) {
        case 'nothing':
          this.set(NO_UPDATE);
          return 'Новых версий в папке обновлений нет.';
        case 'current':
          this.set(NO_UPDATE);
          return `Установлена последняя версия из папки обновлений (${verdict.version}).`;
        case 'no-share':
          // Said when asked (Справка → О программе); not kept above the screen: the sync's
          // indicator already shows a missing share, and a laptop may be away for weeks.
          this.set(NO_UPDATE);
          return verdict.message;
        case 'refused':
          this.set({ status: 'problem', version: verdict.version, message: verdict.message });
          return verdict.message;
        case 'newer':
          break;
      }
      if (!this.server || this.server.folder !== folder) {
        await this.server?.close();
        this.server = await startUpdateServer(folder);
      }
      autoUpdater.setFeedURL({ provider: 'generic', url: this.server.url });
      this.offered = verdict.version;
      const message = `Загружается версия ${verdict.version}.`;
      this.set({ status: 'downloading', version: verdict.version, message });
      await autoUpdater.checkForUpdates();
      return message;
    } catch (err) {
      console.error('update check:', err);
      const message = updaterErrorMessage(err);
      this.set({ status: 'problem', version: this.offered, message });
      return message;
    }
  }

  private set(state: UpdateState): void {
    if (state.status === this.state.status && state.message === this.state.message) return;
    this.state = state;
    this.publish(state);
  }
}
