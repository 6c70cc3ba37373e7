// Dates and the small things across the renderer (issue 17, points 9 and 18), in a real
// Chromium whose locale is English (US), so that nothing borrows the system's date format:
// every date field reads and writes dd.mm.yyyy and hands ISO to the service; averages use a
// decimal comma; no «И. О..»; placeholders fit their fields; the corrections table's
// borders line up; «Мои задачи» is laid out for 1366×768; the README names the demo
// teacher's classes as the demo school has them.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCREEN = { width: 1366, height: 768 };

/** A fresh page at 1366×768 in an English-US browser, signed in. */
async function as(browser: Browser, login: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: SCREEN });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signIn(page, login);
  return { page, errors };
}

/** Visible text inputs whose placeholder is wider than the room inside them. */
function placeholdersThatDoNotFit(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    return [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')]
      .filter((e) => e.offsetParent !== null && e.placeholder !== '')
      .map((e) => {
        const cs = getComputedStyle(e);
        canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        return { field: e.dataset.testid ?? e.name, placeholder: e.placeholder, need: Math.ceil(canvas.measureText(e.placeholder).width), room: Math.floor(room) };
      })
      .filter((p) => p.need > p.room);
  });
}

/** «Е. Л..» anywhere on the screen: an initial followed by a second full stop. */
async function expectNoDoubleStops(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text.match(/[А-ЯЁA-Z]\.\.(?!\.)/g) ?? []).toEqual([]);
}

async function teacherClasses(): Promise<string[]> {
  return withDb(async (knex) => {
    const rows: { name: string }[] = await knex('teaching_assignment as a')
      .join('staff as t', 't.id', 'a.teacher_id').join('class as c', 'c.id', 'a.class_id')
      .where('t.login', 'teacher').distinct('c.name').orderBy([{ column: 'c.grade' }, { column: 'c.letter' }]);
    return rows.map((r) => r.name);
  });
}

