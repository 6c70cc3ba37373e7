// The results report and the class teacher's forecast on screen (issue 14 points 3 and 5;
// R-REP-4, R-REP-5, R-TIME-6), on a demo school of its own made for 23.11.2026 (the first
// quarter ended with its period marks, the second under way) and its own preview server:
// a deputy asks for the school's results of the first quarter — the formulas and the rule
// about leavers beside the figures, the school's N as the database counts it, the chart —
// and the class teacher the forecasts of their class for the second quarter, with students
// at risk highlighted and the signature line. Screenshots at 1366×768.
import { expect, test } from '@playwright/test';
import { serverForFile, readDb, signIn, SHOTS, watchConsole, type Db } from './helpers';

const TODAY = '2026-11-23';
const server = serverForFile(TODAY, 'journal-rr-', { demo: { seed: 3, year: 2026, students: 150, today: TODAY } });
const withDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server().db, fn);

test('a deputy sees the school\'s results of the first quarter with the formulas, the rule about leavers and the chart (R-REP-4)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  const q1 = await withDb((k) => k('period').where({ kind: 'quarter', number: 1 }).first('id', 'year_id', 'ends_on', 'grade_from', 'grade_to'));
  // N as the database counts it: on the roll on the quarter's last day, with a period mark other than ОСВ.
  const n = await withDb(async (k) => {
    const [row] = await k.raw(
      `SELECT count(DISTINCT e.student_id) AS n FROM enrolment e JOIN class c ON c.id = e.class_id
       WHERE c.year_id = ? AND c.grade BETWEEN max(2, ?) AND ? AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)
         AND EXISTS (SELECT 1 FROM period_mark m WHERE m.period_id = ? AND m.student_id = e.student_id AND m.value IS NOT NULL AND m.value <> 'ОСВ')`,
      [q1.year_id, q1.grade_from, q1.grade_to, q1.ends_on, q1.ends_on, q1.id],
    ) as { n: number }[];
    return row!.n;
  });
  expect(n).toBeGreaterThan(50);

  await signIn(page, 'deputy', 'demo', server().url);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-results').click();
  await page.getByTestId('report-param-periodId').selectOption(q1.id);
  await page.getByTestId('report-run').click();
  const view = page.locator('[data-testid="report-view"][data-report="results"]');
  await expect(view).toBeVisible({ timeout: 30_000 });
  await expect(view.getByTestId('report-subtitle')).toContainText('Вся школа · 1 четверть 2026/2027');
  const notes = view.getByTestId('report-notes');
  await expect(notes).toContainText('Успеваемость, % = (n5 + n4 + n3) / N');
  await expect(notes).toContainText('СОУ = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nН/А) / N');
  await expect(notes).toContainText('выбывший из класса до конца периода, не учитывается');
  const classes = view.getByTestId('report-table').first();
  const school = classes.locator('tr', { hasText: 'Всего по школе' });
  await expect(school).toHaveCount(1);
  // Columns: класс, в списке, выбыли, ОСВ, без отметки, N, …
  await expect(school.locator('td').nth(5)).toHaveText(String(n));
  await expect(view.getByTestId('report-chart').first()).toBeVisible();
  await expect(view).toContainText('Неуспевающие');
  await page.screenshot({ path: `${SHOTS}reports-results.png` });
  await classes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}reports-results-classes.png` });
  await view.getByTestId('report-chart').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}reports-results-chart.png` });
  expect(errors).toEqual([]);
});

