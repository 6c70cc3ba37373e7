// Printing from the app (issue 5 item 6) as a deputy and the secretary would use it: the
// deputy previews a class copy in the window (the real PDF drawn by pdf.js under the strict
// CSP), starts the whole school's term copies, watches the progress, cancels the job, then
// saves one class's copy as PDF and checks it against the journal; the secretary prints an
// extract of a book. Files are read back with pdftotext and compared with the database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
const squeeze = (s: string) => s.replace(/\s+/g, '');
const printFolder = () => path.join(path.dirname(process.env.E2E_DB!), 'Печать');

test('a deputy previews a class copy, follows and cancels the whole school job, and saves a PDF', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await signIn(page, 'deputy');
  await page.getByTestId('nav-print').click();
  await expect(page.getByTestId('print-period')).toContainText('1 четверть');

  // Preview: the class copy of 5А, drawn in the window page by page.
  await page.getByTestId('print-class').selectOption({ label: '5А' });
  await page.getByTestId('print-preview-btn').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 1 из \d+/, { timeout: 60_000 });
  const canvas = page.getByTestId('preview-canvas');
  await expect(canvas).toHaveAttribute('data-rendered-page', '1');
  const ink = () => canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
    return dark;
  });
  expect(await ink(), 'the title page has text on it').toBeGreaterThan(2000);
  await page.getByTestId('preview-next').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 2 из/);
  await expect(canvas).toHaveAttribute('data-rendered-page', '2');
  expect(await ink()).toBeGreaterThan(2000);
  await page.getByTestId('print-preview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}printing-preview.png`, fullPage: true });

  // The whole school's term copies: a job with progress, then cancelled.
  const registered = () => withDb(async (knex) => Number(((await knex('print_register').count('id as n').first()) as { n: number }).n));
  const before = await registered();
  // Files other tests of the run saved here before (book extracts are not register documents).
  const earlier = new Set(fs.existsSync(printFolder()) ? fs.readdirSync(printFolder()) : []);
  await page.getByTestId('print-class').selectOption('all');
  await page.getByTestId('print-save-btn').click();
  const job = page.getByTestId('job-row').first();
  await expect(job).toHaveAttribute('data-job-state', 'running');
  await expect(job.getByTestId('job-counts')).toHaveText(/Классов: [1-9]\d* из \d+/, { timeout: 120_000 });
  expect(Number(await job.getByTestId('job-progress').getAttribute('value'))).toBeGreaterThan(0);
  // The service stays free meanwhile: another screen loads while the job runs.
  await page.getByTestId('nav-books').click();
  await expect(page.getByTestId('books-tab-copies')).toBeVisible({ timeout: 3000 });
  await page.getByTestId('nav-print').click();
  await expect(job).toHaveAttribute('data-job-state', 'running');
  await page.screenshot({ path: `${SHOTS}printing-job-progress.png`, fullPage: true });
  await job.getByTestId('job-cancel').click();
  await expect(job).toHaveAttribute('data-job-state', 'cancelled', { timeout: 30_000 });
  await expect(job.getByTestId('job-message')).toContainText('незаконченный документ не сохранён');
  const done = Number(/Классов: (\d+)/.exec((await job.getByTestId('job-counts').textContent()) ?? '')![1]);
  expect(await registered()).toBe(before + done);
  const files = fs.readdirSync(printFolder()).filter((f) => !earlier.has(f));
  expect(files.filter((f) => !f.endsWith('.pdf')), 'no temporary file left').toEqual([]);
  const inRegister = await withDb(async (knex) => new Set((await knex('print_register').select('file_path')).map((r: { file_path: string }) => path.basename(r.file_path))));
  expect(files.filter((f) => !inRegister.has(f)), 'every file is a registered, complete document').toEqual([]);

  // One class's copy saved as PDF: the path is shown, the file holds the journal's data.
  await page.getByTestId('print-class').selectOption({ label: '5А' });
  await page.getByTestId('print-save-btn').click();
  const saved = page.getByTestId('job-row').first();
  await expect(saved).toHaveAttribute('data-job-state', 'done', { timeout: 120_000 });
  const fileLine = saved.getByTestId('job-file').first();
  const docNo = (await fileLine.locator('.mono').first().textContent())!.trim();
  const file = (await fileLine.locator('.path').textContent())!.trim();
  expect(path.dirname(file)).toBe(printFolder());
  const text = squeeze(pdfText(file));
  expect(text).toContain(squeeze(`Документ № ${docNo}`));
  const students = await withDb(async (knex) => {
    const cls = await knex('class').where({ name: '5А' }).first('id');
    return (await knex('enrolment as e').join('student as s', 's.id', 'e.student_id').where('e.class_id', cls.id).select('s.last_name')) as { last_name: string }[];
  });
  expect(students.length).toBeGreaterThan(5);
  for (const s of students) expect(text).toContain(squeeze(s.last_name));

  // The register lists it as current; the check against the journal says so.
  const row = page.getByTestId('register-row').filter({ hasText: docNo });
  await expect(row).toHaveAttribute('data-status', 'current');
  await row.getByTestId('register-verify').click();
  await expect(row.getByTestId('verify-result')).toContainText('соответствует электронному журналу');
  await page.screenshot({ path: `${SHOTS}printing-saved.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the secretary previews and saves an extract of the backup log (R-PRINT-3)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'secretary');
  await page.getByTestId('nav-books').click();
  await page.getByTestId('books-tab-backups').click();
  await page.getByTestId('book-print-backup-log').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 1 из \d+/, { timeout: 60_000 });
  await page.getByTestId('book-save').click();
  await expect(page.getByTestId('book-notice')).toContainText('Сохранено: ');
  const file = ((await page.getByTestId('book-notice').textContent()) ?? '').replace(/^Сохранено:\s*/, '').trim();
  expect(path.dirname(file)).toBe(printFolder());
  expect(pdfText(file)).toContain('Журнал пользования резервными копиями');
  expect(errors).toEqual([]);
});
