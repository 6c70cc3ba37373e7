// A subject teacher signs in, sees their timetable for the day, and opens a real journal
// page of the demo school: the grid shows exactly the marks and absences in the database.
import { expect, test } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

test('a teacher sees today\'s timetable and a real journal page', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'teacher');
  await expect(page.getByTestId('user-name')).toContainText('.');

  // Monday 23.11.2026: the timetable of the demo math teacher has lessons.
  const lessons = page.getByTestId('today-lesson');
  await expect(lessons.first()).toBeVisible();
  const expected = await withDb(async (knex) => {
    const t = await knex('staff').where({ login: 'teacher' }).first('id');
    const row = await knex('timetable_entry as e')
      .join('teaching_assignment as a', 'a.id', 'e.assignment_id')
      .where({ 'a.teacher_id': t.id, 'e.weekday': 1 })
      .count('* as n')
      .first();
    return Number(row?.n ?? 0);
  });
  await expect(lessons).toHaveCount(expected);
  await page.screenshot({ path: `${SHOTS}teacher-today.png`, fullPage: true });

  // Open the first page of "my pages": a class-subject page with its first quarter.
  await page.getByTestId('nav-pages').click();
  const link = page.getByTestId('page-link').first();
  await link.click();
  await expect(page.getByTestId('journal-grid')).toBeVisible();

  // The first quarter: taught in the demo school (the page opens on the current one).
  const periodSelect = page.getByTestId('period-select');
  const q1 = await periodSelect.locator('option', { hasText: '1 четверть' }).getAttribute('value');
  await periodSelect.selectOption(q1!);
  await expect(page.getByTestId('journal-grid')).toBeVisible();
  const periodId = await periodSelect.inputValue();
  const firstStudentRow = page.getByTestId('grid-student-row').first();
  await expect(firstStudentRow).toBeVisible();

  // Compare the grid with the database: the marks of every student on this page.
  const cells = page.getByTestId('grid-cell');
  const shown = await cells.evaluateAll((els) =>
    els.map((e) => ({ student: e.getAttribute('data-student'), lesson: e.getAttribute('data-lesson'), text: (e.textContent ?? '').trim() })),
  );
  const db = await withDb(async (knex) => {
    const period = await knex('period').where({ id: periodId }).first();
    const lessonIds = new Set(shown.map((s) => s.lesson));
    const marks = await knex('mark').whereIn('lesson_id', [...lessonIds]).whereNotNull('value').select('lesson_id', 'student_id', 'value', 'slot');
    return { period, marks };
  });
  expect(db.period).toBeTruthy();
  expect(db.marks.length).toBeGreaterThan(20);
  for (const m of db.marks.slice(0, 200)) {
    const cell = shown.find((s) => s.student === m.student_id && s.lesson === m.lesson_id);
    expect(cell, `cell of mark ${m.value}`).toBeTruthy();
    expect(cell!.text).toContain(m.value);
  }
  await page.screenshot({ path: `${SHOTS}teacher-journal-page.png`, fullPage: false });
  expect(errors).toEqual([]);
});

test('a wrong password is refused with a clear Russian message', async ({ page }) => {
  await page.goto(process.env.E2E_URL!);
  await page.getByTestId('login-input').fill('teacher');
  await page.getByTestId('password-input').fill('не тот пароль');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText(/Неверный логин или пароль/);
  await expect(page.getByTestId('user-name')).toHaveCount(0);
});

test('a teacher cannot read another teacher\'s page, even by calling the API directly (R-ROLE-2)', async ({ page }) => {
  await signIn(page, 'teacher');
  const foreign = await withDb(async (knex) => {
    const t = await knex('staff').where({ login: 'teacher' }).first('id');
    const classTeacherOf: string[] = (await knex('class').where({ class_teacher_id: t.id }).select('id')).map((c: { id: string }) => c.id);
    const row = await knex('teaching_assignment').whereNot({ teacher_id: t.id }).whereNotIn('class_id', classTeacherOf).first('id');
    return row.id as string;
  });
  const result = await page.evaluate(async (id) => {
    const w = window as unknown as { journal: { invoke(m: string, a: unknown): Promise<unknown> } };
    return w.journal.invoke('journal.page', { assignmentId: id });
  }, foreign);
  expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('the bridge refuses calls without the per-run secret', async ({ request }) => {
  const url = new URL(process.env.E2E_URL!);
  const res = await request.post(`${url.origin}/api/invoke`, {
    headers: { 'x-bridge-client': '0123456789abcdef' },
    data: { method: 'app.info', args: {} },
  });
  expect(res.status()).toBe(403);
});
