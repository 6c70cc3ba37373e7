// Issue 17, points 8, 11 and 14 in the real renderer, on a copy of the run's school served by
// a preview server of its own (a restore replaces that server's journal, not the suite's):
// - the sync screen with sync off says so plainly and how to turn it on; "sync now" is
//   disabled and nothing is said to wait for sending;
// - the administrator restores a verified backup from the medium it was written to: the copies
//   found there are listed and checked, a confirmation says what happens, the journal is
//   replaced (the old database kept beside it, a new node id) and everyone signs in again;
// - the director prints (R-ROLE-5): the print screen, a preview, a saved copy in the register.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freshServer, readDb, signIn, SHOTS, watchConsole, type Db, type FreshServer } from './helpers';

let server: FreshServer | null = null;

const withOwnDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server!.db, fn);

test.beforeAll(async () => {
  server = await freshServer(process.env.E2E_TODAY ?? '2026-11-23', 'e2e-restore-', {
    copyOf: process.env.E2E_DB!, // a consistent copy of the run's school
    // This computer has no share folder: sync is off.
    prepare: (db) => readDb(db, (k) => k('local_state').where('key', 'like', 'sync.%').delete()),
  });
});

test.afterAll(async () => {
  await server?.stop();
});

test('sync off: the screen says so and how to turn it on; "sync now" is disabled; nothing waits to be sent', async ({ browser }) => {
  const admin = await browser.newPage();
  const errors = watchConsole(admin);
  await signIn(admin, 'admin', 'demo', server!.url);
  await expect(admin.getByTestId('sync-indicator')).toHaveAttribute('data-health', 'off');
  await admin.getByTestId('nav-sync').click();
  await expect(admin.getByTestId('sync-off')).toContainText('Синхронизация выключена.');
  await expect(admin.getByTestId('sync-off-how')).toContainText('укажите ниже сетевую папку');
  await expect(admin.getByTestId('sync-now')).toBeDisabled();
  await expect(admin.getByTestId('sync-share')).toBeVisible();
  await expect(admin.getByTestId('sync-facts')).toBeVisible();
  await expect(admin.getByText('Ждут отправки')).toHaveCount(0);
  await expect(admin.getByTestId('sync-outbox')).toHaveCount(0);
  expect(await admin.getByTestId('sync-indicator').getAttribute('title')).not.toMatch(/ждут отправки/);
  await admin.screenshot({ path: `${SHOTS}sync-off-admin.png`, fullPage: true });

  // A teacher is told who turns it on.
  const teacher = await browser.newPage();
  await signIn(teacher, 'teacher', 'demo', server!.url);
  await teacher.getByTestId('sync-indicator').click();
  await expect(teacher.getByTestId('sync-off-how')).toContainText('Включает её администратор журнала');
  await expect(teacher.getByTestId('sync-now')).toBeDisabled();
  await expect(teacher.getByText('Ждут отправки')).toHaveCount(0);
  await teacher.screenshot({ path: `${SHOTS}sync-off-teacher.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the administrator restores the newest copy that verifies from a medium; everyone signs in again', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const medium = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-medium-'));
  try {
    await signIn(page, 'admin', 'demo', server!.url);
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-first').fill(medium);
    await page.getByTestId('backup-submit').click();
    await expect(page.getByTestId('backup-message')).toContainText('Копия записана и проверена', { timeout: 60_000 });
    const nodeBefore = await withOwnDb(async (k) => (await k('local_state').where({ key: 'node_id' }).first('value')).value as string);
    // After the copy, something this computer then loses by the restore.
    await withOwnDb((k) => k('local_state').insert({ key: 'e2e.after-backup', value: '1' }));

    // A folder with no copy: told why, nothing listed.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-empty-'));
    await page.getByTestId('restore-folder').fill(empty);
    await page.getByTestId('restore-find').click();
    await expect(page.getByTestId('restore-message')).toContainText('нет резервных копий журнала');
    await expect(page.getByTestId('restore-copies')).toHaveCount(0);
    fs.rmSync(empty, { recursive: true, force: true });

    // The medium: its copy is found and checked.
    await page.getByTestId('restore-folder').fill(medium);
    await page.getByTestId('restore-find').click();
    await expect(page.getByTestId('restore-copy-row')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('restore-copy-row').first()).toContainText('совпадает побайтно (самая новая годная)');
    await page.getByTestId('restore-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}restore-copies.png`, fullPage: true });

    await page.getByTestId('restore-copy').click();
    await expect(page.getByTestId('restore-confirm')).toContainText('Прежняя база данных будет сохранена рядом с новой');
    await page.screenshot({ path: `${SHOTS}restore-confirm.png` });
    await page.getByTestId('restore-confirm-btn').click();

    // Signed out, told why.
    await expect(page.getByTestId('login-notice')).toContainText('Журнал восстановлен из резервной копии', { timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}restore-signed-out.png` });
    const kept = fs.readdirSync(server!.dir).filter((f) => /^journal\.sqlite\.before-restore-.*\.bak$/.test(f));
    expect(kept, 'the replaced database is kept beside it').toHaveLength(1);
    await withOwnDb(async (k) => {
      expect(await k('local_state').where({ key: 'e2e.after-backup' }).first()).toBeUndefined();
      expect((await k('local_state').where({ key: 'node_id' }).first('value')).value).not.toBe(nodeBefore);
      const entry = await k('backup_log as b').join('staff as s', 's.id', 'b.staff_id').where({ 'b.action': 'restore' }).first('s.login');
      expect(entry?.login).toBe('admin');
    });

    // Signing in again works on the restored journal.
    await page.getByTestId('login-input').fill('admin');
    await page.getByTestId('password-input').fill('demo');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('user-name')).toBeVisible();
    await page.getByTestId('nav-backups').click();
    await expect(page.getByTestId('backup-log-row').first()).toContainText('восстановлена');
    expect(errors.filter((e) => !/401|UNAUTHENTICATED/.test(e))).toEqual([]);
  } finally {
    fs.rmSync(medium, { recursive: true, force: true });
  }
});

test('the director prints: the print screen, a preview, a copy saved and entered in the register (R-ROLE-5)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  await signIn(page, 'director', 'demo', server!.url);
  await page.getByTestId('nav-print').click();
  await expect(page.getByTestId('print-period')).toContainText('1 четверть');
  await page.getByTestId('print-class').selectOption({ label: '5А' });
  await page.getByTestId('print-preview-btn').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 1 из \d+/, { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}director-print.png`, fullPage: true });
  await page.getByTestId('print-save-btn').click();
  const saved = page.getByTestId('job-row').first();
  await expect(saved).toHaveAttribute('data-job-state', 'done', { timeout: 120_000 });
  const docNo = (await saved.getByTestId('job-file').first().locator('.mono').first().textContent())!.trim();
  const entry = await withOwnDb((k) => k('print_register as p').join('staff as s', 's.id', 'p.printed_by').where({ 'p.doc_no': docNo }).first('s.login', 'p.status'));
  expect(entry).toEqual({ login: 'director', status: 'current' });
  expect(errors).toEqual([]);
});
