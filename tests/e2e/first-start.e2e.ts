// The first start and the year's setup (issue 13, points 1–2; R-ROLE-6), each test on its own
// preview server over a fresh database file (the shared demo of the run is not touched), with
// «today» 20.08.2026, before the year begins:
// - a fresh install offers three choices; the administrator creates our school, writes down
//   the school key's fingerprint, signs in and walks «Настройка учебного года»: the school's
//   details and the certifier's title, the year from the proposal, the bells, two classes
//   with class teachers, subjects and the curriculum of the 5th grade, the load, a timetable
//   for one class (its lessons generated from 01.09 across the quarters, skipping holidays),
//   a deputy's parallels (R-ROLE-4), and the check; the staff come through staff.add here —
//   their own screen («Сотрудники») and the XLSX import are other tests';
// - the demo choice opens the demo school, marked as a demo on the sign-in;
// - joining with an empty folder is refused in Russian: there is no snapshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addClass, addSubject, assignLoad, fillNewSchool, freshServer as freshServerAt, readDb, SHOTS, watchConsole } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

const TODAY = '2026-08-20';
const freshServer = () => freshServerAt(TODAY, 'journal-first-start-');

/** A call through the page's bridge, signed in as the page is (for other engineers' screens). */
async function invoke(page: Page, method: string, args: unknown): Promise<unknown> {
  const r = await page.evaluate(async ([m, a]) => (window as unknown as { journal: { invoke(m: string, a: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } }).journal.invoke(m as string, a), [method, args] as const);
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `first-start-${name}.png`) });

