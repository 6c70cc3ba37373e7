// People and student movement (issue 13, points 2–4), at 1366×768 on the e2e demo school
// (today 23.11.2026; grades 10–11 in their first half-year, 01.09–25.12):
// - the administrator adds staff, corrects them, grants a role with a basis, issues codes for
//   two people at once and prints the slips (one per cut-line); one of them activates with
//   the slip's code and signs in; the other is dismissed and stays on the list, greyed
//   (R-ROLE-6, R-ROLE-7);
// - the administrator adds a student to a class mid-year: refused without the order of
//   arrival (R-REC-9), then added with a guardian and the consent (R-REC-10); transfers them
//   to the parallel class on a date of the quarter; the deputy sees them in both classes'
//   journal pages with the dates (R-REC-9), and finds them with the search box.
// Only people made here are touched (no demo account), so the order of the e2e files does
// not matter; names carry a suffix of the run so that a second run on one database works.
import { expect, test, type Page } from '@playwright/test';
import { appUrl, signIn, SHOTS, watchConsole, withDb } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

const RUN = Date.now().toString(36);
/** Letters only (names take no digits): the run's suffix spelled in Russian letters. */
const RUN_LETTERS = [...RUN.slice(-4)].map((c) => 'абвгдежзиклмнопрстуфхцчшщэюя'[parseInt(c, 36) % 28]).join('');

async function fillDate(page: Page, testId: string, ddmmyyyy: string) {
  const field = page.getByTestId(testId);
  await field.fill('');
  await field.pressSequentially(ddmmyyyy.replaceAll('.', ''));
}

