// «The year closes with students promoted, and the next year is set up» (issue 13 point 6,
// R-ROLE-6): on its own demo school and its own preview server with "today" after the
// year's last school day (closing the year would disturb the other files' shared school),
// the administrator prepares next year, closes the year by the director's order with the
// missing year marks acknowledged, and prints the list of promoted students; the screens
// are compared with the database and saved as screenshots.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverForFile, readDb, SHOTS, type Db } from './helpers';

const TODAY = '2027-06-20';
const server = serverForFile(TODAY, 'journal-yc-', { demo: { seed: 1, year: 2026, students: 150 } }, 180_000);

const read = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server().db, fn);

test('the year closes with students promoted, and the next year is set up', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(server().url);
  await page.getByTestId('login-input').fill('admin');
  await page.getByTestId('password-input').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toBeVisible();
  await page.getByTestId('nav-year-close').click();
  await expect(page.getByTestId('yc-state')).toHaveAttribute('data-status', 'open');
  const missing = await read(async (k) => Number((await k('class').where('grade', '>', 1).count('* as n').first())!.n));
  expect(missing).toBeGreaterThan(0);
  await expect(page.getByTestId('yc-missing')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'year-close-1-proposal.png') });

  await page.getByTestId('yc-prepare').click();
  await expect(page.getByTestId('yc-message')).toContainText('2027/2028 подготовлен');
  await expect(page.getByTestId('yc-next')).toContainText('2027/2028');
  const nextClasses = await read((k) => k('class as c').join('academic_year as y', 'y.id', 'c.year_id').where('y.name', '2027/2028').pluck('c.name'));
  expect(nextClasses.length).toBeGreaterThan(0);

  // A student of grade 6 kept back by the administrator's choice.
  const firstRow = page.locator('[data-testid="yc-row"]').filter({ hasText: /^6/ }).first();
  const keptId = await firstRow.getAttribute('data-student');
  await firstRow.locator('select').selectOption('kept');
  await expect(firstRow).toHaveAttribute('data-decision', 'kept');

  await page.getByTestId('yc-order-date').fill('2027-06-15');
  await page.getByTestId('yc-close').click();
  await expect(page.getByTestId('yc-message')).toContainText('номер приказа');
  await page.getByTestId('yc-order-no').fill('112-о');
  await page.getByTestId('yc-close').click();
  await expect(page.getByTestId('yc-message')).toContainText('Не выставлено годовых отметок');
  await page.getByTestId('yc-ack').check();
  await page.screenshot({ path: path.join(SHOTS, 'year-close-2-order.png') });
  await page.getByTestId('yc-close').click();
  await expect(page.getByTestId('yc-message')).toContainText('закрыт');
  await expect(page.getByTestId('yc-state')).toHaveAttribute('data-status', 'closed');

  const db1 = await read(async (k) => ({
    year: await k('academic_year').where({ name: '2026/2027' }).first('status', 'closed_order_no'),
    next: await k('academic_year').where({ name: '2027/2028' }).first('status'),
    promotions: await k('promotion').select('decision', 'student_id'),
    kept: keptId ? await k('enrolment as e').join('class as c', 'c.id', 'e.class_id').join('academic_year as y', 'y.id', 'c.year_id').where({ 'e.student_id': keptId, 'y.name': '2027/2028' }).first('c.grade') : null,
  }));
  expect(db1.year).toEqual({ status: 'closed', closed_order_no: '112-о' });
  expect(db1.next.status).toBe('open');
  expect(db1.promotions.length).toBeGreaterThan(100);
  expect(db1.promotions.filter((p) => p.decision === 'promoted').length).toBeGreaterThan(50);
  expect(db1.kept?.grade).toBe(6);

  const cls = await read((k) => k('class as c').join('academic_year as y', 'y.id', 'c.year_id').where({ 'y.name': '2026/2027', 'c.grade': 6 }).orderBy('c.letter').first('c.id', 'c.name'));
  await page.getByTestId('yc-class').selectOption(cls.id);
  await expect(page.locator('[data-testid="yc-row"]').first()).toContainText(cls.name);
  await page.screenshot({ path: path.join(SHOTS, 'year-close-3-closed.png') });
  await page.getByTestId('yc-print-list').click();
  await expect(page.getByTestId('yc-message')).toContainText('Список переведённых напечатан');
  const registered = await read((k) => k('print_register').where({ kind: 'promotion_list', class_id: cls.id }).count('* as n').first());
  expect(Number(registered!.n)).toBe(1);

  // The closed year's pages read-only for their teacher, with the note (R-ROLE-6).
  await page.getByTestId('logout').click();
  await page.getByTestId('login-input').fill('teacher');
  await page.getByTestId('password-input').fill('demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-pages').click();
  await page.getByTestId('page-link').first().click();
  await expect(page.getByTestId('year-closed-note')).toHaveText('Учебный год закрыт: журнал только для чтения');
  await expect(page.locator('.page-period')).toContainText('только просмотр');
  await page.screenshot({ path: path.join(SHOTS, 'year-close-4-read-only-page.png') });
});
