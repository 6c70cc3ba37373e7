// The deputy's control and the class teacher's desk in the real renderer: a remark on a
// journal page answered by its teacher and accepted by the deputy (R-ROLE-4), the change
// log filtered by class, substitutions, and «Мой класс» with student cards, a consent
// recorded (R-REC-10) and the week's absences (R-TIME-6).
import { expect, test, type Page } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

async function staffId(login: string): Promise<string> {
  return withDb(async (knex) => (await knex('staff').where({ login }).first('id')).id as string);
}

/** A journal page of the demo 'teacher' account, with its class name. */
async function teacherPage(): Promise<{ id: string; className: string }> {
  const t = await staffId('teacher');
  return withDb(async (knex) => {
    const row = await knex('teaching_assignment as a')
      .join('class as c', 'c.id', 'a.class_id')
      .where({ 'a.teacher_id': t })
      .whereNull('a.subgroup_id')
      .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
      .first('a.id', 'c.name as className');
    return row as { id: string; className: string };
  });
}

const remarkRow = (id: string) => withDb((knex) => knex('control_remark').where({ id }).first('status', 'answer', 'text'));

async function openClassPage(page: Page, className: string, assignmentId: string) {
  await page.getByTestId('nav-classes').click();
  await page.getByTestId('class-select').selectOption({ label: className });
  await page.locator(`[data-testid="page-link"][data-assignment="${assignmentId}"]`).click();
  // A deputy lands on the period under way (the second quarter, not yet taught in the demo);
  // the first quarter is chosen to see the grid.
  await expect(page.getByTestId('period-select').locator('option:checked')).toHaveText('2 четверть');
  await page.getByTestId('period-select').selectOption({ label: '1 четверть' });
  await expect(page.getByTestId('journal-grid')).toBeVisible();
}

