// The secretary's books as paper books and a copy checked where its footer says (issue 17
// items 12, 16, 17): a deputy prints the log of substitutions of a class (a document of the
// register, with a cell for each substitute's signature) from «Печать»; the secretary types
// its number into «Книги учёта» → «Проверить копию», the place the footer of every printed
// document names, and is told it matches the journal; she enters a medium of a backup copy
// taken out of the safe and put back in the log of use of backup copies, sees it beside the
// program's events, and previews the book with its signature columns. Screens are compared
// with the database, PDFs read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { CHECK_COPY_FOOTER, CHECK_COPY_MENU, CHECK_COPY_TAB } from '../../shared/check-copy';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** A class of the first quarter with a lesson given by a substitute (the demo records a few). */
async function classWithSubstitutions(): Promise<{ name: string; substitutes: string[] }> {
  return withDb(async (knex) => {
    const rows: { name: string; sub: string }[] = await knex('lesson as l').join('teaching_assignment as t', 't.id', 'l.assignment_id')
      .join('class as c', 'c.id', 't.class_id').join('period as p', function join() {
        this.on('p.year_id', '=', 'c.year_id').andOn(knex.raw("p.kind = 'quarter' AND p.number = 1"));
      })
      .join('staff as s', 's.id', 'l.substitute_teacher_id')
      .whereNotNull('l.substitute_teacher_id').where('l.cancelled', 0).where('c.grade', '>=', 2).whereRaw('l.date BETWEEN p.starts_on AND p.ends_on')
      .orderBy('c.grade').orderBy('c.letter').select('c.name', 's.last_name as sub');
    expect(rows.length, 'the demo school records substitutions').toBeGreaterThan(0);
    const name = rows[0]!.name;
    return { name, substitutes: [...new Set(rows.filter((r) => r.name === name).map((r) => r.sub))] };
  });
}

