// The demo school made in December (issue 16), on its own preview server with "today"
// 04.12.2026 and a demo made for that day (journal demo --today): the deputy's overview of
// the second quarter, taught up to the day before; a journal page of grade 7 and of grade
// 10 opened on the period under way with lessons up to 03.12 and nothing later; the
// secretary's books holding the first quarter's copies (R-PRINT-3). Compared with the
// database; screenshots at 1366×768.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverForFile, signInWide, readDb, SHOTS, type Db } from './helpers';

const TODAY = '2026-12-04';
const server = serverForFile(TODAY, 'journal-demo-today-', { demo: { seed: 1, year: 2026, students: 300, today: TODAY } });

const read = <T>(fn: (knex: Db) => Promise<T>): Promise<T> => readDb(server().db, fn);

test('the deputy\'s overview: the second quarter taught up to 03.12.2026', async ({ page }) => {
  test.setTimeout(120_000);
  await signInWide(page, 'deputy', server().url);
  await expect(page.getByTestId('overview-table')).toBeVisible();
  await expect(page.getByTestId('overview-note')).toContainText('03.12.2026');
  const periods = await page.getByTestId('overview-period-name').allTextContents();
  expect(periods.some((p) => p.includes('2 четверть'))).toBe(true);
  const last = await read(async (k) => (await k('lesson').max('date as d').first()) as { d: string });
  expect(last.d).toBe('2026-12-03');
  await page.screenshot({ path: path.join(SHOTS, 'demo-today-1-deputy-overview.png') });
});

for (const grade of [7, 10]) {
  test(`a journal page of grade ${grade} opens on the period under way with lessons up to 03.12`, async ({ page }) => {
    test.setTimeout(120_000);
    const cls = await read(async (k) => (await k('class').where({ grade }).orderBy('letter').first('id', 'name')) as { id: string; name: string });
    await signInWide(page, 'director', server().url);
    await page.getByTestId('nav-classes').click();
    await page.getByTestId('class-select').selectOption({ label: cls.name });
    await page.getByTestId('page-link').first().click();
    const select = page.getByTestId('period-select');
    await expect(select.locator('option:checked')).toHaveText(grade <= 9 ? '2 четверть' : '1 полугодие');
    await expect(page.getByTestId('journal-grid')).toBeVisible();
    await expect(page.getByTestId('grid-student-row').first()).toBeVisible();
    // The page's lessons in the database: the period's so far, the last one before today.
    const last = await read(async (k) => (await k('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', cls.id).max('l.date as d').first()) as { d: string });
    expect(last.d < TODAY).toBe(true);
    expect(last.d >= '2026-12-01').toBe(true);
    await page.screenshot({ path: path.join(SHOTS, `demo-today-${grade === 7 ? 2 : 3}-journal-grade-${grade}.png`) });
  });
}

test('the secretary\'s books hold the first quarter\'s copies, hand-overs and backup entries', async ({ page }) => {
  test.setTimeout(120_000);
  const copies = await read(async (k) => Number(((await k('certification_class').whereNotNull('bound_at').count('* as n').first()) as { n: number }).n));
  expect(copies).toBeGreaterThan(0);
  await signInWide(page, 'secretary', server().url);
  await page.getByTestId('nav-books').click();
  await page.getByTestId('books-tab-copies').click();
  await expect(page.getByTestId('books-copy-row')).toHaveCount(copies);
  await expect(page.getByTestId('books-copies')).toContainText('1 четверть');
  await page.screenshot({ path: path.join(SHOTS, 'demo-today-4-books-copies.png') });
  await page.getByTestId('books-tab-strict').click();
  await expect(page.getByTestId('books-strict-row')).toHaveCount(copies);
  await page.screenshot({ path: path.join(SHOTS, 'demo-today-5-books-strict.png') });
  await page.getByTestId('books-tab-backups').click();
  await expect(page.getByTestId('books-backup-row').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'demo-today-6-books-backups.png') });
});
