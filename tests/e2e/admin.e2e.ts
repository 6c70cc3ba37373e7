// The administrator's screens: issuing a one-time activation code to a staff member, who
// then signs in for the first time with it and sets a password (R-ROLE-6, R-ROLE-7), and
// changing the regulation profile with a basis, then changing it back (R-TIME-2).
//
// Reaches the screens through the navigation items `nav-staff` and `nav-regulation`
// (shown to the administrator). The e2e database is shared by every e2e file of a run:
// no demo account's password changes here, and the regulation change is undone (also
// through the CLI if the test fails halfway).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appUrl, signIn, SHOTS, watchConsole, withDb } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Teacher {
  id: string;
  login: string;
  last_name: string;
}

/** A subject teacher (not a demo account) who has never signed in: no password, no code. */
async function ordinaryTeacher(): Promise<Teacher> {
  return withDb(async (knex) => {
    const row = await knex('staff as s')
      .where({ 's.active': 1 })
      .whereNull('s.password_hash')
      .whereNull('s.activation_hash')
      .whereExists(knex('staff_role as r').whereRaw('r.staff_id = s.id').where({ 'r.role': 'teacher', 'r.revoked': 0 }))
      .whereNotExists(knex('staff_role as r').whereRaw('r.staff_id = s.id').where({ 'r.revoked': 0 }).whereNot({ 'r.role': 'teacher' }))
      .orderBy('s.login', 'desc')
      .first('s.id', 's.login', 's.last_name');
    if (!row) throw new Error('the demo school has no teacher without an account');
    return row as Teacher;
  });
}

const credentials = (staffId: string) =>
  withDb(async (knex) => (await knex('staff').where({ id: staffId }).first('password_hash', 'activation_hash')) as { password_hash: string | null; activation_hash: string | null });

/** The stored oralMarkDays (JSON), or null while it has its default. */
const storedOralMarkDays = () =>
  withDb(async (knex) => ((await knex('setting').where({ id: 'regulation.oralMarkDays' }).first('value')) as { value: string } | undefined)?.value ?? null);

/** oralMarkDays as it was before the regulation test, until that test has put it back. */
let oralMarkDaysToRestore: string | null = null;

// Whatever happened in the test, the next e2e files see the profile as it was.
test.afterEach(async () => {
  const original = oralMarkDaysToRestore;
  oralMarkDaysToRestore = null;
  if (original === null || ((await storedOralMarkDays()) ?? original) === original) return;
  const restored = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/journal.cjs'), 'call', 'regulation.update', '--db', process.env.E2E_DB!, '--user', 'admin',
      '--args', JSON.stringify({ changes: { oralMarkDays: Number(original) }, reason: 'e2e: прежнее значение' })],
    { encoding: 'utf8', env: { ...process.env, JOURNAL_PASSWORD: 'demo' } },
  );
  if (restored.status !== 0) throw new Error(`could not restore oralMarkDays: ${restored.stdout}${restored.stderr}`);
});

