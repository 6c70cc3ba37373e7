// Launches the real Electron app where its binary exists. On machines where electron
// was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (no internet for the download) the
// test reports itself skipped, with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The installed Electron binary, found the way the electron package finds it (path.txt
 * beside its dist folder). Not through require('electron'): recent versions try to
 * download the binary on first require, which fails slowly without internet.
 */
function electronBinary(): string | null {
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const binary = path.join(pkgDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const SKIP_REASON = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1, no internet): the renderer is tested in Chromium through the preview bridge instead';

test('the Electron app starts on the demo school and shows the sign-in screen', async () => {
  const binary = electronBinary();
  if (!binary) console.log(`electron smoke test skipped: ${SKIP_REASON}`);
  test.skip(!binary, SKIP_REASON);
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT, '--no-sandbox'],
    env: { ...process.env, JOURNAL_USER_DATA: userData },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('login-form')).toBeVisible({ timeout: 60_000 });
    // No Node in the page (nodeIntegration off, sandbox on), and the preload exposes only its
    // functions: the service call, the folder dialog and the update's state (electron/preload.ts).
    const page = await win.evaluate(() => {
      const w = window as unknown as { require?: unknown; process?: unknown; journal?: Record<string, unknown> };
      return { require: typeof w.require, process: typeof w.process, journal: Object.keys(w.journal ?? {}) };
    });
    expect(page).toEqual({ require: 'undefined', process: 'undefined', journal: ['invoke', 'chooseFolder', 'updateState', 'onUpdateState'] });
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