test('dates are typed and shown as dd.mm.yyyy in an English-locale browser, and reach the service as ISO (issue 17 point 9)', async ({ browser }) => {
  const { page, errors } = await as(browser, 'deputy');
  const substitutions = () => withDb(async (knex) => Number((await knex('substitution').count('* as n').first())?.n));
  const before = await substitutions();

  // Substitutions: the dates start at the service's today, written the Russian way.
  await page.getByTestId('nav-substitutions').click();
  const from = page.getByTestId('substitution-from');
  const to = page.getByTestId('substitution-to');
  await expect(from).toHaveValue('23.11.2026');
  await expect(from).toHaveAttribute('placeholder', 'дд.мм.гггг');
  await expect(page.locator('input[type="date"]')).toHaveCount(0);
  // Typed digit by digit, the full stops come by themselves; a day that does not exist is explained.
  await to.fill('');
  await to.pressSequentially('31022026');
  await expect(to).toHaveValue('31.02.2026');
  await expect(page.getByTestId('substitution-to-error')).toHaveText('Такой даты нет: 31.02.2026.');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await to.fill('22.11.2026');
  await expect(page.getByTestId('substitution-to-error')).toHaveText('Дата не раньше 23.11.2026.');
  const form = page.getByTestId('substitution-form');
  await form.getByTestId('substitution-absent').selectOption({ index: 1 });
  await form.getByTestId('substitution-substitute').selectOption({ index: 2 });
  await form.getByTestId('substitution-reason').fill('курсы повышения квалификации');
  await page.screenshot({ path: `${SHOTS}dates-substitution-invalid.png` });
  await form.getByTestId('substitution-submit').click();
  // The browser keeps the form back with the field's own message; nothing is recorded.
  expect(await to.evaluate((e: HTMLInputElement) => e.validationMessage)).toBe('Дата не раньше 23.11.2026.');
  expect(await substitutions()).toBe(before);
  // ↑ moves a valid date by a day.
  await to.fill('23.11.2026');
  await to.press('ArrowUp');
  await expect(to).toHaveValue('24.11.2026');
  await expect(to).toHaveAttribute('data-iso', '2026-11-24');
  await expect(page.getByTestId('substitution-to-error')).toHaveCount(0);

  // The change log: the filter's dates go to the service as ISO.
  await page.getByTestId('nav-control').click();
  const logFrom = page.getByTestId('log-filter-from');
  await expect(logFrom).toBeVisible();
  await logFrom.pressSequentially('01012030');
  await expect(logFrom).toHaveAttribute('data-iso', '2030-01-01');
  await expect(page.getByTestId('log-table')).toHaveText('Изменений по этому отбору нет.');
  await logFrom.fill('01.09.2026');
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  const whens = await page.getByTestId('log-when').allInnerTexts();
  expect(whens.length).toBeGreaterThan(0);
  for (const w of whens) expect(w).toMatch(/^\d{2}\.\d{2}\.\d{4}/);
  await page.screenshot({ path: `${SHOTS}dates-change-log-filter.png` });
  expect(errors).toEqual([]);

  // The consent form's date: today by default, a later day refused in Russian. The form is
  // offered for a student with no consent on file: found in the database, since the class
  // teacher's own class may have had its one recorded by an earlier test of the run; the
  // administrator records consents in any class (R-REC-10).
  const noConsent = await withDb(async (knex) => knex('enrolment as e').join('class as c', 'c.id', 'e.class_id')
    .join('academic_year as y', 'y.id', 'c.year_id').where('y.starts_on', '<=', '2026-11-23').where('y.ends_on', '>=', '2026-11-23')
    .where('e.starts_on', '<=', '2026-11-23').where((q) => q.whereNull('e.ends_on').orWhere('e.ends_on', '>=', '2026-11-23'))
    .whereExists(knex('student_guardian as g').whereRaw('g.student_id = e.student_id').where('g.removed', 0))
    .whereNotExists(knex('consent as k').whereRaw('k.student_id = e.student_id').whereNull('k.revoked_on'))
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }]).first('e.class_id', 'e.student_id')) as { class_id: string; student_id: string } | undefined;
  expect(noConsent, 'a student of the demo school without a consent on file').toBeTruthy();
  const adm = await as(browser, 'admin');
  await adm.page.getByTestId('nav-class').click();
  await adm.page.getByTestId('class-desk-select').selectOption(noConsent!.class_id);
  const card = adm.page.locator(`[data-testid="student-card"][data-student="${noConsent!.student_id}"]`);
  const consentOpen = card.getByTestId('consent-open');
  await consentOpen.click();
  const date = card.getByTestId('consent-date');
  await expect(date).toHaveValue('23.11.2026');
  await date.fill('24.11.2026');
  await expect(card.getByTestId('consent-date-error')).toHaveText('Дата не позже 23.11.2026.');
  await adm.page.screenshot({ path: `${SHOTS}dates-consent.png` });
  await consentOpen.click();
  expect(adm.errors).toEqual([]);

  // The class teacher's week of absences: any day of the week, typed in the Russian order.
  const ct = await as(browser, 'classteacher');
  await ct.page.getByTestId('nav-class').click();
  await ct.page.getByTestId('class-tab-absences').click();
  const week = ct.page.getByTestId('week-absences');
  await expect(week).toBeVisible();
  await week.getByTestId('week-input').fill('07.10.2026');
  await expect(week.locator('h2')).toHaveText('Пропуски за неделю 05.10 — 11.10.2026');
  await expect(week.getByTestId('week-input')).toHaveValue('05.10.2026');
  await expect(ct.page.locator('input[type="date"]')).toHaveCount(0);
  await ct.page.screenshot({ path: `${SHOTS}dates-week-absences.png` });
  expect(ct.errors).toEqual([]);
});