test('the administrator issues an activation code; the teacher activates the account with it and signs in (R-ROLE-6, R-ROLE-7)', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const teacher = await ordinaryTeacher();
  await signIn(page, 'admin');
  await page.getByTestId('nav-staff').click();
  await expect(page.getByTestId('staff-table')).toBeVisible();
  const total = await withDb(async (knex) => Number((await knex('staff').count('* as n').first())?.n));
  await expect(page.getByTestId('staff-row')).toHaveCount(total);
  await page.screenshot({ path: `${SHOTS}admin-staff.png`, fullPage: true });

  await page.getByTestId('staff-filter').fill(teacher.login);
  await expect(page.getByTestId('staff-row')).toHaveCount(1);
  const row = page.locator(`[data-testid="staff-row"][data-login="${teacher.login}"]`);
  await expect(row.getByTestId('staff-state')).toHaveText('не активирован, код не выдан');
  await expect(row.getByTestId('unlock')).toHaveCount(0);

  // Confirm first, then the code is shown once.
  await row.getByTestId('issue-code').click();
  await expect(page.getByTestId('issue-code-confirm')).toBeVisible();
  await page.getByTestId('issue-code-confirm-ok').click();
  const issued = page.getByTestId('issued-code');
  await expect(issued).toBeVisible();
  const code = ((await issued.textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  await expect(page.getByTestId('issued-login')).toHaveText(teacher.login);
  await expect(page.getByTestId('issued-code-dialog')).toContainText('только один раз');
  await page.screenshot({ path: `${SHOTS}admin-issued-code.png` });
  // Only a hash of the code is kept.
  const pending = await credentials(teacher.id);
  expect(pending.activation_hash).toBeTruthy();
  expect(pending.activation_hash).not.toContain(code.replace('-', ''));
  expect(pending.password_hash).toBeNull();
  await page.getByTestId('issued-code-close').click();
  await expect(issued).toHaveCount(0);
  await expect(row.getByTestId('staff-state')).toHaveText('ожидает активации');

  // The teacher, at another computer: a fresh browser context with no session.
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 800 } });
  try {
    const tp = await context.newPage();
    const teacherErrors = watchConsole(tp);
    await tp.goto(appUrl());
    await tp.getByTestId('activation-toggle').click();
    await tp.getByTestId('login-input').fill(teacher.login);
    // Typed in lower case: the code is read without regard to case.
    await tp.getByTestId('activation-code').fill(code.toLowerCase());
    const error = tp.getByTestId('login-error');

    // The two entries differ: said before anything is sent.
    await tp.getByTestId('activation-password').fill('Каштан-2026');
    await tp.getByTestId('activation-password2').fill('Каштан-2062');
    await tp.getByTestId('activation-submit').click();
    await expect(error).toContainText('Пароли не совпадают');

    // Weak passwords: the service's policy, in Russian (VALIDATION; the code stays valid).
    await tp.getByTestId('activation-password').fill('кот2026');
    await tp.getByTestId('activation-password2').fill('кот2026');
    await tp.getByTestId('activation-submit').click();
    await expect(error).toHaveText('Пароль слишком короткий: нужно не меньше 8 символов.');
    await expect(error).toHaveAttribute('data-code', 'VALIDATION');
    await tp.getByTestId('activation-password').fill('20262026');
    await tp.getByTestId('activation-password2').fill('20262026');
    await tp.getByTestId('activation-submit').click();
    await expect(error).toHaveText('Пароль не должен состоять из одних цифр.');
    await tp.screenshot({ path: `${SHOTS}activation-weak-password.png` });
    expect((await credentials(teacher.id)).password_hash).toBeNull();

    await tp.getByTestId('activation-password').fill('Каштан-2026');
    await tp.getByTestId('activation-password2').fill('Каштан-2026');
    await tp.getByTestId('activation-submit').click();
    await expect(tp.getByTestId('user-name')).toContainText(teacher.last_name);
    await tp.screenshot({ path: `${SHOTS}activation-signed-in.png` });
    const done = await credentials(teacher.id);
    expect(done.password_hash).toBeTruthy();
    expect(done.activation_hash).toBeNull();

    // The code worked once; from now on the teacher signs in with the password.
    await tp.getByTestId('logout').click();
    await tp.getByTestId('activation-toggle').click();
    await tp.getByTestId('login-input').fill(teacher.login);
    await tp.getByTestId('activation-code').fill(code);
    await tp.getByTestId('activation-password').fill('Другой-пароль-1');
    await tp.getByTestId('activation-password2').fill('Другой-пароль-1');
    await tp.getByTestId('activation-submit').click();
    await expect(error).toContainText('Неверный логин или код активации');
    await tp.getByTestId('password-toggle').click();
    await expect(tp.getByTestId('login-input')).toHaveValue(teacher.login);
    await tp.getByTestId('password-input').fill('Каштан-2026');
    await tp.getByTestId('login-submit').click();
    await expect(tp.getByTestId('user-name')).toContainText(teacher.last_name);
    expect(teacherErrors).toEqual([]);
  } finally {
    await context.close();
  }

  // The administrator's list now says so (a click in the navigation reloads the screen).
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-filter').fill(teacher.login);
  await expect(page.locator(`[data-testid="staff-row"][data-login="${teacher.login}"]`).getByTestId('staff-state')).toHaveText('активирован');
  expect(errors).toEqual([]);
});

