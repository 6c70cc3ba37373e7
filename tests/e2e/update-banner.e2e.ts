// The app's update from the share in the window (issue 15 item 2). In Electron the preload
// gives the window `updateState()` and `onUpdateState(listener)` (electron/preload.ts); the
// browser preview has no updater, so this test adds the same two functions to the preview's
// bridge as it is installed, and plays the states the main process sends
// (electron/update/updater.ts): a version that installs at quit, one only an administrator
// may install, and a damaged installer. Screenshots at 1366×768.
import { expect, test, type Page } from '@playwright/test';
import type { UpdateState } from '../../shared/update-state';
import { SHOTS, signIn } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

/** The preload's update functions on the preview bridge; `window.__pushUpdate(state)` plays a state. */
async function withUpdater(page: Page, initial: UpdateState): Promise<void> {
  await page.addInitScript((first) => {
    let bridge: unknown;
    let state = first;
    const listeners = new Set<(s: unknown) => void>();
    (window as unknown as { __pushUpdate(s: unknown): void }).__pushUpdate = (s) => {
      state = s as typeof first;
      for (const l of listeners) l(s);
    };
    Object.defineProperty(window, 'journal', {
      configurable: true,
      get: () => bridge,
      set: (b: Record<string, unknown>) => {
        bridge = Object.assign(b, {
          updateState: async () => state,
          onUpdateState: (l: (s: unknown) => void) => {
            listeners.add(l);
            return () => listeners.delete(l);
          },
        });
      },
    });
  }, initial);
}

test('a new version from the share: installs at quit, or whom to ask, or why it is refused', async ({ page }) => {
  await withUpdater(page, { status: 'ready', version: '0.2.0', message: 'Доступна версия 0.2.0, установится при выходе из программы.' });
  await signIn(page, 'teacher');
  const banner = page.getByTestId('update-banner');
  await expect(banner).toHaveText('Доступна версия 0.2.0, установится при выходе из программы.');
  await expect(banner).toHaveAttribute('data-status', 'ready');
  await page.screenshot({ path: `${SHOTS}update-ready.png` });

  await page.evaluate(() => (window as unknown as { __pushUpdate(s: unknown): void }).__pushUpdate({
    status: 'admin', version: '0.2.0',
    message: 'Доступна версия 0.2.0. Установить её на этом компьютере может только администратор компьютера: обратитесь к администратору школы.',
  }));
  await expect(banner).toContainText('обратитесь к администратору школы');
  await page.screenshot({ path: `${SHOTS}update-admin.png` });

  await page.evaluate(() => (window as unknown as { __pushUpdate(s: unknown): void }).__pushUpdate({
    status: 'problem', version: '0.2.0',
    message: 'Установщик «klassnyi-zhurnal-0.2.0-setup.exe» скопирован не полностью: 100000 из 262144 байт. Дождитесь конца копирования или скопируйте его заново.',
  }));
  await expect(banner).toContainText('скопирован не полностью');
  await expect(banner).toHaveAttribute('data-status', 'problem');
  // The banner sits above the screen and leaves it usable: the screen's own heading is visible.
  const box = await banner.boundingBox();
  expect(box && box.width > 400 && box.height < 80).toBeTruthy();
  await page.screenshot({ path: `${SHOTS}update-problem.png` });

  // Nothing to tell: no banner.
  await page.evaluate(() => (window as unknown as { __pushUpdate(s: unknown): void }).__pushUpdate({ status: 'none', version: null, message: '' }));
  await expect(banner).toHaveCount(0);
});
