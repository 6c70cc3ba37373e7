// «Экзаменационные и итоговые отметки» (R-REC-4; issue 13 point 6): on its own demo school and
// preview server with "today" after the year's last school day (the demo teacher is given a
// grade-9 and a grade-11 page there, which would disturb the other files' shared school), the
// subject teacher enters ОГЭ and final marks from the keyboard (a digit chooses the mark,
// Enter goes to the next student, Tab along the row), an ЕГЭ with its test score, sees the
// service's refusal of a score over 100 in its words with nothing saved, and the database
// holds what the screen shows. Screenshots at 1366×768.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freshServer, readDb, SHOTS, type Db, type FreshServer } from './helpers';

const TODAY = '2027-06-10';
let server: FreshServer | null = null;
const pages: Record<9 | 11, { assignmentId: string; className: string; subjectName: string }> = {} as never;

const withDb = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server!.db, fn);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await freshServer(TODAY, 'journal-fm-', {
    demo: { seed: 1, year: 2026, students: 150 },
    // The demo teacher teaches grades 5–6; here they also take a graded subject in 9А and 11А.
    prepare: (db) => readDb(db, async (k) => {
      const teacher = await k('staff').where({ login: 'teacher' }).first('id');
      for (const grade of [9, 11] as const) {
        const a = await k('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
          .where({ 'c.grade': grade, 's.graded': 1 }).whereNull('a.subgroup_id').orderBy([{ column: 'c.letter' }, { column: 's.sort_order' }])
          .first('a.id', 'c.name as className', 's.name as subjectName');
        await k('teaching_assignment').where({ id: a.id }).update({ teacher_id: teacher.id });
        pages[grade] = { assignmentId: a.id, className: a.className, subjectName: a.subjectName };
      }
    }),
  });
});

test.afterAll(async () => {
  await server?.stop();
});

const finalMarks = (assignmentId: string) => withDb(async (k) => {
  const a = await k('teaching_assignment').where({ id: assignmentId }).first('class_id', 'subject_id');
  return k('final_mark').where({ class_id: a.class_id, subject_id: a.subject_id }).select('student_id', 'kind', 'exam_form', 'value', 'score', 'entered_by');
});

test('the subject teacher enters exam and final marks of grades 9 and 11 from the keyboard', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(server!.url);
  await page.getByTestId('login-input').fill('teacher');
  await page.getByTestId('password-input').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toBeVisible();
  await page.getByTestId('nav-final-marks').click();
  await expect(page.getByRole('heading', { name: 'Экзаменационные и итоговые отметки' })).toBeVisible();

  // Grade 9 first: ОГЭ or ГВЭ.
  await page.getByTestId('fm-page').selectOption(pages[9].assignmentId);
  const rows = page.getByTestId('fm-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('fm-sheet')).toContainText('ОГЭ или ГВЭ');
  const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-student')!));
  expect(ids.length).toBeGreaterThan(2);

  // The first student's exam mark: a digit on the focused list chooses it; Enter goes to the next student's.
  const exam = page.getByTestId('fm-exam');
  await exam.nth(0).focus();
  await page.keyboard.press('5');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  await page.keyboard.press('Enter');
  await expect(exam.nth(1)).toBeFocused();
  await page.keyboard.press('4');
  await expect(exam.nth(1)).toHaveValue('4');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  // The second student sat the ГВЭ: the form changed after the mark is saved with it.
  await page.getByTestId('fm-form').nth(1).selectOption('ГВЭ');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  // Tab goes along the row to the final mark.
  await exam.nth(0).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('fm-final').nth(0)).toBeFocused();
  await page.keyboard.press('5');
  await expect(page.getByTestId('fm-final').nth(0)).toHaveValue('5');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fm-final').nth(1)).toBeFocused();
  await page.keyboard.press('4');
  await expect(page.getByTestId('fm-final').nth(1)).toHaveValue('4');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');

  await expect.poll(async () => (await finalMarks(pages[9].assignmentId)).length).toBe(4);
  const ninth = await finalMarks(pages[9].assignmentId);
  const teacherId = await withDb(async (k) => (await k('staff').where({ login: 'teacher' }).first('id')).id as string);
  const of = (studentId: string, kind: string) => ninth.find((m) => m.student_id === studentId && m.kind === kind);
  expect(of(ids[0]!, 'exam')).toMatchObject({ exam_form: 'ОГЭ', value: '5', score: null, entered_by: teacherId });
  expect(of(ids[1]!, 'exam')).toMatchObject({ exam_form: 'ГВЭ', value: '4' });
  expect(of(ids[0]!, 'final')).toMatchObject({ exam_form: '', value: '5' });
  expect(of(ids[1]!, 'final')).toMatchObject({ value: '4' });
  await page.screenshot({ path: path.join(SHOTS, 'final-marks-1-grade9.png') });

  // Grade 11: ЕГЭ with its test score; a score over 100 is refused in the service's words, nothing saved.
  await page.getByTestId('fm-page').selectOption(pages[11].assignmentId);
  await expect(page.getByTestId('fm-sheet')).toContainText('ЕГЭ или ГВЭ');
  const eleventhIds = await page.getByTestId('fm-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-student')!));
  await page.getByTestId('fm-exam').nth(0).focus();
  await page.keyboard.press('5');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  await page.keyboard.press('Tab');
  const score = page.getByTestId('fm-score').nth(0);
  await expect(score).toBeFocused();
  await page.keyboard.type('120');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Тестовый балл — от 0 до 100');
  await expect(score).toHaveValue('');
  await score.fill('87');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('fm-saved')).toContainText('сохранено');
  await expect.poll(async () => (await finalMarks(pages[11].assignmentId)).find((m) => m.student_id === eleventhIds[0] && m.kind === 'exam')?.score).toBe(87);
  const eleventh = await finalMarks(pages[11].assignmentId);
  expect(eleventh.find((m) => m.student_id === eleventhIds[0])).toMatchObject({ kind: 'exam', exam_form: 'ЕГЭ', value: '5', score: 87 });
  // Year marks stand read-only beside them (none set in the demo for the year yet).
  await expect(page.getByTestId('fm-year').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'final-marks-2-grade11-ege.png') });
});