test('averages use a decimal comma and initials one full stop, on the journal page and the day-1 check (issue 17 point 18)', async ({ browser }) => {
  // The certification's day 1 gives the teacher a check with averages in it (opened here
  // unless an earlier test opened it).
  const deputy = await as(browser, 'deputy');
  await deputy.page.getByTestId('nav-certification').click();
  await expect(deputy.page.getByTestId('cert-none').or(deputy.page.getByTestId('cert-matrix'))).toBeVisible();
  if (await deputy.page.getByTestId('cert-none').isVisible()) {
    await deputy.page.getByTestId('cert-new').click();
    for (const [i, day] of ['23.11.2026', '24.11.2026', '25.11.2026', '26.11.2026', '27.11.2026'].entries()) {
      await deputy.page.getByTestId(`cert-open-day-${i + 1}`).fill(day);
    }
    await deputy.page.screenshot({ path: `${SHOTS}dates-certification-days.png` });
    await deputy.page.getByTestId('cert-open-submit').click();
    await expect(deputy.page.getByTestId('cert-matrix')).toBeVisible();
  }
  await expectNoDoubleStops(deputy.page);

  const { page, errors } = await as(browser, 'teacher');
  // The journal page: the average column to hundredths with a comma.
  await page.getByTestId('nav-pages').click();
  await page.getByTestId('page-link').first().click();
  await expect(page.getByTestId('journal-grid')).toBeVisible();
  const averages = (await page.locator('td.g-avg').allInnerTexts()).filter((t) => t !== '');
  expect(averages.length).toBeGreaterThan(5);
  for (const a of averages) expect(a).toMatch(/^\d,\d\d$/);
  await expectNoDoubleStops(page);
  await page.screenshot({ path: `${SHOTS}details-averages.png` });

  // The day-1 check: «учитель Фамилия И. О.» ends its sentence with one full stop; the
  // averages and the explanations use a comma.
  await page.getByTestId('nav-today').click();
  await page.getByTestId('task-open-check').first().click();
  await expect(page.getByTestId('mark-check')).toBeVisible();
  await expect(page.getByTestId('check-summary').or(page.getByTestId('check-clean')).or(page.getByTestId('check-confirmed'))).toBeVisible();
  await expect(page.getByTestId('mark-check')).toContainText(/учитель [А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\. Учеников/);
  await expectNoDoubleStops(page);
  for (const row of await page.getByTestId('check-issue').all()) {
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[4]).toMatch(/^(—|\d,\d\d)$/);
    expect(cells[5]).not.toMatch(/балла? \d+\.\d/);
  }
  await page.screenshot({ path: `${SHOTS}details-mark-check.png` });
  expect([...errors, ...deputy.errors]).toEqual([]);
});

