// The class teacher's reports and the contact with parents (issue 14 points 6 and 7; R-REP-4,
// R-REP-7, R-TIME-6), on a demo school of its own made for 23.11.2026 and its own preview
// server: the class teacher records a notice to the parents of a student of their class on
// the class desk's «Связь с родителями» tab, records the parents' answer, marks a family
// informed on paper — the database holds what the screen shows — and a deputy sees the same
// notice read-only. Screenshots at 1366×768.
import { expect, test } from '@playwright/test';
import { serverForFile, readDb, signIn, SHOTS, watchConsole, type Db } from './helpers';

const TODAY = '2026-11-23';
const server = serverForFile(TODAY, 'journal-rc-', { demo: { seed: 3, year: 2026, students: 150, today: TODAY } });
const withDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server().db, fn);

test('the class teacher records a notice to parents, its answer, and a family on paper; a deputy reads it (R-REP-7, R-TIME-6)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const ct = await withDb(async (k) => (await k('staff').where({ login: 'classteacher' }).first('id')).id as string);
  const cls = await withDb((k) => k('class').where({ class_teacher_id: ct }).first('id', 'name'));
  const student = await withDb((k) => k('enrolment as e').join('student as s', 's.id', 'e.student_id').where('e.class_id', cls.id).whereNull('e.ends_on')
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }]).first('s.id', 's.last_name', 's.first_name'));
  const name = `${student.last_name} ${student.first_name}`;

  await signIn(page, 'classteacher', 'demo', server().url);
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
  await signIn(deputy, 'deputy', 'demo', server().url);
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

test('the class teacher\'s attendance by month and the parents\' report on the «Отчёты» screen (R-REP-4, R-TIME-6)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const ct = await withDb(async (k) => (await k('staff').where({ login: 'classteacher' }).first('id')).id as string);
  const cls = await withDb((k) => k('class').where({ class_teacher_id: ct }).first('id', 'name'));
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'classteacher', 'demo', server().url);
  await page.getByTestId('nav-reports').click();

  // Attendance by month: the class teacher's own class and the period so far by default.
  await page.getByTestId('report-attendance').click();
  await expect(page.getByTestId('report-param-classId')).toHaveValue(cls.id);
  await page.getByTestId('report-param-from').fill('01.09.2026');
  await page.getByTestId('report-param-to').fill('23.11.2026');
  await page.getByTestId('report-run').click();
  const view = page.getByTestId('report-view');
  await expect(page.getByTestId('report-title')).toHaveText('Посещаемость по месяцам', { timeout: 60_000 });
  await expect(page.getByTestId('report-subtitle')).toContainText(`${cls.name} класс`);
  const byMonth = view.getByTestId('report-table').first();
  await expect(byMonth.locator('thead')).toContainText('Уроков: Б');
  await expect(byMonth.locator('thead')).toContainText('Дней: Н');
  // The total of lessons missed, against the journal: Н, У and Б on the class's lessons given
  // while the student was in the class.
  const missed = await withDb(async (k) => Number((await k.raw(`
    SELECT count(*) AS n FROM attendance x JOIN lesson l ON l.id = x.lesson_id JOIN teaching_assignment a ON a.id = l.assignment_id
    WHERE a.class_id = ? AND l.cancelled = 0 AND l.date BETWEEN '2026-09-01' AND '2026-11-23' AND x.code IN ('Н', 'У', 'Б')
      AND EXISTS (SELECT 1 FROM enrolment e WHERE e.student_id = x.student_id AND e.class_id = a.class_id AND e.starts_on <= l.date AND (e.ends_on IS NULL OR e.ends_on >= l.date))`,
  [cls.id]) as { n: number }[])[0]!.n));
  expect(missed).toBeGreaterThan(0);
  const total = byMonth.locator('tr[data-mark="total"]');
  await expect(total.locator('td').nth(1)).toHaveText(String(missed));
  await page.screenshot({ path: `${SHOTS}reports-class-attendance.png` });
  const chart = view.getByTestId('report-chart').first();
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('svg')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}reports-class-attendance-chart.png` });

  // The parents' report for a week: a part per student, each with only that child's name.
  await page.getByTestId('report-parents').click();
  await page.getByTestId('report-param-from').fill('16.11.2026');
  await page.getByTestId('report-param-to').fill('23.11.2026');
  await page.getByTestId('report-run').click();
  await expect(page.getByTestId('report-title')).toHaveText('Отчёт для родителей', { timeout: 60_000 });
  const roll: { last_name: string; first_name: string }[] = await withDb((k) => k('enrolment as e').join('student as s', 's.id', 'e.student_id')
    .where('e.class_id', cls.id).where('e.starts_on', '<=', '2026-11-23').where((q) => q.whereNull('e.ends_on').orWhere('e.ends_on', '>=', '2026-11-16'))
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }]).select('s.last_name', 's.first_name'));
  const parts = page.getByTestId('report-part');
  await expect(parts).toHaveCount(roll.length);
  const first = await parts.nth(0).innerText();
  expect(first).toContain(`${roll[0]!.last_name} ${roll[0]!.first_name}`);
  expect(first).not.toContain(`${roll[1]!.last_name} ${roll[1]!.first_name}`);
  await expect(parts.nth(0)).toContainText('Классный руководитель');
  await page.screenshot({ path: `${SHOTS}reports-class-parents.png` });
  expect(errors).toEqual([]);
});