test('the administrator changes the oral-answer deadline with a basis and changes it back (R-TIME-2, R-ROLE-6)', async ({ page }) => {
  const errors = watchConsole(page);
  const before = await storedOralMarkDays();
  await signIn(page, 'admin');
  await page.getByTestId('nav-regulation').click();
  await expect(page.getByTestId('regulation-form')).toBeVisible();
  const field = page.getByTestId('regulation-field-oralMarkDays');
  const original = await field.inputValue();
  expect(original).toMatch(/^\d+$/);
  const next = original === '3' ? '4' : '3';
  await expect(page.locator('tr[data-key="oralMarkDays"]')).toContainText('Отметка за устный ответ');
  await expect(page.getByTestId('regulation-form')).not.toContainText(/R-[A-Z]+-\d/); // rule ids are for the code, not for people
  await expect(page.getByTestId('regulation-save')).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}admin-regulation.png`, fullPage: true });

  const save = page.getByTestId('regulation-save');
  const error = page.getByTestId('regulation-error');
  oralMarkDaysToRestore = original;
  // Out of range: said at the field, nothing sent.
  await field.fill('45');
  await save.click();
  await expect(page.locator('tr[data-key="oralMarkDays"]')).toContainText('Введите целое число от 0 до 30.');
  await expect(error).toBeVisible();

  await field.fill(next);
  // No basis: not saved.
  await save.click();
  await expect(error).toContainText('основание');
  // A basis too short for the service: its VALIDATION message, with the field named in Russian.
  await page.getByTestId('regulation-reason').fill('№1');
  await save.click();
  await expect(error).toHaveAttribute('data-code', 'VALIDATION');
  await expect(error).toContainText('Укажите основание изменения');
  await page.screenshot({ path: `${SHOTS}admin-regulation-validation.png`, fullPage: true });
  expect(await storedOralMarkDays()).toBe(before);

  await page.getByTestId('regulation-reason').fill('Приказ № 45 от 20.11.2026');
  await save.click();
  await expect(page.getByTestId('regulation-saved')).toContainText(`Отметка за устный ответ — в течение: ${next} дня после урока`);
  await expect(page.getByTestId('regulation-reason')).toHaveValue('');
  expect(await storedOralMarkDays()).toBe(next);
  const logged = await withDb((knex) =>
    knex('change_log').where({ table_name: 'setting', row_id: 'regulation.oralMarkDays' }).orderBy('seq', 'desc').first('new_value', 'reason'),
  );
  expect(logged?.reason).toBe('Приказ № 45 от 20.11.2026');
  expect(JSON.parse(String(logged?.new_value))).toEqual({ value: next });
  await page.screenshot({ path: `${SHOTS}admin-regulation-saved.png`, fullPage: true });

  // And back, with its own basis.
  await field.fill(original);
  await page.getByTestId('regulation-reason').fill('Приказ № 46 от 21.11.2026: прежний срок');
  await save.click();
  await expect(page.getByTestId('regulation-saved')).toContainText(`Отметка за устный ответ — в течение: ${original} `);
  expect(await storedOralMarkDays()).toBe(original);
  await expect(save).toBeDisabled();
  expect(errors).toEqual([]);
});

test('the administrator adds a kind of work to the school\'s list and retires it (R-REC-2)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'admin');
  await page.getByTestId('nav-regulation').click();
  const kinds = page.getByTestId('work-kinds');
  await expect(kinds.getByTestId('work-kind-row').first()).toBeVisible();
  await kinds.getByTestId('work-kind-code').fill('К');
  await kinds.getByTestId('work-kind-name').fill('Ещё одна контрольная');
  await kinds.getByTestId('work-kind-add').click();
  await expect(kinds.getByTestId('work-kind-error')).toContainText('уже есть');

  await kinds.getByTestId('work-kind-code').fill('ЗЧ');
  await kinds.getByTestId('work-kind-name').fill('Зачёт по теме');
  await kinds.getByTestId('work-kind-add').click();
  const row = kinds.getByTestId('work-kind-row').filter({ hasText: 'Зачёт по теме' });
  await expect(row).toBeVisible();
  await page.screenshot({ path: `${SHOTS}admin-work-kinds.png`, fullPage: true });
  await row.getByRole('button', { name: 'Вывести из употребления' }).click();
  await expect(row.getByRole('button', { name: 'Вернуть' })).toBeVisible();
  const stored = await withDb((knex) => knex('work_kind').where({ code: 'ЗЧ' }).first('name', 'retired'));
  expect(stored).toEqual({ name: 'Зачёт по теме', retired: 1 });
  expect(errors).toEqual([]);
});

test('a deputy makes a backup copy on two media from the app and verifies it (R-KEEP-1, R-PRINT-2 day 2)', async ({ page }) => {
  const errors = watchConsole(page);
  const fs = await import('node:fs');
  const os = await import('node:os');
  const roomA = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-backup-a-'));
  const roomB = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-backup-b-'));
  try {
    await signIn(page, 'deputy');
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-first').fill(roomA);
    await page.getByTestId('backup-second').fill(roomB);
    await page.getByTestId('backup-note').fill('конец I четверти');
    await page.getByTestId('backup-submit').click();
    // Two full copies of the school's journal, each read back and checked: seconds, not milliseconds.
    await expect(page.getByTestId('backup-message')).toContainText('Копия записана и проверена (2 шт.)', { timeout: 60_000 });
    await expect(page.getByTestId('backup-log-row')).toHaveCount(2);
    for (const room of [roomA, roomB]) {
      const [folder] = fs.readdirSync(room);
      expect(fs.existsSync(path.join(room, folder!, 'manifest.json'))).toBe(true);
    }
    await page.getByTestId('backup-log-row').first().getByRole('button', { name: 'Проверить' }).click();
    await expect(page.getByTestId('backup-message')).toContainText('совпадает побайтно');
    await page.screenshot({ path: `${SHOTS}backups.png`, fullPage: true });
    const logged = await withDb((knex) => knex('backup_log').select('action', 'ok'));
    expect(logged.filter((l: { action: string }) => l.action === 'backup')).toHaveLength(2);
    expect(logged.filter((l: { action: string }) => l.action === 'verify')).toHaveLength(1);
  } finally {
    fs.rmSync(roomA, { recursive: true, force: true });
    fs.rmSync(roomB, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});