test('«Мои задачи» on the teacher\'s home is laid out for 1366×768 (issue 17 point 18)', async ({ browser }) => {
  const { page, errors } = await as(browser, 'teacher');
  const tasks = page.getByTestId('my-tasks');
  await expect(tasks.getByTestId('task').first()).toBeVisible();
  const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
  const day = await box('.day-panel');
  const panel = await box('[data-testid="my-tasks"]');
  const pages = await box('.pages-panel');
  // The tasks take the right column from the top; the journal pages follow the day's lessons.
  expect(Math.abs(panel.y - day.y)).toBeLessThan(2);
  expect(panel.x).toBeGreaterThan(day.x + day.width);
  expect(Math.abs(pages.x - day.x)).toBeLessThan(2);
  expect(pages.y).toBeGreaterThan(day.y + day.height);
  expect(panel.x + panel.width).toBeLessThanOrEqual(SCREEN.width);
  // Each task: its text across most of the panel, in at most two lines; date and button inside.
  for (const t of await tasks.getByTestId('task').all()) {
    const text = (await t.locator('.cert-task-text').boundingBox())!;
    expect(text.width).toBeGreaterThan(panel.width * 0.6);
    expect(text.height).toBeLessThan(50);
    for (const part of await t.locator('.badge, .btn').all()) {
      const b = (await part.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(panel.x + panel.width);
    }
  }
  await page.screenshot({ path: `${SHOTS}details-teacher-tasks.png` });
  expect(errors).toEqual([]);
});

test('the corrections table\'s borders line up and placeholders fit their fields at 1366×768 (issue 17 point 18)', async ({ browser }) => {
  // A late mark of the demo teacher becomes a correction request (refused at the end, so the
  // list is as it was for the tests after this one).
  const teacher = await as(browser, 'teacher');
  const target = await withDb(async (knex) => {
    const t = await knex('staff').where({ login: 'teacher' }).first('id');
    const lesson = await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.teacher_id', t.id).where('l.date', '<', '2026-10-20').whereNull('a.subgroup_id').orderBy('l.date', 'desc').first('l.id', 'a.class_id');
    // A student with no mark in that lesson yet.
    const student = await knex('enrolment as e').where({ 'e.class_id': lesson.class_id }).whereNull('e.ends_on')
      .whereNotExists(knex('mark as m').whereRaw('m.student_id = e.student_id').where('m.lesson_id', lesson.id)).first('e.student_id');
    return { lessonId: lesson.id as string, studentId: student.student_id as string };
  });
  const reason = 'Проверка вёрстки: отметка за устный ответ не была внесена вовремя';
  // Through the page's own bridge, as the lesson panel's «Подать заявку» sends it.
  const requestId = await teacher.page.evaluate(async ({ target, reason }) => {
    type Bridge = { invoke(m: string, a: unknown): Promise<{ ok: true; value: { requestId: string } } | { ok: false; error: { message: string } }> };
    const r = await (window as unknown as { journal: Bridge }).journal
      .invoke('correction.request', { method: 'journal.setMark', args: { lessonId: target.lessonId, studentId: target.studentId, slot: 1, value: '5' }, reason });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.requestId;
  }, { target, reason });
  expect(requestId).toBeTruthy();

  const { page, errors } = await as(browser, 'deputy');
  await page.getByTestId('nav-corrections').click();
  const row = page.locator(`[data-testid="correction-row"][data-request="${requestId}"]`);
  await expect(row).toBeVisible();
  // Every cell of a row ends on the same line, the decision cell too.
  const bottoms = await row.locator('td').evaluateAll((tds) => tds.map((td) => Math.round(td.getBoundingClientRect().bottom)));
  expect(new Set(bottoms).size, `cell bottoms ${bottoms.join(', ')}`).toBe(1);
  const tops = await row.locator('td').evaluateAll((tds) => tds.map((td) => Math.round(td.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  expect(await placeholdersThatDoNotFit(page)).toEqual([]);
  await expectNoDoubleStops(page);
  await page.screenshot({ path: `${SHOTS}details-corrections-table.png` });

  // The other screens with placeholders, each as its user sees it at 1366×768.
  for (const nav of ['nav-substitutions', 'nav-control', 'nav-certification', 'nav-books']) {
    await page.getByTestId(nav).click();
    await page.waitForLoadState('networkidle');
    expect(await placeholdersThatDoNotFit(page), nav).toEqual([]);
    await expectNoDoubleStops(page);
  }
  const admin = await as(browser, 'admin');
  for (const nav of ['nav-staff', 'nav-regulation', 'nav-backups', 'nav-sync']) {
    await admin.page.getByTestId(nav).click();
    await admin.page.waitForLoadState('networkidle');
    expect(await placeholdersThatDoNotFit(admin.page), nav).toEqual([]);
  }
  const ct = await as(browser, 'classteacher');
  await ct.page.getByTestId('nav-class').click();
  for (const open of ['consent-open', 'student-edit-open']) {
    const button = ct.page.getByTestId(open);
    if ((await button.count()) === 0) continue;
    await button.first().click();
    expect(await placeholdersThatDoNotFit(ct.page), open).toEqual([]);
  }

  // The request refused with a comment: the list is empty of it again.
  await page.getByTestId('nav-corrections').click();
  await row.getByTestId('correction-note').fill('Проверка вёрстки, заявка не нужна');
  await row.getByTestId('correction-reject').click();
  await expect(page.getByTestId('correction-done')).toBeVisible();
  await expect(row).toHaveCount(0);
  expect([...errors, ...teacher.errors, ...admin.errors, ...ct.errors]).toEqual([]);
});

test('the README names the classes the demo teacher actually teaches (issue 17 point 18)', async () => {
  const classes = await teacherClasses();
  expect(classes.length).toBeGreaterThanOrEqual(3);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('| `teacher` |'));
  expect(line).toBeDefined();
  const named = [...line!.matchAll(/\d{1,2}[А-ЯЁ]/g)].map((m) => m[0]);
  expect(named).toEqual(classes);
});
