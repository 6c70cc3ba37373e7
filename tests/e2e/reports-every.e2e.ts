// Every report of the registry on screen (issue 14, "Done when": each report's screen with a
// screenshot): the deputy asks for each report offered, with its defaults and, where a
// parameter is required and has none, the first choice of its list; the report's title,
// its rules and its tables or parts are shown, nothing is refused, and no CSP violation is
// logged. One preview server of its own (demo school, «today» 23.11.2026), 1366×768.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serverForFile, signInWide, SHOTS, watchConsole } from './helpers';

const TODAY = '2026-11-23';
const server = serverForFile(TODAY, 'journal-reports-every-', { demo: { seed: 3, year: 2026, students: 150 } });

/** Required selects left at «— выберите —» get their first real choice (a class, a period). */
async function fillRequired(page: Page) {
  const selects = page.getByTestId('report-params').locator('select');
  for (let i = 0; i < (await selects.count()); i += 1) {
    const s = selects.nth(i);
    if ((await s.inputValue()) !== '' || (await s.isDisabled())) continue;
    const first = await s.locator('option').evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value).find((v) => v !== ''));
    if (first !== undefined && (await s.locator('option', { hasText: '— выберите —' }).count()) > 0) await s.selectOption(first);
  }
}

test('the deputy opens every report offered to them, each on screen with its title and rules', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchConsole(page);
  await signInWide(page, 'deputy', server().url);
  await page.getByTestId('nav-reports').click();
  const items = page.locator('.report-item');
  await expect(items.first()).toBeVisible();
  const names = await items.evaluateAll((bs) => bs.map((b) => (b.getAttribute('data-testid') ?? '').replace(/^report-/, '')));
  expect(names.length).toBeGreaterThanOrEqual(9);
  for (const name of names) {
    await page.getByTestId(`report-${name}`).click();
    await fillRequired(page);
    await expect(page.getByTestId('report-run')).toBeEnabled();
    await page.getByTestId('report-run').click();
    const view = page.getByTestId('report-view');
    await expect(view).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('report-title')).not.toHaveText('');
    await expect(view.locator('[data-testid="report-table"], [data-testid="report-chart"], p, li').first()).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, `reports-every-${name}.png`) });
  }
  expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
});