test('a deputy writes a remark on a page, the teacher marks it fixed, the deputy accepts it (R-ROLE-4)', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const target = await teacherPage();
  const text = 'Не записаны темы уроков и домашние задания за последнюю неделю октября';

  await signIn(page, 'deputy');
  await expect(page.getByTestId('nav-control')).toBeVisible();
  await expect(page.getByTestId('nav-substitutions')).toBeVisible();
  await expect(page.getByTestId('nav-remarks')).toHaveCount(0);
  await openClassPage(page, target.className, target.id);
  const panel = page.getByTestId('remarks-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('remarks-toggle').click();
  // Too short: refused before it reaches the service.
  await panel.getByTestId('remark-text').fill('тем');
  await panel.getByTestId('remark-submit').click();
  await expect(panel.getByRole('alert')).toContainText('не короче 5');
  await panel.getByTestId('remark-text').fill(text);
  await panel.getByTestId('remark-submit').click();
  const item = panel.getByTestId('remark-item').filter({ hasText: text });
  await expect(item).toHaveAttribute('data-status', 'open');
  await expect(item).toContainText('открыто');
  await expect(panel.getByTestId('remark-text')).toHaveValue('');
  const remarkId = (await item.getAttribute('data-remark'))!;
  expect(await remarkRow(remarkId)).toMatchObject({ status: 'open', text });
  await page.screenshot({ path: `${SHOTS}control-remark-written.png` });

  // The teacher sees the count in the navigation and the remark in «Замечания».
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  const teacherErrors = watchConsole(teacher);
  await signIn(teacher, 'teacher');
  await expect(teacher.getByTestId('nav-remarks-count')).toHaveText('1');
  await expect(teacher.getByTestId('nav-control')).toHaveCount(0);
  await teacher.getByTestId('nav-remarks').click();
  const row = teacher.getByTestId('remark-row').filter({ hasText: text });
  await expect(row).toBeVisible();
  await teacher.screenshot({ path: `${SHOTS}control-teacher-remarks.png` });
  await row.getByTestId('remark-open-page').click();
  await expect(teacher.getByTestId('journal-grid')).toBeVisible();
  // Open remarks for the page's teacher: the panel is open by itself.
  const tItem = teacher.getByTestId('remarks-panel').getByTestId('remark-item').filter({ hasText: text });
  await expect(tItem).toBeVisible();
  await expect(teacher.getByTestId('remark-text')).toHaveCount(0); // only the deputy writes remarks
  await tItem.getByTestId('remark-answer').fill('Темы и домашние задания за 26–30 октября записаны');
  await teacher.screenshot({ path: `${SHOTS}control-teacher-answers.png` });
  await tItem.getByTestId('remark-fixed').click();
  await expect(tItem).toHaveAttribute('data-status', 'fixed');
  await expect(teacher.getByTestId('nav-remarks-count')).toHaveCount(0);
  expect(await remarkRow(remarkId)).toMatchObject({ status: 'fixed', answer: 'Темы и домашние задания за 26–30 октября записаны' });
  expect(teacherErrors).toEqual([]);
  await teacherContext.close();

  // The deputy sees it fixed in «Контроль» → «Замечания», opens the page and accepts.
  await page.getByTestId('nav-control').click();
  await page.getByTestId('control-tab-remarks').click();
  await page.getByTestId('remarks-open-only').uncheck();
  const sRow = page.getByTestId('remark-row').filter({ hasText: text });
  await expect(sRow).toHaveAttribute('data-status', 'fixed');
  await sRow.getByTestId('remark-open-page').click();
  const dItem = page.getByTestId('remarks-panel').getByTestId('remark-item').filter({ hasText: text });
  await expect(dItem).toContainText('Темы и домашние задания за 26–30 октября записаны');
  // Returning needs a note.
  await dItem.getByTestId('remark-reopen').click();
  await expect(dItem.getByRole('alert')).toContainText('что осталось исправить');
  await page.screenshot({ path: `${SHOTS}control-deputy-reviews.png` });
  await dItem.getByTestId('remark-accept').click();
  await expect(dItem).toHaveAttribute('data-status', 'accepted');
  await expect(dItem).toContainText('принято');
  await expect.poll(() => remarkRow(remarkId)).toMatchObject({ status: 'accepted' });
  // «Назад» returns to the remarks tab.
  await page.getByTestId('journal-page').getByRole('button', { name: '← Назад' }).click();
  await expect(page.getByTestId('control-tab-remarks')).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('the deputy reads the change log of a class, the few-marks list and records a substitution', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'deputy');
  await page.getByTestId('nav-control').click();
  await expect(page.getByTestId('log-table')).toBeVisible();
  await page.getByTestId('log-filter-class').selectOption({ label: '5А' });
  const rows = page.getByTestId('log-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);
  // Every row shown belongs to the class's journal tables.
  const tables = new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-table'))));
  for (const t of tables) expect(['lesson', 'mark', 'attendance', 'period_mark']).toContain(t);
  await expect(rows.first()).toContainText(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);
  await page.screenshot({ path: `${SHOTS}control-change-log.png` });
  // Paging back in time adds older rows.
  const before = await rows.count();
  if (before === 100) {
    await page.getByTestId('log-more').click();
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
  }

  await page.getByTestId('control-tab-few').click();
  await expect(page.getByTestId('few-marks-table')).toBeVisible();
  // Changes that reached this computer after their window: none on one computer.
  await page.getByTestId('control-tab-late').click();
  await expect(page.getByTestId('late-table')).toHaveText('Опоздавших изменений нет.');

  // A substitution on future days (no lessons recorded yet, so the other tests' pages are untouched).
  const t = await staffId('teacher');
  const ct = await staffId('classteacher');
  const others = await withDb(async (knex) =>
    (await knex('teaching_assignment as a').join('staff as s', 's.id', 'a.teacher_id').where('s.active', 1).whereNotIn('a.teacher_id', [t, ct])
      .distinct('a.teacher_id').orderBy('a.teacher_id').limit(2)).map((r: { teacher_id: string }) => r.teacher_id),
  );
  await page.getByTestId('nav-substitutions').click();
  const form = page.getByTestId('substitution-form');
  await expect(form).toBeVisible();
  await form.getByTestId('substitution-absent').selectOption(others[0]!);
  await form.getByTestId('substitution-substitute').selectOption(others[1]!);
  await form.getByTestId('substitution-from').fill('2026-12-07');
  await form.getByTestId('substitution-to').fill('2026-12-08');
  await form.getByTestId('substitution-reason').fill('курсы повышения квалификации');
  await form.getByTestId('substitution-submit').click();
  // When the substitute teaches at some of those hours the deputy is warned first and confirms.
  const warning = page.getByTestId('substitution-warning');
  await expect(page.getByTestId('substitution-done').or(warning)).toBeVisible();
  if (await warning.isVisible()) await warning.getByTestId('substitution-confirm').click();
  await expect(page.getByTestId('substitution-done')).toBeVisible();
  await expect(page.getByTestId('substitution-row').filter({ hasText: 'курсы повышения квалификации' })).toBeVisible();
  const saved = await withDb((knex) => knex('substitution').where({ reason: 'курсы повышения квалификации' }).first('absent_teacher_id', 'substitute_teacher_id', 'starts_on', 'ends_on'));
  expect(saved).toEqual({ absent_teacher_id: others[0], substitute_teacher_id: others[1], starts_on: '2026-12-07', ends_on: '2026-12-08' });
  await page.screenshot({ path: `${SHOTS}control-substitutions.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the class teacher opens «Мой класс»: cards, a consent recorded, the week\'s absences (R-ROLE-3, R-REC-10, R-TIME-6)', async ({ page }) => {
  const errors = watchConsole(page);
  const ct = await staffId('classteacher');
  const cls = await withDb((knex) => knex('class').where({ class_teacher_id: ct }).first('id', 'name'));
  await signIn(page, 'classteacher');
  await expect(page.getByTestId('nav-control')).toHaveCount(0);
  await page.getByTestId('nav-class').click();
  await expect(page.getByTestId('nav-class')).toHaveText('Мой класс');
  const students = page.getByTestId('class-students');
  await expect(students).toBeVisible();
  const enrolled = await withDb(async (knex) => Number((await knex('enrolment').where({ class_id: cls.id }).count('* as n').first())?.n));
  await expect(students.getByTestId('student-card')).toHaveCount(enrolled);

  // The student without a consent on file (R-REC-10).
  const missing = await withDb(async (knex) =>
    (await knex('enrolment as e').where('e.class_id', cls.id).whereNotExists(knex('consent as c').whereRaw('c.student_id = e.student_id').whereNull('c.revoked_on')).select('e.student_id')).map((r: { student_id: string }) => r.student_id),
  );
  expect(missing.length).toBeGreaterThan(0);
  await expect(students.getByTestId('no-consent')).toHaveCount(missing.length);
  const card = students.locator(`[data-testid="student-card"][data-student="${missing[0]}"]`);
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByTestId('no-consent')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}class-desk-students.png` });
  await card.getByTestId('consent-open').click();
  const form = card.getByTestId('consent-form');
  await expect(form.getByTestId('consent-date')).toHaveValue('23.11.2026'); // dd.mm.yyyy whatever the locale
  const guardianId = await form.getByTestId('consent-guardian').inputValue();
  await form.getByTestId('consent-date').fill('20.11.2026');
  await form.getByTestId('consent-number').fill('ПД-2026/0999');
  await card.screenshot({ path: `${SHOTS}class-desk-consent-form.png` });
  await form.getByTestId('consent-submit').click();
  await expect(page.getByTestId('class-desk-done')).toContainText('Согласие записано');
  await expect(card.getByTestId('no-consent')).toHaveCount(0);
  await expect(card.getByTestId('consent-ok')).toContainText('20.11.2026');
  const consent = await withDb((knex) => knex('consent').where({ student_id: missing[0] }).whereNull('revoked_on').first('guardian_id', 'signed_on', 'document_no'));
  expect(consent).toEqual({ guardian_id: guardianId, signed_on: '2026-11-20', document_no: 'ПД-2026/0999' });

  // A praise to a student (R-REC-8).
  const first = students.getByTestId('student-card').first();
  await first.getByTestId('note-open').click();
  await first.getByTestId('note-text').fill('Победитель школьной олимпиады по математике');
  await first.getByTestId('note-submit').click();
  await expect(page.getByTestId('class-desk-done')).toContainText('Похвала записана');
  const note = await withDb((knex) => knex('student_note').where({ text: 'Победитель школьной олимпиады по математике' }).first('kind', 'author_id'));
  expect(note).toEqual({ kind: 'praise', author_id: ct });
  await students.getByTestId('student-card').first().getByTestId('notes-open').click();
  await expect(students.getByTestId('student-notes').first()).toContainText('Победитель школьной олимпиады');

  // The week of 5 October: absences by student and day, as in the database.
  await page.getByTestId('class-tab-absences').click();
  const week = page.getByTestId('week-absences');
  await expect(week).toBeVisible();
  await week.getByTestId('week-input').fill('2026-10-07');
  await expect(week).toContainText('05.10 — 11.10.2026');
  const expected = await withDb(async (knex) => {
    const rows: { student_id: string; date: string }[] = await knex('attendance as t')
      .join('lesson as l', 'l.id', 't.lesson_id')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', cls.id)
      .whereNotNull('t.code')
      .whereBetween('l.date', ['2026-10-05', '2026-10-11'])
      .distinct('t.student_id', 'l.date');
    return rows.length;
  });
  expect(expected).toBeGreaterThan(0);
  await expect(week.getByTestId('absence-row')).toHaveCount(expected);
  await page.screenshot({ path: `${SHOTS}class-desk-absences.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a deputy opens any class\'s desk read-only', async ({ page }) => {
  await signIn(page, 'deputy');
  await page.getByTestId('nav-class').click();
  await page.getByTestId('class-desk-select').selectOption({ label: '7Б' });
  await expect(page.getByTestId('student-card').first()).toBeVisible();
  await expect(page.getByTestId('consent-open')).toHaveCount(0);
  await expect(page.getByTestId('student-edit-open')).toHaveCount(0);
  await expect(page.getByTestId('note-open')).toHaveCount(0);
});
