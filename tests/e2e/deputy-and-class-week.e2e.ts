// Issue 17, points 4–7 on screen at 1366×768: the deputy's overview of one period with the
// lessons never filled (R-REP-1), the class teacher's reasons in «Пропуски за неделю»
// (R-ROLE-3, R-TIME-6), «Мои заявки» and the deputy's count of waiting requests (R-TIME-3),
// substitutions of single lessons with the warning when the substitute is busy (R-ROLE-2,
// R-ROLE-4). Each screen is compared with the database and saved as a screenshot.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

async function as(browser: Browser, login: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signIn(page, login);
  return { page, errors };
}

const staffId = (login: string) => withDb(async (knex) => (await knex('staff').where({ login }).first('id')).id as string);

/** Calls the service through the page's own bridge, as a screen does. */
async function invoke<T>(page: Page, method: string, args: unknown): Promise<T> {
  return page.evaluate(async ({ method, args }) => {
    type Bridge = { invoke(m: string, a: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }> };
    const r = await (window as unknown as { journal: Bridge }).journal.invoke(method, args);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }, { method, args }) as Promise<T>;
}

test('the deputy\'s overview: one period at a time, unfilled lessons per class and teacher, each opening its page (point 4)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'deputy');
  await expect(page.getByTestId('overview-table')).toBeVisible();
  const q2 = await withDb(async (knex) => (await knex('period').where({ name: '2 четверть' }).first('id')).id as string);
  // The current period of each grade, never a mix of the first and the second quarter.
  const periods = await page.getByTestId('overview-period-name').allTextContents();
  expect(periods.length).toBeGreaterThan(5);
  for (const p of periods) expect(['2 четверть', '1 полугодие']).toContain(p.trim());
  await expect(page.getByTestId('overview-period')).toHaveValue('');
  await expect(page.getByTestId('overview-note')).toContainText('уроки по расписанию учтены по 22.11.2026');
  // The demo taught only the first quarter in grades 1–9: the second quarter's lessons were never recorded.
  const row = page.getByTestId('overview-row').filter({ has: page.getByTestId('overview-period-name').filter({ hasText: '2 четверть' }) }).first();
  const classId = (await row.getAttribute('data-class'))!;
  const missing = Number(await row.getByTestId('overview-missing').textContent());
  expect(missing).toBeGreaterThan(0);
  const recorded = await withDb(async (knex) => Number((await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .where('a.class_id', classId).where('l.cancelled', 0).whereBetween('l.date', ['2026-11-02', '2026-11-22']).count({ n: '*' }).first())?.n ?? 0));
  const due = Number(await row.locator('td').nth(4).textContent());
  expect(missing).toBe(due - recorded);
  await page.screenshot({ path: `${SHOTS}overview-current-period.png` });

  // Per teacher.
  await page.getByTestId('overview-tab-teachers').click();
  await expect(page.getByTestId('overview-teacher-row').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}overview-teachers.png` });
  await page.getByTestId('overview-tab-classes').click();

  // The class's unfilled lessons, each opening its page on its date in the period under way.
  await row.getByTestId('overview-missing').getByRole('button').click();
  const panel = page.getByTestId('unfilled-panel');
  await expect(panel.getByTestId('unfilled-row').first()).toBeVisible();
  await expect(panel.locator('[data-testid="unfilled-row"][data-kind="missing"]')).toHaveCount(missing);
  await page.screenshot({ path: `${SHOTS}overview-unfilled-lessons.png` });
  await panel.getByTestId('unfilled-row').first().click();
  await expect(page.getByTestId('period-select')).toHaveValue(q2);
  await page.getByRole('button', { name: '← Назад' }).click();
  await expect(page.getByTestId('unfilled-panel')).toBeVisible();
  await page.getByTestId('unfilled-back').click();

  // A chosen period: the first quarter, only for the grades it covers.
  const q1 = await withDb(async (knex) => (await knex('period').where({ name: '1 четверть' }).first('id')).id as string);
  await page.getByTestId('overview-period').selectOption(q1);
  await expect(page.getByTestId('overview-period-name').first()).toHaveText('1 четверть');
  for (const p of await page.getByTestId('overview-period-name').allTextContents()) expect(p.trim()).toBe('1 четверть');
  expect(Number(await page.getByTestId('overview-total-empty').locator('dd').textContent())).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}overview-chosen-period.png` });

  // A deputy opening a class's page lands on the period under way.
  await page.getByTestId('nav-classes').click();
  await page.getByTestId('class-select').selectOption(classId);
  await page.getByTestId('page-link').first().click();
  await expect(page.getByTestId('period-select')).toHaveValue(q2);
  expect(errors).toEqual([]);
});

