// The deputy and the director see the school overview; the page is served with the
// strict CSP.
import { expect, test } from '@playwright/test';
import { CSP } from '../../shared/csp';
import { appUrl, signIn, SHOTS, watchConsole, withDb } from './helpers';

test('a deputy sees every class of the school in the overview (R-ROLE-4)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'deputy');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('overview-table')).toBeVisible();
  const classes = await withDb(async (knex) => Number((await knex('class').count('* as n').first())?.n));
  await expect(page.getByTestId('overview-row')).toHaveCount(classes);
  await page.screenshot({ path: `${SHOTS}deputy-overview.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the director opens a class journal page from the overview (R-ROLE-5: sees everything)', async ({ page }) => {
  await signIn(page, 'director');
  await page.getByTestId('nav-classes').click();
  await page.getByTestId('class-select').selectOption({ label: '5А' });
  await page.getByTestId('page-link').first().click();
  // The page opens on the period under way (the second quarter: nothing recorded in the demo
  // yet); the first quarter, taught, is chosen.
  const select = page.getByTestId('period-select');
  await expect(select.locator('option:checked')).toHaveText('2 четверть');
  await select.selectOption({ label: '1 четверть' });
  await expect(page.getByTestId('journal-grid')).toBeVisible();
  await expect(page.getByTestId('grid-student-row').first()).toBeVisible();
});

test('the app is served with the strict Content-Security-Policy', async ({ request }) => {
  const res = await request.get(appUrl());
  expect(res.headers()['content-security-policy']).toBe(CSP);
  expect(await res.text()).not.toMatch(/<script>(?!<\/script>)/);
});
