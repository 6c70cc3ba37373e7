// The journal-control report on screen (issue 14 point 1; R-REP-1, R-REP-3), on a demo
// school of its own made for 23.11.2026 (the second quarter under way, a teacher behind and
// two teachers' last day unfilled) and its own preview server: a deputy opens «Контроль
// ведения журнала» for the period under way, sees the figures, the rules and the heat map
// of classes × subjects, clicks the school's count of lessons without a topic (or never
// filled) through to the lessons behind it and from a lesson to its journal page — the
// database agrees that the lesson is as the report says. Screenshots at 1366×768.
import { expect, test } from '@playwright/test';
import { serverForFile, readDb, signIn, SHOTS, watchConsole, type Db } from './helpers';

const TODAY = '2026-11-23';
const server = serverForFile(TODAY, 'journal-rc-', { demo: { seed: 4, year: 2026, students: 150, today: TODAY } });
const withDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server().db, fn);

test('a deputy opens the journal control, sees the heat map and clicks a figure through to the lessons and the journal page behind it (R-REP-1)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  await signIn(page, 'deputy', 'demo', server().url);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-control').click();
  // The period under way so far is offered: from its start to today.
  await expect(page.getByTestId('report-param-to')).toBeVisible();
  await page.getByTestId('report-run').click();
  const view = page.locator('[data-testid="report-view"][data-report="control"]');
  await expect(view).toBeVisible({ timeout: 60_000 });
  await expect(view.getByTestId('report-title')).toHaveText('Контроль ведения журнала');
  await expect(view.getByTestId('report-subtitle')).toContainText('Вся школа ·');
  await expect(view.getByTestId('report-notes')).toContainText('Норма накопляемости: не меньше 1 отметки после 3 нед., не меньше 2 после 4 нед.');
  await expect(view).toContainText('из них работали в журнале в эти дни');
  await page.screenshot({ path: `${SHOTS}reports-control-deputy.png` });

  // The matrix of journal control: classes × subjects, drawn by ECharts.
  const chart = view.getByTestId('report-chart').first();
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('svg')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}reports-control-heatmap.png` });

  // The school's row of «Заполнение уроков»: class, subject, teacher, due, never filled, without topic, …
  const lessonsTable = view.getByTestId('report-table').filter({ has: page.locator('th', { hasText: 'Не заполнены' }) });
  const school = lessonsTable.locator('tr', { hasText: 'Итого по школе' });
  await expect(school).toHaveCount(1);
  const noTopic = Number(await school.locator('td').nth(5).innerText());
  const missing = Number(await school.locator('td').nth(4).innerText());
  expect(noTopic + missing, 'the demo leaves some of the quarter\'s lessons unfilled').toBeGreaterThan(0);
  const column = noTopic > 0 ? 5 : 4;
  const figure = school.locator('td').nth(column).getByTestId('report-link');
  await expect(figure).toHaveAttribute('data-link', 'lessons');
  await figure.scrollIntoViewIfNeeded();
  await figure.click();
  const list = page.getByTestId('report-lessons');
  await expect(list).toBeVisible();
  const rows = list.getByTestId('report-lesson');
  await expect(rows).toHaveCount(column === 5 ? noTopic : missing);
  await list.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}reports-control-lessons.png` });

  // The first lesson, as the database has it.
  const first = rows.first();
  const [date, className, subject] = await Promise.all([first.locator('td').nth(0).innerText(), first.locator('td').nth(1).innerText(), first.locator('td').nth(2).innerText()]);
  const iso = date.split('.').reverse().join('-');
  const inDb = await withDb((k) => k('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id').where({ 'l.date': iso, 'c.name': className }).where('s.name', subject.replace(/ \(.*\)$/, ''))
    .where('l.cancelled', 0).select('l.topic'));
  if (column === 5) expect(inDb.some((l: { topic: string }) => l.topic.trim() === ''), 'a lesson of that day without a topic').toBe(true);
  else expect(inDb.every((l: { topic: string }) => l.topic.trim() !== '') || inDb.length === 0).toBe(true);

  await first.click();
  const journal = page.getByTestId('journal-page');
  await expect(journal).toBeVisible({ timeout: 30_000 });
  await expect(journal.locator('h1.page-title')).toContainText(className);
  await expect(journal.locator('h1.page-title')).toContainText(subject.replace(/ \(.*\)$/, ''));
  await page.screenshot({ path: `${SHOTS}reports-control-page.png` });

  // Back to the same report.
  await page.getByRole('button', { name: /Назад/ }).first().click();
  await expect(page.getByTestId('report-title')).toHaveText('Контроль ведения журнала', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('a class × subject figure opens its journal page; a teacher is not offered the report and the service refuses it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'deputy', 'demo', server().url);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-control').click();
  await page.getByTestId('report-run').click();
  const view = page.locator('[data-testid="report-view"][data-report="control"]');
  await expect(view).toBeVisible({ timeout: 60_000 });
  const marks = view.getByTestId('report-table').filter({ has: page.locator('th', { hasText: 'Без отметок, %' }) });
  // A page that takes marks (grade 1 takes none: its cells are empty, with nothing to open).
  const row = marks.locator('tbody tr:not([data-mark])').filter({ has: page.locator('td:nth-child(5) [data-testid="report-link"]') }).first();
  const [className, subject] = await Promise.all([row.locator('td').nth(0).innerText(), row.locator('td').nth(1).innerText()]);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}reports-control-marks.png` });
  const pct = row.locator('td').nth(4).getByTestId('report-link');
  await expect(pct).toHaveAttribute('data-link', 'page');
  await pct.click();
  const journal = page.getByTestId('journal-page');
  await expect(journal).toBeVisible({ timeout: 30_000 });
  await expect(journal.locator('h1.page-title')).toContainText(className);
  await expect(journal.locator('h1.page-title')).toContainText(subject.replace(/ \(.*\)$/, ''));
  await page.screenshot({ path: `${SHOTS}reports-control-to-page.png` });

  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const teacher = await other.newPage();
  await signIn(teacher, 'teacher', 'demo', server().url);
  if (await teacher.getByTestId('nav-reports').count()) await teacher.getByTestId('nav-reports').click();
  await expect(teacher.getByTestId('report-control')).toHaveCount(0);
  const refused = await teacher.evaluate(async () => {
    type Bridge = { invoke(m: string, a: unknown): Promise<{ ok: true } | { ok: false; error: { code: string } }> };
    const r = await (window as unknown as { journal: Bridge }).journal.invoke('reports.run', { name: 'control', params: { from: '2026-11-05', to: '2026-11-23' } });
    return r.ok ? 'ok' : r.error.code;
  });
  expect(refused).toBe('FORBIDDEN');
  await other.close();
});

test('the user-activity report for the week: the deputy\'s own sign-in today, and the teachers who have not filled today\'s lessons, each opening its page (R-REP-2)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  await signIn(page, 'deputy', 'demo', server().url);
  const me = await page.getByTestId('user-name').innerText();
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-activity').click();
  await page.getByTestId('report-run').click();
  const view = page.locator('[data-testid="report-view"][data-report="activity"]');
  await expect(view).toBeVisible({ timeout: 60_000 });
  await expect(view.getByTestId('report-subtitle')).toContainText('23.11.2026–23.11.2026');
  const days = view.getByTestId('report-table').filter({ has: page.locator('th', { hasText: 'Первое действие' }) });
  const mine = days.locator('tbody tr', { hasText: me.trim() });
  await expect(mine).toHaveCount(1);
  expect(Number(await mine.locator('td').nth(2).innerText()), 'signed in at least once today').toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}reports-activity.png` });

  // Nothing is recorded for today in the demo: every teacher with lessons today is listed.
  const today = view.getByTestId('report-table').filter({ has: page.locator('th', { hasText: 'Уроков сегодня' }) });
  const dueToday = await withDb(async (k) => Number((await k('timetable_entry as t').join('teaching_assignment as a', 'a.id', 't.assignment_id')
    .where('t.weekday', 1).where('t.valid_from', '<=', TODAY).where((w) => w.whereNull('t.valid_to').orWhere('t.valid_to', '>=', TODAY))
    .where('a.starts_on', '<=', TODAY).where((w) => w.whereNull('a.ends_on').orWhere('a.ends_on', '>=', TODAY)).countDistinct('a.teacher_id as n').first())!.n));
  await expect(today.locator('tbody tr')).toHaveCount(dueToday);
  const figure = today.locator('tbody tr').first().locator('td').nth(2).getByTestId('report-link');
  await figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}reports-activity-today.png` });
  await figure.click();
  const list = page.getByTestId('report-lessons');
  await expect(list).toBeVisible();
  await list.getByTestId('report-lesson').first().click();
  await expect(page.getByTestId('journal-page')).toBeVisible({ timeout: 30_000 });
  expect(errors).toEqual([]);
});