test('the administrator adds staff, grants a role with a basis, prints activation slips for two; one activates and signs in, the other is dismissed and kept (R-ROLE-6, R-ROLE-7)', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const first = { last: `Слипова${RUN_LETTERS}`, first: 'Ольга', middle: 'Петровна', login: `slip.o.${RUN}` };
  const second = { last: `Слипов${RUN_LETTERS}`, first: 'Игорь', middle: 'Андреевич', login: `slip.i.${RUN}` };
  await signIn(page, 'admin');
  await page.getByTestId('nav-staff').click();
  await expect(page.getByTestId('staff-table')).toBeVisible();

  for (const p of [first, second]) {
    await page.getByTestId('staff-add').click();
    const form = page.getByTestId('staff-form');
    await form.getByTestId('staff-last-name').fill(p.last);
    await form.getByTestId('staff-first-name').fill(p.first);
    await form.getByTestId('staff-middle-name').fill(p.middle);
    await form.getByTestId('staff-position').fill('учитель');
    await form.getByTestId('staff-login').fill(p.login);
    await form.getByTestId('staff-reason').fill('Приказ № 88-к от 20.11.2026');
    if (p === first) await page.screenshot({ path: `${SHOTS}people-staff-add.png` });
    await form.getByTestId('staff-form-save').click();
    await expect(page.getByTestId('staff-done')).toContainText(`логин ${p.login}`);
  }
  // A login is never taken twice: the service's Russian answer, nothing added.
  await page.getByTestId('staff-add').click();
  await page.getByTestId('staff-last-name').fill('Повторова');
  await page.getByTestId('staff-first-name').fill('Анна');
  await page.getByTestId('staff-login').fill(first.login);
  await page.getByTestId('staff-reason').fill('Приказ № 89-к');
  await page.getByTestId('staff-form-save').click();
  await expect(page.getByTestId('staff-form-error')).toContainText(`Логин «${first.login}» уже занят`);
  await page.getByRole('button', { name: 'Отмена' }).click();

  const rowOf = (login: string) => page.locator(`[data-testid="staff-row"][data-login="${login}"]`);
  await page.getByTestId('staff-filter').fill(RUN);
  await expect(page.getByTestId('staff-row')).toHaveCount(2);
  await expect(rowOf(first.login).getByTestId('staff-roles-cell')).toHaveText('учитель');

  // The position corrected, with a basis.
  await rowOf(first.login).getByTestId('staff-edit').click();
  await expect(page.getByTestId('staff-last-name')).toHaveValue(first.last);
  await page.getByTestId('staff-position').fill('учитель информатики');
  await page.getByTestId('staff-reason').fill('Приказ № 90-к от 20.11.2026');
  await page.getByTestId('staff-form-save').click();
  await expect(page.getByTestId('staff-done')).toContainText('Данные сотрудника исправлены');
  await expect(rowOf(first.login)).toContainText('учитель информатики');

  // A second role: granted with a basis (required: the service refuses a short one).
  await rowOf(first.login).getByTestId('staff-roles').click();
  const roles = page.getByTestId('roles-form');
  await roles.locator('input[data-role="class_teacher"]').check();
  await expect(page.getByTestId('roles-diff')).toHaveText('Назначить: классный руководитель.');
  await page.getByTestId('roles-reason').fill('Приказ № 91-к от 20.11.2026');
  await page.getByTestId('roles-save').click();
  await expect(rowOf(first.login).getByTestId('staff-roles-cell')).toHaveText('классный руководитель, учитель');
  const firstId = await withDb(async (knex) => ((await knex('staff').where({ login: first.login }).first('id')) as { id: string }).id);
  const secondId = await withDb(async (knex) => ((await knex('staff').where({ login: second.login }).first('id')) as { id: string }).id);
  const held = await withDb((knex) => knex('staff_role').where({ staff_id: firstId, revoked: 0 }).orderBy('role').pluck('role'));
  expect(held).toEqual(['class_teacher', 'teacher']);
  // The basis is kept with the change in the change log.
  const basis = await withDb((knex) =>
    knex('change_log').where({ table_name: 'staff_role' }).whereIn('row_id', knex('staff_role').where({ staff_id: firstId, role: 'class_teacher' }).select('id')).pluck('reason'));
  expect(basis).toContain('Приказ № 91-к от 20.11.2026');

  // Codes for both at once: printed as slips, one per cut-line.
  await rowOf(first.login).getByTestId('staff-select').check();
  await rowOf(second.login).getByTestId('staff-select').check();
  await expect(page.getByTestId('slips-issue')).toHaveText('Коды и листки для отмеченных (2)');
  await page.getByTestId('slips-issue').click();
  await page.getByTestId('slips-confirm-ok').click();
  const slips = page.getByTestId('slip');
  await expect(slips).toHaveCount(2);
  const codes = new Map<string, string>();
  for (const login of [first.login, second.login]) {
    const slip = page.locator(`[data-testid="slip"][data-login="${login}"]`);
    await expect(slip.getByTestId('slip-login')).toHaveText(login);
    await expect(slip).toContainText('СОШ № 12');
    await expect(slip).toContainText('Первый вход: у меня есть код активации');
    const code = ((await slip.getByTestId('slip-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    codes.set(login, code);
  }
  await expect(page.locator(`[data-testid="slip"][data-login="${first.login}"]`).getByTestId('slip-name')).toHaveText(`${first.last} ${first.first} ${first.middle}`);
  await page.screenshot({ path: `${SHOTS}people-slips-dialog.png` });
  // The print view: the slips alone, without the screen behind or the dialog's buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#root')).toBeHidden();
  await expect(page.getByTestId('slips-close')).toBeHidden();
  await expect(slips.first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}people-slips-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  // Only hashes are kept; once the dialog closes the codes are on no screen.
  const stored = await withDb((knex) => knex('staff').whereIn('id', [firstId, secondId]).select('activation_hash'));
  for (const s of stored as { activation_hash: string | null }[]) {
    expect(s.activation_hash).toBeTruthy();
    for (const c of codes.values()) expect(s.activation_hash).not.toContain(c.replace('-', ''));
  }
  await page.getByTestId('slips-close').click();
  await expect(page.getByTestId('staff-done')).toHaveText('Выданы коды активации: 2.');
  for (const c of codes.values()) await expect(page.locator('body')).not.toContainText(c);
  await expect(rowOf(first.login).getByTestId('staff-state')).toHaveText('ожидает активации');

  // The new teacher activates with the slip's code, at another computer, and signs in.
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
  try {
    const tp = await context.newPage();
    const teacherErrors = watchConsole(tp);
    await tp.goto(appUrl());
    await tp.getByTestId('activation-toggle').click();
    await tp.getByTestId('login-input').fill(first.login);
    await tp.getByTestId('activation-code').fill(codes.get(first.login)!);
    await tp.getByTestId('activation-password').fill('Сирень-2026');
    await tp.getByTestId('activation-password2').fill('Сирень-2026');
    await tp.getByTestId('activation-submit').click();
    await expect(tp.getByTestId('user-name')).toContainText(first.last);
    await tp.getByTestId('logout').click();
    await tp.getByTestId('login-input').fill(first.login);
    await tp.getByTestId('password-input').fill('Сирень-2026');
    await tp.getByTestId('login-submit').click();
    await expect(tp.getByTestId('user-name')).toContainText(first.last);
    await tp.screenshot({ path: `${SHOTS}people-new-teacher-signed-in.png` });
    expect(teacherErrors).toEqual([]);
  } finally {
    await context.close();
  }

  // The other is dismissed: kept on the list, greyed, with no actions; the code no longer opens the journal.
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-filter').fill(RUN);
  await expect(rowOf(first.login).getByTestId('staff-state')).toHaveText('активирован');
  await rowOf(second.login).getByTestId('staff-dismiss').click();
  await page.getByTestId('dismiss-reason').fill('Приказ № 92-к от 23.11.2026');
  await page.getByTestId('dismiss-save').click();
  await expect(page.getByTestId('staff-done')).toContainText('Сотрудник уволен');
  await expect(rowOf(second.login)).toHaveClass(/inactive/);
  await expect(rowOf(second.login).getByTestId('staff-state')).toHaveText('уволен(а), вход закрыт');
  await expect(rowOf(second.login).getByTestId('staff-dismiss')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}people-staff-dismissed.png` });
  expect(await withDb(async (knex) => (await knex('staff').where({ id: secondId }).first('active'))?.active)).toBe(0);
  expect(errors).toEqual([]);
});

/** A whole-class page (no subgroup) of the class, for the deputy to open. */
async function wholeClassPage(className: string): Promise<string> {
  return withDb(async (knex) => {
    const row = await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
      .where('c.name', className).whereNull('a.subgroup_id').orderBy('s.name').first('a.id');
    if (!row) throw new Error(`${className} has no whole-class page`);
    return (row as { id: string }).id;
  });
}

test('a student arrives mid-year by order, moves to the parallel class on 16.11 and shows in both journals for the right dates; the search box finds them (R-REC-9, R-REC-10)', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const surname = `Лис${RUN_LETTERS}`;
  // Grades 10–11: the first half-year (01.09–25.12) is under way, its lessons recorded in the demo.
  const [fromClass, toClass] = ['10А', '10Б'];
  await signIn(page, 'admin');
  await page.getByTestId('nav-students').click();
  const form = page.getByTestId('student-form');
  await form.getByTestId('student-class').selectOption({ label: fromClass });
  await form.getByTestId('student-last-name').fill(surname);
  await form.getByTestId('student-first-name').fill('Вера');
  await form.getByTestId('student-middle-name').fill('Ильинична');
  await fillDate(page, 'student-birth', '14.03.2010');
  await form.getByTestId('student-gender').selectOption('ж');
  await form.getByTestId('student-file').fill(`Л-${RUN}`);
  const mother = page.getByTestId('guardian-1');
  await mother.getByTestId('guardian-last-name').fill(surname);
  await mother.getByTestId('guardian-first-name').fill('Ирина');
  await mother.getByTestId('guardian-middle-name').fill('Сергеевна');
  await mother.getByTestId('guardian-phone').fill('+7 900 555-12-34');
  await form.getByTestId('consent-given').check();
  await fillDate(page, 'consent-date', '09.11.2026');
  await form.getByTestId('consent-number').fill('С-17');
  await fillDate(page, 'student-enrolled', '09.11.2026');

  // Mid-year without the order of arrival: the service's Russian refusal, nothing written.
  await page.getByTestId('student-save').click();
  await expect(page.getByTestId('student-error')).toHaveText(
    'Ученик зачисляется после начала учебного года (09.11.2026): укажите номер и дату приказа о прибытии.',
  );
  expect(await withDb((knex) => knex('student').where({ last_name: surname }).pluck('id'))).toEqual([]);

  await form.getByTestId('student-order-number').fill('112-у');
  await fillDate(page, 'student-order-date', '06.11.2026');
  await page.screenshot({ path: `${SHOTS}people-student-add.png`, fullPage: true });
  await page.getByTestId('student-save').click();
  await expect(page.getByTestId('student-added')).toContainText(`Ученик добавлен: ${surname} Вера Ильинична, ${fromClass}.`);

  const student = await withDb(async (knex) => {
    const s = (await knex('student').where({ last_name: surname }).first('id', 'birth_date', 'personal_file')) as { id: string; birth_date: string; personal_file: string };
    const guardians = await knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id').where('sg.student_id', s.id).select('g.first_name', 'g.phone', 'sg.relation');
    const consent = await knex('consent').where({ student_id: s.id }).first('signed_on', 'document_no');
    const arrival = await knex('movement').where({ student_id: s.id, kind: 'arrival' }).first('date', 'order_number', 'order_date');
    return { ...s, guardians, consent, arrival };
  });
  expect(student.birth_date).toBe('2010-03-14');
  expect(student.personal_file).toBe(`Л-${RUN}`);
  expect(student.guardians).toEqual([{ first_name: 'Ирина', phone: '+7 900 555-12-34', relation: 'мать' }]);
  expect(student.consent).toEqual({ signed_on: '2026-11-09', document_no: 'С-17' });
  expect(student.arrival).toEqual({ date: '2026-11-09', order_number: '112-у', order_date: '2026-11-06' });

  // The transfer to the parallel class from 16.11, by order; the student is picked with the search.
  await page.getByTestId('nav-movement').click();
  const mform = page.getByTestId('movement-form');
  await mform.getByTestId('movement-student').fill(surname.slice(0, 5));
  const option = page.getByTestId('movement-student-option').filter({ hasText: surname });
  await expect(option).toHaveText(`${surname} Вера Ильинична — ${fromClass}`);
  await option.click();
  await expect(page.getByTestId('movement-chosen')).toContainText(`— ${fromClass}`);
  await mform.getByTestId('movement-kind').selectOption('transfer');
  await fillDate(page, 'movement-date', '16.11.2026');
  await mform.getByTestId('movement-class').selectOption({ label: toClass });
  await mform.getByTestId('movement-order-number').fill('118-у');
  await fillDate(page, 'movement-order-date', '13.11.2026');
  await mform.getByTestId('movement-note').fill('по заявлению родителей');
  await page.getByTestId('movement-save').click();
  await expect(page.getByTestId('movement-done')).toContainText(`переведён(а) из ${fromClass} в ${toClass} с 16.11.2026, приказ № 118-у от 13.11.2026`);
  const rows = page.getByTestId('movement-row').filter({ hasText: surname });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('09.11.2026');
  await expect(rows.nth(0)).toContainText('прибытие');
  await expect(rows.nth(1)).toContainText('16.11.2026');
  await expect(rows.nth(1)).toContainText('перевод');
  await expect(rows.nth(1)).toContainText(`№ 118-у от 13.11.2026`);
  await page.screenshot({ path: `${SHOTS}people-movement.png`, fullPage: true });
  const enrolments = await withDb((knex) =>
    knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where('e.student_id', student.id).orderBy('e.starts_on').select('c.name', 'e.starts_on', 'e.ends_on'));
  expect(enrolments).toEqual([
    { name: fromClass, starts_on: '2026-11-09', ends_on: '2026-11-15' },
    { name: toClass, starts_on: '2026-11-16', ends_on: null },
  ]);

  // The deputy: in the old class until 15.11, in the new one from 16.11, each on its journal page.
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
  try {
    const dp = await context.newPage();
    const deputyErrors = watchConsole(dp);
    await signIn(dp, 'deputy');
    const stays = [
      [fromClass, 'с 09.11 по 15.11', '2026-11-09', '2026-11-15'],
      [toClass, 'с 16.11', '2026-11-16', '9999-12-31'],
    ] as const;
    for (const [cls, note, from, to] of stays) {
      await dp.getByTestId('nav-classes').click();
      await dp.getByTestId('class-select').selectOption({ label: cls });
      await dp.locator(`[data-testid="page-link"][data-assignment="${await wholeClassPage(cls)}"]`).click();
      const row = dp.locator(`[data-testid="grid-student-row"][data-student="${student.id}"]`);
      await expect(row).toBeVisible();
      await expect(row.locator('.g-moved')).toHaveText(note);
      // Each lesson's cell is open exactly on the days the student is in this class, greyed otherwise.
      const cells = await row.getByTestId('grid-cell').evaluateAll((els) => els.map((e) => ({ lesson: e.getAttribute('data-lesson')!, out: e.classList.contains('out') })));
      const dates = new Map(await withDb(async (knex) => (await knex('lesson').whereIn('id', cells.map((c) => c.lesson)).select('id', 'date')).map((l: { id: string; date: string }) => [l.id, l.date] as const)));
      expect(cells.length).toBeGreaterThan(10);
      expect(cells.filter((c) => !c.out).length).toBeGreaterThan(0);
      for (const c of cells) expect({ date: dates.get(c.lesson), out: c.out }).toEqual({ date: dates.get(c.lesson), out: !(dates.get(c.lesson)! >= from && dates.get(c.lesson)! <= to) });
      // November in view: the days in the class open, the others greyed.
      await dp.locator('.grid-scroll').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      await row.scrollIntoViewIfNeeded();
      await dp.screenshot({ path: `${SHOTS}people-moved-${cls === fromClass ? 'old' : 'new'}-class-page.png` });
    }

    // The search box of the top bar finds the student, in the new class; the choice opens the class.
    await dp.getByTestId('student-search').fill(`${surname.slice(0, 5).toLowerCase()} вер`);
    const found = dp.getByTestId('student-search-option').filter({ hasText: surname });
    await expect(found).toHaveText(`${surname} Вера Ильинична — ${toClass}`);
    await dp.screenshot({ path: `${SHOTS}people-search-box.png` });
    await found.click();
    await expect(dp.getByRole('heading', { name: `${toClass} класс` })).toBeVisible();
    await expect(dp.locator(`[data-testid="student-card"][data-student="${student.id}"]`)).toBeVisible();
    expect(deputyErrors).toEqual([]);
  } finally {
    await context.close();
  }
  expect(errors).toEqual([]);
});

test('the year checklist shows what is done and what is missing (R-ROLE-6)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'admin');
  await page.getByTestId('nav-checklist').click();
  const items = page.getByTestId('checklist-item');
  await expect(items.first()).toBeVisible();
  await expect(page.locator('[data-testid="checklist-item"][data-key="year"]')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-testid="checklist-item"][data-key="students"]')).toHaveAttribute('data-done', 'true');
  const notDone = await page.locator('[data-testid="checklist-item"][data-done="false"]').count();
  await expect(page.getByTestId('checklist-summary')).toHaveText(notDone === 0 ? 'Всё готово: учебный год можно начинать.' : new RegExp(`Не готово пунктов: ${notDone} из \\d+\\.`));
  await page.screenshot({ path: `${SHOTS}people-year-checklist.png`, fullPage: true });
  // Other roles are not offered the screens of the administrator; the deputy reads the movement.
  await page.getByTestId('logout').click();
  await signIn(page, 'deputy');
  await expect(page.getByTestId('nav-checklist')).toHaveCount(0);
  await expect(page.getByTestId('nav-students')).toHaveCount(0);
  await page.getByTestId('nav-movement').click();
  await expect(page.getByTestId('movement-form')).toHaveCount(0);
  expect(errors).toEqual([]);
});