test('the class teacher sets reasons in «Пропуски за неделю»: a whole day, then one lesson (point 5)', async ({ page }) => {
  const errors = watchConsole(page);
  const ct = await staffId('classteacher');
  // A student of the class absent from two or more lessons of a day, and another such day.
  const days = await withDb(async (knex) => {
    const cls = await knex('class').where({ class_teacher_id: ct }).first('id');
    return (await knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as x', 'x.id', 'l.assignment_id')
      .where('x.class_id', cls.id).whereIn('t.code', ['Н', 'У', 'Б']).where('l.date', '>=', '2026-10-05').where('l.date', '<=', '2026-10-09')
      .groupBy('t.student_id', 'l.date').havingRaw('count(*) >= 2').orderBy('l.date').select('t.student_id as studentId', 'l.date as date')) as { studentId: string; date: string }[];
  });
  expect(days.length).toBeGreaterThan(1);
  const [whole, single] = days as [{ studentId: string; date: string }, { studentId: string; date: string }];
  await signIn(page, 'classteacher');
  await page.getByTestId('nav-class').click();
  await page.getByTestId('class-tab-absences').click();
  await page.getByTestId('week-input').fill('07.10.2026');
  await page.getByTestId('week-input').press('Enter');
  const dayRow = (d: { studentId: string; date: string }) => page.locator(`[data-testid="absence-row"][data-student="${d.studentId}"][data-date="${d.date}"]`);
  await expect(dayRow(whole)).toBeVisible();

  // The whole day: «Б», a certificate.
  await dayRow(whole).getByTestId('reason-open').click();
  const editor = page.getByTestId('reason-editor');
  // Bad input: a valid reason needs its grounds.
  await editor.getByTestId('reason-code-У').check();
  await editor.getByTestId('reason-text').fill('');
  await editor.getByTestId('reason-save').click();
  await expect(editor.getByRole('alert')).toContainText('укажите основание');
  await editor.getByTestId('reason-code-Б').check();
  await editor.getByTestId('reason-text').fill('справка из поликлиники № 3');
  await page.screenshot({ path: `${SHOTS}class-week-reason-editor.png` });
  await editor.getByTestId('reason-save').click();
  await expect(page.getByTestId('reason-saved')).toContainText('«Б» — справка из поликлиники № 3');
  await expect(dayRow(whole)).toContainText('справка из поликлиники № 3');
  const wholeDay = await withDb((knex) => knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id')
    .where({ 't.student_id': whole.studentId, 'l.date': whole.date }).whereIn('t.code', ['Н', 'У', 'Б']).select('t.code', 't.reason'));
  expect(wholeDay.length).toBeGreaterThan(1);
  for (const a of wholeDay) expect(a).toEqual({ code: 'Б', reason: 'справка из поликлиники № 3' });

  // One lesson: «У», the parents' application; the day's other absences keep theirs.
  const before = await withDb((knex) => knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id')
    .where({ 't.student_id': single.studentId, 'l.date': single.date }).whereIn('t.code', ['Н', 'У', 'Б']).orderBy('l.lesson_no').select('l.id', 't.code', 't.reason'));
  await dayRow(single).getByTestId('reason-open').click();
  await editor.getByTestId('reason-scope').selectOption(before[0].id);
  await editor.getByTestId('reason-code-У').check();
  await editor.getByTestId('reason-text').fill('заявление родителей');
  await editor.getByTestId('reason-save').click();
  await expect(page.getByTestId('reason-saved')).toContainText('заявление родителей');
  const after = await withDb((knex) => knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id')
    .where({ 't.student_id': single.studentId, 'l.date': single.date }).whereIn('t.code', ['Н', 'У', 'Б']).orderBy('l.lesson_no').select('l.id', 't.code', 't.reason'));
  expect(after[0]).toEqual({ id: before[0].id, code: 'У', reason: 'заявление родителей' });
  expect(after.slice(1)).toEqual(before.slice(1));
  await page.screenshot({ path: `${SHOTS}class-week-reasons-saved.png` });
  expect(errors).toEqual([]);
});

