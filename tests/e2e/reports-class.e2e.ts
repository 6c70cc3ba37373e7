// The class teacher's reports and the contact with parents (issue 14 points 6 and 7; R-REP-4,
// R-REP-7, R-TIME-6), on a demo school of its own made for 23.11.2026 and its own preview
// server: the class teacher records a notice to the parents of a student of their class on
// the class desk's «Связь с родителями» tab, records the parents' answer, marks a family
// informed on paper — the database holds what the screen shows — and a deputy sees the same
// notice read-only. Screenshots at 1366×768.
import { expect, test } from '@playwright/test';
import { freshServer, readDb, signIn, SHOTS, watchConsole, type Db, type FreshServer } from './helpers';

const TODAY = '2026-11-23';
let server: FreshServer | null = null;
const withDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server!.db, fn);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await freshServer(TODAY, 'journal-rc-', { demo: { seed: 3, year: 2026, students: 150, today: TODAY } });
});

test.afterAll(async () => {
  await server?.stop();
});

test('the class teacher records a notice to parents, its answer, and a family on paper; a deputy reads it (R-REP-7, R-TIME-6)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const ct = await withDb(async (k) => (await k('staff').where({ login: 'classteacher' }).first('id')).id as string);
  const cls = await withDb((k) => k('class').where({ class_teacher_id: ct }).first('id', 'name'));
  const student = await withDb((k) => k('enrolment as e').join('student as s', 's.id', 'e.student_id').where('e.class_id', cls.id).whereNull('e.ends_on')
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }]).first('s.id', 's.last_name', 's.first_name'));
  const name = `${student.last_name} ${student.first_name}`;

  await signIn(page, 'classteacher', 'demo', server!.url);
  await page.getByTestId('nav-class').click();
  await page.getByTestId('class-tab-parents').click();
  const desk = page.getByTestId('parent-contact');
  await expect(desk).toBeVisible();
  await expect(desk.getByTestId('notice-form')).toBeVisible();
  await expect(desk).toContainText('Сообщений родителям пока нет.');

  const form = desk.getByTestId('notice-form');
  await form.getByTestId('notice-student').selectOption(student.id);
  await expect(form.getByTestId('notice-date')).toHaveValue('23.11.2026');
  await form.getByTestId('notice-date').fill('20.11.2026');
  await form.getByTestId('notice-reason').selectOption('failing');
  await form.getByTestId('notice-way').selectOption('letter');
  await form.getByTestId('notice-text').fill('По математике две отметки «2» подряд.\nПросим прийти на консультацию в среду.');
  await page.screenshot({ path: `${SHOTS}reports-class-notice-form.png` });
  await form.getByTestId('notice-save').click();
  await expect(page.getByTestId('parent-contact-saved')).toContainText(`Сообщение родителям записано: ${name}, 20.11.2026, письмо.`);
  const row = desk.getByTestId('parent-notice');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('неуспеваемость');
  await expect(row).toContainText('ответа нет');
  const saved = await withDb((k) => k('parent_contact').first('id', 'student_id', 'class_id', 'date', 'reason', 'way', 'text', 'recorded_by'));
  expect(saved).toMatchObject({ student_id: student.id, class_id: cls.id, date: '2026-11-20', reason: 'failing', way: 'letter', recorded_by: ct });
  expect(saved.text).toBe('По математике две отметки «2» подряд.\nПросим прийти на консультацию в среду.');

  // The parents' answer; a date before the notice is refused in Russian, nothing saved.
  await row.getByTestId('notice-answer-open').click();
  const answer = row.getByTestId('answer-form');
  await answer.getByTestId('answer-text').fill('Мама придёт в среду');
  await answer.getByTestId('answer-date').fill('19.11.2026');
  await answer.getByTestId('answer-date').blur();
  await expect(answer.getByTestId('answer-date-error')).toHaveText('Дата не раньше 20.11.2026.');
  expect(await withDb((k) => k('parent_contact').where({ id: saved.id }).first('answer'))).toEqual({ answer: '' });
  await answer.getByTestId('answer-date').fill('23.11.2026');
  await answer.getByTestId('answer-save').click();
  await expect(page.getByTestId('parent-contact-saved')).toContainText('Ответ родителей записан');
  await expect(row).toContainText('23.11.2026: Мама придёт в среду');
  expect(await withDb((k) => k('parent_contact').where({ id: saved.id }).first('answer', 'answered_on'))).toEqual({ answer: 'Мама придёт в среду', answered_on: '2026-11-23' });

  // The family informed on paper (R-TIME-6).
  const paper = desk.locator(`[data-testid="paper-family"][data-student="${student.id}"]`);
  await paper.click(); // checked once the service has it (the box shows the saved value)
  await expect(page.getByTestId('parent-contact-saved')).toContainText('на бумаге');
  await expect(paper).toBeChecked();
  expect(await withDb((k) => k('student').where({ id: student.id }).first('paper_family'))).toEqual({ paper_family: 1 });
  await page.screenshot({ path: `${SHOTS}reports-class-notices.png` });
  expect(errors).toEqual([]);

  // A deputy sees the class's notices, without the form or the buttons.
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const deputy = await context.newPage();
  await signIn(deputy, 'deputy', 'demo', server!.url);
  await deputy.getByTestId('nav-class').click();
  await deputy.getByTestId('class-desk-select').selectOption(cls.id);
  await deputy.getByTestId('class-tab-parents').click();
  await expect(deputy.getByTestId('parent-notice')).toContainText(name);
  await expect(deputy.getByTestId('notice-form')).toHaveCount(0);
  await expect(deputy.getByTestId('notice-withdraw')).toHaveCount(0);
  await expect(deputy.locator(`[data-testid="paper-family"][data-student="${student.id}"]`)).toBeDisabled();
  await deputy.screenshot({ path: `${SHOTS}reports-class-notices-deputy.png` });
  await context.close();
});
