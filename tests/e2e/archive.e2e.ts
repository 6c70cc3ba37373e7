// The year-end archive (R-PRINT-4) as the secretary uses it: «Книги учёта» → «Архив» shows
// the classes of the year with their copies and keeping periods; she previews the title
// page of 5А's year folder (the real PDF drawn in the window), prints it into the register,
// and sees that the folder cannot be bound yet — the year has not ended (today 23.11.2026)
// and the periods are not all certified — with the reason written out.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

const squeeze = (s: string) => s.replace(/\s+/g, '');

test('the secretary opens the archive, previews and prints a year title page; binding waits for the year end', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await signIn(page, 'secretary');
  await page.getByTestId('nav-books').click();
  await page.getByTestId('books-tab-archive').click();
  await expect(page.getByTestId('archive-summary')).toContainText('не позднее 30.06.2027');
  await expect(page.getByTestId('archive-summary')).toContainText('5 лет');
  const row = page.locator('[data-testid="archive-class-row"][data-class="5А"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('archive-bind-btn')).toBeDisabled();
  await expect(row.getByTestId('archive-status')).toContainText('ещё не прошивается: не прошиты копии 1 четверть');
  expect(await row.getByTestId('archive-status').locator('.archive-why').getAttribute('title')).toContain('не позднее 30.06.2027');

  await row.getByTestId('archive-title-btn').click();
  await page.getByTestId('archive-preview').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 1 из 1/, { timeout: 60_000 });
  const canvas = page.getByTestId('preview-canvas');
  await expect(canvas).toHaveAttribute('data-rendered-page', '1');
  const dark = await canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) n++;
    return n;
  });
  expect(dark, 'the title page is drawn').toBeGreaterThan(2000);
  await page.screenshot({ path: `${SHOTS}archive-title-preview.png`, fullPage: true });

  await page.getByTestId('archive-print').click();
  await expect(page.getByTestId('archive-notice')).toContainText('внесён в реестр', { timeout: 30_000 });
  const entry = await withDb((knex) => knex('print_register as r').join('class as c', 'c.id', 'r.class_id')
    .where({ 'r.kind': 'year_title', 'c.name': '5А' }).orderBy('r.printed_at', 'desc').first('r.doc_no', 'r.file_path'));
  expect(entry, 'the title page is in the register').toBeTruthy();
  const text = squeeze(execFileSync('pdftotext', [entry.file_path, '-'], { encoding: 'utf8' }));
  expect(text).toContain(squeeze('КЛАССНЫЙ ЖУРНАЛ 5А КЛАССА'));
  expect(text).toContain(squeeze('Пронумеровано, прошнуровано и скреплено печатью'));
  expect(text).toContain(squeeze('Срок хранения — 5 лет, до 30.06.2032'));
  await expect(row).toContainText(`№ ${entry.doc_no}`);
  await expect(page.getByTestId('archive-retention').or(page.getByText('Прошитых дел ещё нет.'))).toBeVisible();
  await page.screenshot({ path: `${SHOTS}archive-classes.png`, fullPage: true });
  expect(errors).toEqual([]);
});