test('«Мои заявки»: the teacher follows and withdraws a request; the deputy\'s menu counts those waiting (point 6)', async ({ browser }) => {
  const teacher = await as(browser, 'teacher');
  const targets = await withDb(async (knex) => {
    const t = await knex('staff').where({ login: 'teacher' }).first('id');
    const lesson = await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .where('a.teacher_id', t.id).where('c.grade', '>', 1).where('l.date', '<', '2026-10-10').whereNull('a.subgroup_id').orderBy('l.date').first('l.id', 'a.class_id');
    const students = await knex('enrolment as e').where({ 'e.class_id': lesson.class_id }).whereNull('e.ends_on')
      .whereNotExists(knex('attendance as t').whereRaw('t.student_id = e.student_id').where('t.lesson_id', lesson.id).whereNotNull('t.code')).limit(2).select('e.student_id');
    return students.map((s: { student_id: string }) => ({ lessonId: lesson.id as string, studentId: s.student_id }));
  });
  const ids: string[] = [];
  for (const [i, t] of targets.entries()) {
    const r = await invoke<{ requestId: string }>(teacher.page, 'correction.request', {
      method: 'journal.setMark', args: { lessonId: t.lessonId, studentId: t.studentId, value: i === 0 ? '4' : '5' }, reason: i === 0 ? 'ошибка при вводе отметки' : 'работа переписана после болезни',
    });
    ids.push(r.requestId);
  }
  const pendingInDb = () => withDb(async (knex) => Number((await knex('correction_request').where({ status: 'pending' }).count({ n: '*' }).first())?.n ?? 0));

  // The deputy's menu counts the requests waiting.
  const deputy = await as(browser, 'deputy');
  await expect(deputy.page.getByTestId('nav-corrections-count')).toHaveText(String(await pendingInDb()));
  await deputy.page.screenshot({ path: `${SHOTS}deputy-menu-pending-requests.png` });
  // The deputy rejects the second with a note.
  await deputy.page.getByTestId('nav-corrections').click();
  const second = deputy.page.locator(`[data-testid="correction-row"][data-request="${ids[1]}"]`);
  await second.getByTestId('correction-note').fill('отметка верна, работа проверена');
  await second.getByTestId('correction-reject').click();
  await expect(deputy.page.getByTestId('correction-done')).toBeVisible();
  await expect(deputy.page.getByTestId('nav-corrections-count')).toHaveText(String(await pendingInDb()));

  // The teacher's list: one waiting, one rejected with the note; the waiting one withdrawn.
  const page = teacher.page;
  await page.getByTestId('nav-my-requests').click();
  const rowOf = (id: string) => page.locator(`[data-testid="my-request-row"][data-request="${id}"]`);
  await expect(rowOf(ids[0]!)).toHaveAttribute('data-status', 'pending');
  await expect(rowOf(ids[1]!)).toHaveAttribute('data-status', 'rejected');
  await expect(rowOf(ids[1]!).getByTestId('my-request-status')).toContainText('отметка верна, работа проверена');
  await expect(rowOf(ids[1]!).getByTestId('my-request-withdraw')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}my-requests.png` });
  await rowOf(ids[0]!).getByTestId('my-request-withdraw').click();
  await rowOf(ids[0]!).getByTestId('my-request-withdraw-confirm').click();
  await expect(page.getByTestId('my-requests-done')).toContainText('Заявка отозвана');
  await expect(rowOf(ids[0]!)).toHaveAttribute('data-status', 'withdrawn');
  expect(await withDb((knex) => knex('correction_request').where({ id: ids[0] }).first('status'))).toEqual({ status: 'withdrawn' });
  await page.getByTestId('my-requests-filter-withdrawn').click();
  await expect(page.getByTestId('my-request-row')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}my-requests-withdrawn.png` });
  // The deputy's count follows on the next move.
  await deputy.page.getByTestId('nav-overview').click();
  await expect(deputy.page.getByTestId('nav-corrections-count')).toHaveCount((await pendingInDb()) === 0 ? 0 : 1);
  expect(teacher.errors).toEqual([]);
  expect(deputy.errors).toEqual([]);
});