test('on a fresh install the administrator creates the school and sets up its year step by step: details, year, bells, classes, curriculum, load, timetable, lessons (R-ROLE-6, R-ROLE-4, R-REC-4)', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await freshServer();
  try {
    const errors = watchConsole(page);
    await page.goto(server.url);
    await expect(page.getByTestId('first-start')).toBeVisible();
    await expect(page.getByTestId('first-start-demo')).toContainText('Открыть демонстрационную школу');
    await expect(page.getByTestId('first-start-create')).toContainText('Создать нашу школу');
    await expect(page.getByTestId('first-start-join')).toContainText('Подключиться к журналу школы');
    await shot(page, '1-choices');

    // Create our school with its first administrator; the password policy answers in Russian.
    await fillNewSchool(page, {
      fullName: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»',
      shortName: 'МБОУ СОШ № 7', address: 'г. Липецк, ул. Школьная, д. 7',
      lastName: 'Настроева', firstName: 'Ирина', middleName: 'Сергеевна', login: 'nastroeva', password: '12345678',
    });
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('create-error')).toContainText(/[А-Яа-я]/);
    expect(await readDb(server.db, (k) => k('school').select('id'))).toHaveLength(0);
    const password = 'Звонок-на-урок-2026';
    await page.getByTestId('create-password').fill(password);
    await page.getByTestId('create-password2').fill(password);
    await shot(page, '2-create');
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('create-done')).toBeVisible();
    await expect(page.getByTestId('create-fingerprint')).toHaveText(/^[0-9a-f]{4}( [0-9a-f]{4})+$/);
    await shot(page, '3-fingerprint');
    await page.getByTestId('create-to-login').click();

    await expect(page.getByTestId('login-form')).toBeVisible();
    await expect(page.locator('#login-title')).toContainText('Средняя общеобразовательная школа № 7');
    await page.getByTestId('login-input').fill('nastroeva');
    await page.getByTestId('password-input').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('user-name')).toBeVisible();

    // Staff for class teachers, the load and a deputy: their screen is another engineer's.
    const reason = 'Приказ № 1-к от 20.08.2026';
    await invoke(page, 'staff.add', { lastName: 'Числова', firstName: 'Анна', middleName: 'Петровна', position: 'учитель математики', login: 'chislova', roles: ['teacher'], reason });
    await invoke(page, 'staff.add', { lastName: 'Словесников', firstName: 'Олег', middleName: 'Ильич', position: 'учитель русского языка', login: 'slovesnikov', roles: ['teacher'], reason });
    await invoke(page, 'staff.add', { lastName: 'Завучева', firstName: 'Нина', middleName: 'Юрьевна', position: 'заместитель директора по УВР', login: 'zavucheva', roles: ['deputy'], reason });

    await page.getByTestId('nav-setup').click();
    await expect(page.getByRole('heading', { name: 'Настройка учебного года' })).toBeVisible();
    await expect(page.getByTestId('setup-step-year')).toHaveAttribute('data-done', 'false');

    // Школа: details prefilled from the first start; the address and the certifier's title.
    await expect(page.getByTestId('school-short-name')).toHaveValue('МБОУ СОШ № 7');
    await page.getByTestId('school-address').fill('398000, г. Липецк, ул. Школьная, д. 7');
    await page.getByTestId('school-certifier-title').fill('Заместитель директора по УР');
    await page.getByTestId('school-save').click();
    await expect(page.getByTestId('school-saved')).toBeVisible();
    await expect(page.getByTestId('setup-step-school')).toHaveAttribute('data-done', 'true');
    await shot(page, '4-school');
    expect(await readDb(server.db, (k) => k('setting').where({ id: 'school.certifierTitle' }).first('value'))).toEqual({ value: JSON.stringify('Заместитель директора по УР') });

    // Учебный год: the proposal for 2026/2027, created as proposed.
    await page.getByTestId('setup-step-year').click();
    await page.getByTestId('year-start').fill('2026');
    await page.getByTestId('year-propose').click();
    await expect(page.getByTestId('year-name')).toHaveValue('2026/2027');
    await expect(page.getByTestId('plan-period-row').first()).toBeVisible();
    await expect(page.getByTestId('plan-holiday-row').first()).toBeVisible();
    await shot(page, '5-year-proposal');
    await page.getByTestId('year-create').click();
    await expect(page.getByTestId('year-view')).toBeVisible();
    await expect(page.getByTestId('year-period-row').first()).toBeVisible();
    await expect(page.getByTestId('setup-step-year')).toHaveAttribute('data-done', 'true');
    const periods = await readDb(server.db, (k) => k('period').count<{ n: number }[]>({ n: '*' }));
    // Four quarters (1–9), two half-years (10–11) and the year (R-REC-4).
    expect(Number(periods[0]!.n)).toBe(7);
    await shot(page, '6-year');

    // Звонки: the usual day offered, saved as it is.
    await page.getByTestId('setup-step-bells').click();
    await expect(page.getByTestId('bell-start-1')).toHaveValue('08:30');
    await page.getByTestId('bells-save').click();
    await expect(page.getByTestId('bells-saved')).toContainText('уроков — 7');
    await expect(page.getByTestId('setup-step-bells')).toHaveAttribute('data-done', 'true');
    await shot(page, '7-bells');

    // Классы: 5А and 5Б with their class teachers and rooms.
    await page.getByTestId('setup-step-classes').click();
    await addClass(page, { grade: '5', letter: 'А', teacher: 'Числова Анна Петровна', room: '21' });
    await addClass(page, { grade: '5', letter: 'Б', teacher: 'Словесников Олег Ильич', room: '22' });
    await expect(page.getByTestId('setup-step-classes')).toHaveAttribute('data-done', 'true');
    await shot(page, '8-classes');

    // Предметы и учебный план: two subjects, the 5th grade's hours.
    await page.getByTestId('setup-step-curriculum').click();
    await addSubject(page, { name: 'Математика', short: 'Матем.' });
    await addSubject(page, { name: 'Русский язык', short: 'Рус. яз.' });
    await expect(page.getByTestId('plan-grade')).toHaveValue('5');
    await page.locator('[data-testid=plan-row][data-subject="Математика"]').getByTestId('plan-hours').fill('5');
    await page.locator('[data-testid=plan-row][data-subject="Русский язык"]').getByTestId('plan-hours').fill('4');
    await expect(page.getByTestId('plan-total')).toHaveText('9');
    await page.getByTestId('plan-save').click();
    await expect(page.getByTestId('plan-saved')).toContainText('9 ч в неделю');
    await expect(page.getByTestId('setup-step-curriculum')).toHaveAttribute('data-done', 'true');
    await shot(page, '9-curriculum');

    // Нагрузка: each class × subject, hours from the plan.
    await page.getByTestId('setup-step-load').click();
    for (const cls of ['5А', '5Б']) {
      await assignLoad(page, cls, 'Математика', 'Числова Анна Петровна');
      await assignLoad(page, cls, 'Русский язык', 'Словесников Олег Ильич');
    }
    await expect(page.getByTestId('load-row')).toHaveCount(4);
    await expect(page.getByTestId('setup-step-load')).toHaveAttribute('data-done', 'true');
    await shot(page, '10-load');

    // Расписание of 5А from 01.09.2026: mathematics 1st lesson Mon–Fri, Russian 2nd Mon–Thu.
    await page.getByTestId('setup-step-timetable').click();
    await expect(page.getByTestId('tt-from')).toHaveValue('01.09.2026');
    for (let d = 1; d <= 5; d++) await page.getByTestId(`tt-${d}-1`).selectOption({ label: 'Математика' });
    for (let d = 1; d <= 4; d++) await page.getByTestId(`tt-${d}-2`).selectOption({ label: 'Русский язык' });
    await expect(page.getByTestId('tt-room-1-1')).toHaveValue('21');
    await page.getByTestId('tt-save').click();
    await expect(page.getByTestId('tt-result')).toContainText('Уроков создано', { timeout: 60_000 });
    await shot(page, '11-timetable');
    const lessons = await readDb(server.db, (k) => k('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id').where({ 'c.name': '5А', 'l.cancelled': 0 }).select('l.date'));
    expect(lessons.length).toBeGreaterThan(100);
    const dates = lessons.map((l: { date: string }) => l.date).sort();
    expect(dates[0]).toBe('2026-09-01');
    // No lesson falls in a holiday of the 5th grade (R-REC-4).
    const holidays: { starts_on: string; ends_on: string }[] = await readDb(server.db, (k) => k('holiday').where('grade_from', '<=', 5).where('grade_to', '>=', 5).select('starts_on', 'ends_on'));
    expect(holidays.length).toBeGreaterThan(0);
    for (const h of holidays) expect(dates.filter((d) => d >= h.starts_on && d <= h.ends_on)).toEqual([]);

    // Заместители: the deputy oversees the 5th grade (R-ROLE-4).
    await page.getByTestId('setup-step-deputies').click();
    const deputy = page.locator('[data-testid=deputy-row][data-login=zavucheva]');
    await deputy.locator('input[data-grade="5"]').check();
    await deputy.getByTestId('deputy-save').click();
    await expect(deputy).toContainText('Сохранено.');
    expect(await readDb(server.db, (k) => k('deputy_grade').where({ removed: 0 }).pluck('grade'))).toEqual([5]);
    await shot(page, '12-deputies');

    // Проверка: what is still missing (students, 5Б's timetable, the plans) and the lessons.
    await page.getByTestId('setup-step-check').click();
    await expect(page.getByTestId('setup-check-summary')).toHaveAttribute('data-ready', 'false');
    for (const key of ['school', 'year', 'periods', 'holidays', 'bells', 'classes', 'curriculum', 'load']) {
      await expect(page.locator(`[data-testid=setup-check-item][data-key=${key}]`)).toHaveAttribute('data-done', 'true');
    }
    await expect(page.locator('[data-testid=setup-check-item][data-key=timetable]')).toContainText('5Б, Математика');
    await expect(page.locator('[data-testid=setup-check-item][data-key=students]')).toHaveAttribute('data-done', 'false');
    await page.getByTestId('generate-lessons').click();
    await expect(page.getByTestId('generate-result')).toContainText('новых — 0', { timeout: 60_000 });
    await shot(page, '13-check');

    // Each step opens again on what was saved.
    await page.getByTestId('setup-step-bells').click();
    await expect(page.getByTestId('bell-end-7')).toHaveValue(/\d\d:\d\d/);
    await page.getByTestId('setup-step-school').click();
    await expect(page.getByTestId('school-certifier-title')).toHaveValue('Заместитель директора по УР');
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('the demo choice of the first start opens the demo school, marked as a demo on the sign-in', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await freshServer();
  try {
    await page.goto(server.url);
    await page.getByTestId('first-start-demo').click();
    await expect(page.getByTestId('login-form')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('heading', { name: 'Демонстрационная школа' })).toBeVisible();
    await shot(page, 'demo');
    expect(await readDb(server.db, (k) => k('school').first('is_demo'))).toEqual({ is_demo: 1 });
  } finally {
    await server.stop();
  }
});

test('joining the school\'s share from an empty folder is refused in Russian and leaves the first start', async ({ page }) => {
  const server = await freshServer();
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-empty-share-'));
  try {
    await page.goto(server.url);
    await page.getByTestId('first-start-join').click();
    await page.getByTestId('join-share').fill(empty);
    await page.getByTestId('join-submit').click();
    await expect(page.getByTestId('join-error')).toContainText(/снимк/i);
    await shot(page, 'join-refused');
    await page.reload();
    await expect(page.getByTestId('first-start')).toBeVisible();
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
    await server.stop();
  }
});
