// Issue 17, points 8, 11 and 14 in the real renderer, on a copy of the run's school served by
// a preview server of its own (a restore replaces that server's journal, not the suite's):
// - the sync screen with sync off says so plainly and how to turn it on; "sync now" is
//   disabled and nothing is said to wait for sending;
// - the administrator restores a verified backup from the medium it was written to: the copies
//   found there are listed and checked, a confirmation says what happens, the journal is
//   replaced (the old database kept beside it, a new node id) and everyone signs in again;
// - the director prints (R-ROLE-5): the print screen, a preview, a saved copy in the register.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from '../../db/connection';
import { SHOTS, watchConsole } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let dir = '';
let dbFile = '';
let url = '';
let server: ChildProcess | null = null;

async function withOwnDb<T>(fn: (knex: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const knex = openDatabase(dbFile);
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-restore-'));
  dbFile = path.join(dir, 'journal.sqlite');
  const source = openDatabase(process.env.E2E_DB!);
  try {
    await source.raw('VACUUM INTO ?', [dbFile]); // a consistent copy of the run's school
  } finally {
    await source.destroy();
  }
  // This computer has no share folder: sync is off.
  await withOwnDb((k) => k('local_state').where('key', 'like', 'sync.%').delete());
  server = spawn(process.execPath, [path.join(ROOT, 'dist/preview/server.cjs'), '--db', dbFile, '--port', '0', '--now', process.env.E2E_TODAY ?? '2026-11-23'], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    server!.on('exit', (code) => reject(new Error(`preview server exited with ${code}`)));
    setTimeout(() => reject(new Error('preview server did not start in 60 s')), 60_000);
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-input').fill(login);
  await page.getByTestId('password-input').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

test('sync off: the screen says so and how to turn it on; "sync now" is disabled; nothing waits to be sent', async ({ browser }) => {
  const admin = await browser.newPage();
  const errors = watchConsole(admin);
  await signIn(admin, 'admin');
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
  await signIn(teacher, 'teacher');
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
    await signIn(page, 'admin');
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
    const kept = fs.readdirSync(dir).filter((f) => /^journal\.sqlite\.before-restore-.*\.bak$/.test(f));
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
  await signIn(page, 'director');
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