test('the class teacher\'s forecasts for the second quarter: students at risk highlighted, the rule and the signature line (R-REP-5, R-TIME-6)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  const ct = await withDb(async (k) => (await k('staff').where({ login: 'classteacher' }).first('id')).id as string);
  const cls = await withDb((k) => k('class').where({ class_teacher_id: ct }).first('id', 'name', 'grade'));
  const q2 = await withDb((k) => k('period').where({ kind: cls.grade >= 10 ? 'half_year' : 'quarter', number: cls.grade >= 10 ? 1 : 2 }).where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).first('id', 'name'));
  const roll = await withDb(async (k) => Number((await k('enrolment').where({ class_id: cls.id }).where('starts_on', '<=', TODAY).where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', TODAY)).countDistinct('student_id as n').first())!.n));

  await signIn(page, 'classteacher', 'demo', server().url);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-forecast').click();
  await page.getByTestId('report-param-classId').selectOption(cls.id);
  await page.getByTestId('report-param-periodId').selectOption(q2.id);
  await page.getByTestId('report-run').click();
  const view = page.locator('[data-testid="report-view"][data-report="forecast"]');
  await expect(view).toBeVisible({ timeout: 30_000 });
  await expect(view.getByTestId('report-subtitle')).toContainText(`${cls.name} класс · ${q2.name}`);
  await expect(view.getByTestId('report-notes')).toContainText('Округление до целой отметки: от ,5 и выше — вверх');
  const forecasts = view.getByTestId('report-table').first();
  await expect(forecasts.locator('tbody tr')).toHaveCount(roll);
  // Every row marked at risk says so in its last column, and the list of the group at risk names only them.
  const risky = forecasts.locator('tbody tr[data-mark="risk"]');
  const riskCount = await risky.count();
  for (let i = 0; i < riskCount; i++) await expect(risky.nth(i).locator('td').last()).toHaveText('да');
  await expect(view).toContainText('Классный руководитель');
  await page.screenshot({ path: `${SHOTS}reports-forecast.png` });

  // Another class is not the class teacher's: the service refuses it whatever the screen offers.
  const other = await withDb((k) => k('class').whereNot({ id: cls.id }).where({ grade: cls.grade }).first('id'));
  if (other) {
    const refused = await page.evaluate(async ({ classId, periodId }) => {
      type Bridge = { invoke(m: string, a: unknown): Promise<{ ok: true } | { ok: false; error: { code: string } }> };
      const r = await (window as unknown as { journal: Bridge }).journal.invoke('reports.run', { name: 'forecast', params: { classId, periodId } });
      return r.ok ? 'ok' : r.error.code;
    }, { classId: other.id as string, periodId: q2.id as string });
    expect(refused).toBe('FORBIDDEN');
  }
  expect(errors).toEqual([]);
});

test('weights of the kinds of work: the teacher\'s page shows the weighted average beside the plain one (issue 14 point 4, R-REC-2)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  await signIn(page, 'teacher', 'demo', server().url);
  await page.getByTestId('nav-pages').click();
  await page.getByTestId('page-link').first().click();
  await expect(page.getByTestId('journal-grid')).toBeVisible();
  await expect(page.getByTestId('grid-avg-weighted')).toHaveText('Ср. взв.');
  await expect(page.getByTestId('grid-avg-plain')).toHaveText('Ср.');
  // A student with marks: both averages as the database gives them.
  const row = page.getByTestId('grid-student-row').filter({ has: page.locator('td.g-count:not(:empty)') }).first();
  const studentId = await row.getAttribute('data-student');
  const grid = page.getByTestId('journal-grid');
  const [avg, plain] = [await row.locator('td.g-avg').innerText(), await row.locator('td.g-plain').innerText()];
  const lessonIds = await grid.locator('thead th[data-lesson]').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-lesson')));
  const expected = await withDb(async (k) => {
    const q = k('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').leftJoin('work_kind as w', 'w.id', 'm.work_kind_id').where({ 'm.student_id': studentId!, 'l.cancelled': 0 }).whereNotNull('m.value');
    const marks: { value: string; weight: number | null }[] = await q.whereIn('m.lesson_id', lessonIds as string[]).select('m.value', 'w.weight');
    const f = (x: number) => (Math.round(x * 100) / 100).toFixed(2).replace('.', ',');
    const w = marks.reduce((s, m) => s + (m.weight ?? 1), 0);
    return { avg: f(marks.reduce((s, m) => s + Number(m.value) * (m.weight ?? 1), 0) / w), plain: f(marks.reduce((s, m) => s + Number(m.value), 0) / marks.length), n: marks.length };
  });
  expect(lessonIds.length).toBeGreaterThan(0);
  expect(expected.n).toBeGreaterThan(0);
  expect([avg, plain]).toEqual([expected.avg, expected.plain]);
  await page.screenshot({ path: `${SHOTS}weights-page-averages.png` });
  expect(errors).toEqual([]);
});

test('the administrator sets a kind of work\'s weight on the list and sees the СОУ weights among the school\'s rules (issue 14 points 3–4)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors = watchConsole(page);
  await signIn(page, 'admin', 'demo', server().url);
  await page.getByTestId('nav-regulation').click();
  await expect(page.getByTestId('regulation-field-souWeight5')).toHaveValue('100');
  await expect(page.getByTestId('regulation-field-souWeightNa')).toHaveValue('7');
  await expect(page.getByTestId('regulation-form')).toContainText('Вес отметки «3» в степени обученности учащихся (СОУ)');
  const kinds = page.getByTestId('work-kinds');
  const oral = kinds.getByTestId('work-kind-row').filter({ hasText: 'Устный ответ' });
  await expect(oral.getByTestId('work-kind-row-weight')).toHaveValue('1');
  await oral.getByTestId('work-kind-row-weight').selectOption('1.5');
  await expect.poll(() => withDb(async (k) => (await k('work_kind').where({ code: 'У' }).first('weight')).weight as number)).toBe(1.5);
  await expect(oral.getByTestId('work-kind-row-weight')).toHaveValue('1.5');
  await oral.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}weights-work-kinds.png` });
  await oral.getByTestId('work-kind-row-weight').selectOption('1');
  await expect.poll(() => withDb(async (k) => (await k('work_kind').where({ code: 'У' }).first('weight')).weight as number)).toBe(1);
  await page.getByTestId('regulation-field-souWeight5').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}weights-sou-settings.png` });
  expect(errors).toEqual([]);
});