test('a deputy prints the log of substitutions; the secretary checks the copy by its number where the footer says', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const cls = await classWithSubstitutions();
  await signIn(page, 'deputy');
  await page.getByTestId('nav-print').click();
  await page.getByTestId('print-document').selectOption({ label: 'Журнал замены уроков' });
  await expect(page.getByTestId('print-period')).toContainText('1 четверть');
  await page.getByTestId('print-class').selectOption({ label: cls.name });
  await page.getByTestId('print-save-btn').click();
  const job = page.getByTestId('job-row').first();
  await expect(job).toHaveAttribute('data-job-state', 'done', { timeout: 120_000 });
  const fileLine = job.getByTestId('job-file').first();
  const docNo = (await fileLine.locator('.mono').first().textContent())!.trim();
  const file = (await fileLine.locator('.path').textContent())!.trim();
  const text = pdfText(file);
  expect(text).toContain('ЖУРНАЛ ЗАМЕНЫ УРОКОВ');
  expect(squeeze(text)).toContain('Подписьзаменявшегоучителя');
  for (const s of cls.substitutes) expect(text).toContain(s);
  // The footer names the place in the app, not a command; no rule id on paper.
  expect(squeeze(text)).toContain(squeeze(CHECK_COPY_FOOTER));
  expect(text).not.toMatch(/verify-print|R-[A-Z]+-\d/);
  expect(await withDb(async (knex) => (await knex('print_register').where({ doc_no: docNo }).first('kind'))?.kind)).toBe('substitution_log');
  await page.getByTestId('logout').click();

  // The secretary follows the footer: «Книги учёта», tab «Проверить копию».
  await signIn(page, 'secretary');
  await expect(page.getByTestId('nav-books')).toHaveText(CHECK_COPY_MENU);
  await page.getByTestId('nav-books').click();
  const tab = page.getByTestId('books-tab-check');
  await expect(tab).toHaveText(CHECK_COPY_TAB);
  await tab.click();
  await page.getByTestId('check-copy-docno').fill('2026-0000-9999');
  await page.getByTestId('check-copy-submit').click();
  await expect(page.getByTestId('check-copy')).toContainText('не найден в реестре');
  await page.getByTestId('check-copy-docno').fill(docNo);
  await page.getByTestId('check-copy-submit').click();
  const result = page.getByTestId('check-copy-result');
  await expect(result).toHaveAttribute('data-status', 'current');
  await expect(result).toContainText('соответствует электронному журналу');
  await expect(result).toContainText('Журнал замены уроков');
  await expect(result).toContainText(cls.name);
  await page.screenshot({ path: `${SHOTS}paper-books-check-copy.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the secretary enters a medium taken out of the safe and put back; the book lists it beside the program\'s events and prints with signature columns', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await signIn(page, 'secretary');
  await page.getByTestId('nav-books').click();
  await page.getByTestId('books-tab-backups').click();
  const form = page.getByTestId('medium-use-form');
  await expect(form).toBeVisible();
  const deputy = await withDb(async (knex) => (await knex('staff').where({ login: 'deputy' }).first('id')).id as string);
  const entries = () => withDb(async (knex) => Number((await knex('backup_medium_use').count('id as n').first())?.n));
  const before = await entries();

  // Taken out of the safe by the deputy, for a check of the copy.
  await page.getByTestId('medium-action').selectOption('taken');
  await page.getByTestId('medium-name').fill('Флеш-накопитель № 2');
  await page.getByTestId('medium-person').selectOption(deputy);
  await page.getByTestId('medium-room').fill('каб. 12, сейф');
  // Without a purpose the service refuses, and nothing is written.
  await page.getByTestId('medium-submit').click();
  await expect(form.locator('.form-error, [role="alert"]').first()).toContainText('для чего');
  expect(await entries()).toBe(before);
  await page.getByTestId('medium-purpose').fill('проверка копии');
  await page.getByTestId('medium-submit').click();
  await expect(page.getByTestId('medium-done')).toContainText('Флеш-накопитель № 2 — взят из сейфа');
  await expect(page.getByTestId('media-out')).toContainText('Флеш-накопитель № 2');
  const row = page.getByTestId('books-backup-row').filter({ hasText: 'Флеш-накопитель № 2: взят из сейфа' });
  await expect(row).toHaveAttribute('data-source', 'secretary');
  await expect(row).toContainText('проверка копии');
  await expect(row).toContainText('каб. 12, сейф');
  await page.screenshot({ path: `${SHOTS}paper-books-medium-taken.png`, fullPage: true });

  // Put back: the medium is in the safe again.
  await page.getByTestId('medium-action').selectOption('returned');
  await page.getByTestId('medium-name').fill('Флеш-накопитель № 2');
  await page.getByTestId('medium-person').selectOption(deputy);
  await page.getByTestId('medium-submit').click();
  await expect(page.getByTestId('medium-done')).toContainText('возвращён в сейф');
  await expect(page.getByTestId('media-out').filter({ hasText: 'Флеш-накопитель № 2' })).toHaveCount(0);
  const saved = await withDb(async (knex) => knex('backup_medium_use').where({ medium: 'Флеш-накопитель № 2' }).orderBy('happened_at').select('action', 'medium', 'person_id', 'purpose', 'room'));
  expect(saved).toEqual([
    { action: 'taken', medium: 'Флеш-накопитель № 2', person_id: deputy, purpose: 'проверка копии', room: 'каб. 12, сейф' },
    { action: 'returned', medium: 'Флеш-накопитель № 2', person_id: deputy, purpose: '', room: 'каб. 12, сейф' },
  ]);

  // The book on paper: the entries and the signature columns.
  await page.getByTestId('book-print-backup-log').click();
  await expect(page.getByTestId('preview-page')).toHaveText(/Страница 1 из \d+/, { timeout: 60_000 });
  await page.getByTestId('book-save').click();
  await expect(page.getByTestId('book-notice')).toContainText('Сохранено: ');
  const file = ((await page.getByTestId('book-notice').textContent()) ?? '').replace(/^Сохранено:\s*/, '').trim();
  const text = squeeze(pdfText(file));
  expect(text).toContain('Флеш-накопитель№2:взятизсейфа');
  expect(text).toContain('Флеш-накопитель№2:возвращёнвсейф');
  for (const w of ['взявшего', 'вернувшего', 'делопроизводителя']) expect(text).toContain(w);
  await page.getByTestId('preview-page').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}paper-books-backup-log-print.png`, fullPage: true });
  expect(errors).toEqual([]);
});