test('substitutions of single lessons, with the warning when the substitute has a lesson then (point 7)', async ({ page }) => {
  const errors = watchConsole(page);
  const absent = await staffId('classteacher');
  const sub = await staffId('teacher');
  await signIn(page, 'deputy');
  await page.getByTestId('nav-substitutions').click();
  const form = page.getByTestId('substitution-form');
  await form.getByTestId('substitution-absent').selectOption(absent);
  await form.getByTestId('substitution-substitute').selectOption(sub);
  await form.getByTestId('substitution-scope-lessons').check();
  await form.getByTestId('substitution-from').fill('24.11.2026');
  await form.getByTestId('substitution-to').fill('27.11.2026');
  const lessons = form.getByTestId('substitution-lesson');
  await expect(lessons.first()).toBeVisible();
  const busy = lessons.filter({ has: page.getByTestId('substitution-lesson-busy').filter({ hasText: 'свой урок' }) });
  const free = lessons.filter({ has: page.getByTestId('substitution-lesson-busy').filter({ hasText: 'свободен' }) });
  await expect(busy.first()).toBeVisible();
  await expect(free.first()).toBeVisible();
  const picked = [busy.first(), free.first()];
  const slots: { date: string; lessonNo: number }[] = [];
  for (const l of picked) {
    await l.getByTestId('substitution-lesson-check').check();
    slots.push({ date: (await l.getAttribute('data-date'))!, lessonNo: Number(await l.getAttribute('data-lesson-no')) });
  }
  await form.getByTestId('substitution-reason').fill('болезнь');
  await page.screenshot({ path: `${SHOTS}substitution-single-lessons.png` });
  await form.getByTestId('substitution-submit').click();
  // The substitute teaches at one of those hours: warned first, nothing written yet.
  const warning = page.getByTestId('substitution-warning');
  await expect(warning).toContainText('У заменяющего учителя в это время свои уроки');
  expect(await withDb((knex) => knex('substitution').where({ absent_teacher_id: absent, substitute_teacher_id: sub, reason: 'болезнь' }).first('id'))).toBeUndefined();
  await page.screenshot({ path: `${SHOTS}substitution-busy-warning.png` });
  await warning.getByTestId('substitution-confirm').click();
  await expect(page.getByTestId('substitution-done')).toContainText('уроков: 2');
  const saved = await withDb((knex) => knex('substitution as s').join('lesson as l', 'l.id', 's.lesson_id')
    .where({ 's.absent_teacher_id': absent, 's.substitute_teacher_id': sub, 's.reason': 'болезнь' }).orderBy('l.date').select('l.date', 'l.lesson_no', 'l.substitute_teacher_id', 'l.teacher_id'));
  expect(saved.map((l: { date: string; lesson_no: number }) => ({ date: l.date, lessonNo: l.lesson_no })).sort((a: { date: string; lessonNo: number }, b: { date: string; lessonNo: number }) => (a.date + a.lessonNo).localeCompare(b.date + b.lessonNo)))
    .toEqual([...slots].sort((a, b) => (a.date + a.lessonNo).localeCompare(b.date + b.lessonNo)));
  for (const l of saved) expect([l.teacher_id, l.substitute_teacher_id]).toEqual([absent, sub]);
  await expect(page.getByTestId('substitution-row').filter({ hasText: 'болезнь' }).first()).toContainText('-й урок');
  await page.screenshot({ path: `${SHOTS}substitution-recorded.png`, fullPage: true });
  expect(errors).toEqual([]);
});
