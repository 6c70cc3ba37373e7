// Issue 15 items 3 and 4 in the real renderer, each on a copy of the run's school served by a
// preview server of its own (the screenshots are the administrator's guide's pictures):
// - the backups screen in June: the reminder of the year-end copy on two media by 30 June;
//   a copy damaged on its medium found by «Проверить копии», told with what to do, the
//   check entered in the log as failed, the navigation marked;
// - mixed versions: a second computer running a newer app (one more migration, a new table,
//   made in this test process: the preview server runs the app as built) writes to the new
//   table; the browser's computer keeps its changes waiting, the indicator and the sync
//   screen say «обновите программу», and the computers list shows each computer's version.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freshServer, readDb, signIn, SHOTS, watchConsole } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('backups in June: the year-end reminder; a damaged copy found by the check, with what to do, entered in the log', async ({ page }) => {
  test.setTimeout(180_000);
  // A school of its own: the run's shared school holds the copies earlier tests made, on
  // media they have removed since.
  const server = await freshServer('2027-06-10', 'e2e-backup-check-', { demo: { seed: 4, year: 2026, students: 150 } });
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-media-'));
  try {
    const errors = watchConsole(page);
    await signIn(page, 'admin', 'demo', server.url);
    await expect(page.getByTestId('nav-backups')).toContainText('1');
    await page.getByTestId('nav-backups').click();
    await expect(page.getByTestId('backup-due')).toContainText('До 30 июня 2027 г. сделайте резервную копию конца учебного года на двух носителях');

    const flash = path.join(media, 'E');
    const disk = path.join(media, 'F');
    await page.getByTestId('backup-first').fill(flash);
    await page.getByTestId('backup-second').fill(disk);
    await page.getByTestId('backup-note').fill('конец учебного года');
    await page.getByTestId('backup-submit').click();
    await expect(page.getByTestId('backup-message')).toContainText('Копия записана и проверена (2 шт.)', { timeout: 90_000 });
    await expect(page.getByTestId('backup-due')).toHaveCount(0);

    // The copy on the flash drive goes bad on the shelf.
    const copy = path.join(flash, fs.readdirSync(flash)[0]!);
    fs.appendFileSync(path.join(copy, 'journal.sqlite'), Buffer.from('испорчено'));
    await page.getByTestId('backup-check').click();
    await expect(page.getByTestId('backup-message')).toContainText('Проверено копий: 2; требуют внимания: 1.', { timeout: 60_000 });
    const notice = page.getByTestId('backup-notice');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText(`Копия на носителе ${flash} повреждена: сделайте новую копию`);
    await expect(notice).toContainText('размер файла');
    // Only one good medium now: the year-end copy is due again.
    await expect(page.getByTestId('backup-due')).toContainText('только на одном');
    await expect(page.getByTestId('backup-checked')).toContainText('последняя проверка');
    await expect(page.getByTestId('backup-log-row').first()).toContainText('проверена');
    const log = await readDb(server.db, (k) => k('backup_log').where({ action: 'verify', location: copy }).select('ok', 'note') as Promise<{ ok: number; note: string }[]>);
    expect(log.some((l) => l.ok === 0 && /плановая проверка/.test(l.note))).toBe(true);
    await expect(page.getByTestId('nav-backups')).toContainText('1');
    await page.screenshot({ path: `${SHOTS}backup-check.png`, fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
    fs.rmSync(media, { recursive: true, force: true });
  }
});

test('mixed versions: a newer computer\'s changes wait on this one, which says «обновите программу» and shows each computer\'s version', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-versions-'));
  const share = path.join(dir, 'share');
  fs.mkdirSync(share);
  const server = await freshServer(process.env.E2E_TODAY ?? '2026-11-23', 'e2e-versions-', {
    copyOf: process.env.E2E_DB!,
    prepare: (db) => readDb(db, (k) => k('local_state').where('key', 'like', 'sync.%').delete()),
  });
  try {
    const errors = watchConsole(page);
    await signIn(page, 'admin', 'demo', server.url);
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-share').fill(share);
    await page.getByTestId('sync-save').click();
    await expect(page.getByTestId('sync-message')).toContainText('Сетевая папка сохранена');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-message')).toContainText('Синхронизировано', { timeout: 120_000 });
    const version = (await page.getByTestId('sync-app-version').textContent())!.trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);

    // The second computer runs a newer app: a higher version and one more migration (a new
    // table with its field and rule), in a process of its own (tests/e2e/fixtures/newer-app.ts).
    const newer = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/e2e/fixtures/newer-app.ts'), share, path.join(dir, 'newer.sqlite')], { encoding: 'utf8', cwd: ROOT });
    expect(newer.status, `${newer.stdout}${newer.stderr}`).toBe(0);
    const newerVersion = (JSON.parse(newer.stdout.trim().split('\n').pop()!) as { version: string }).version;

    // This computer (the app as built) meets a change it cannot understand: it waits.
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-health')).toContainText('обновите программу', { timeout: 30_000 });
    await expect(page.getByTestId('sync-indicator')).toContainText('Обновите программу', { timeout: 15_000 });
    const peerVersion = page.getByTestId('sync-peer-version');
    await expect(peerVersion).toHaveCount(1);
    await expect(peerVersion).toContainText(`${newerVersion} — новее: обновите программу`);
    await expect(page.getByTestId('sync-app-version')).toHaveText(version);
    await expect(page.getByTestId('no-quarantine')).toBeVisible();
    const quarantined = await readDb(server.db, async (k) => (await k('sync_quarantine').select('id')).length);
    expect(quarantined).toBe(0);
    expect(await readDb(server.db, (k) => k.schema.hasTable('e2e_newer_note'))).toBe(false);
    await page.screenshot({ path: `${SHOTS}sync-screen.png`, fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
