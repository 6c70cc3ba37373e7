// The term-end certification run end to end for one class as the school would (R-PRINT-2,
// 004 §4): the deputy opens the campaign of the first quarter; day 1 the teachers confirm
// their period marks; day 2 the deputy makes the backup and prints the copy (with a reason
// for the teachers who have not confirmed); day 3 the signatures; day 4 the class teacher's
// title page; day 5 the handover to the secretary, the director's signature, the seal and
// the folder. A screenshot of the dashboard at each day; the screens are compared with the
// database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

// "Today" of the preview server is 23.11.2026; the five days of the campaign follow it.
const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];

async function as(browser: Browser, login: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors = watchConsole(page);
  await signIn(page, login);
  return { page, errors };
}

async function demoClass(): Promise<{ id: string; name: string }> {
  return withDb(async (knex) => {
    const ct = await knex('staff').where({ login: 'classteacher' }).first('id');
    return knex('class').where({ class_teacher_id: ct.id }).first('id', 'name');
  });
}

async function dashboardShot(page: Page, day: number, className: string): Promise<void> {
  await page.getByTestId('nav-certification').click();
  await expect(page.getByTestId('cert-matrix')).toBeVisible();
  await page.getByTestId('cert-row').filter({ has: page.getByRole('button', { name: className, exact: true }) }).getByTestId('cert-open-class').click();
  await expect(page.getByTestId('cert-class-detail')).toBeVisible();
  await page.locator('#content').evaluate((e) => e.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}certification-day-${day}.png`, fullPage: true });
}

// Runs first: it leaves the first quarter's campaign cancelled, and the test after it opens
// the quarter again.
test('the deputy is told why a period not near its end cannot be opened yet, and cancels a campaign opened by mistake (R-PRINT-2)', async ({ browser }) => {
  const deputy = await as(browser, 'deputy');
  const d = deputy.page;
  const q2 = await withDb((knex) => knex('period').where({ kind: 'quarter', number: 2 }).first('id', 'ends_on'));
  expect(q2.ends_on).toBe('2026-12-25');

  // The second quarter ends on 25.12.2026: the five days proposed skip the weekends and the
  // New Year holidays (1–8 January); today, 23.11.2026, is too early to open it.
  await d.getByTestId('nav-certification').click();
  await d.getByTestId('cert-new').click();
  await d.getByTestId('cert-open-period').selectOption(q2.id);
  await expect(d.getByTestId('cert-open-day-1')).toHaveValue('28.12.2026');
  await expect(d.getByTestId('cert-open-day-4')).toHaveValue('31.12.2026');
  await expect(d.getByTestId('cert-open-day-5')).toHaveValue('11.01.2027');
  await expect(d.getByTestId('cert-open-hint')).toContainText('можно открыть с 18.12.2026');
  await d.getByTestId('cert-open-submit').click();
  const refusal = d.getByTestId('cert-open-form').getByRole('alert');
  await expect(refusal).toContainText('закончится 25.12.2026');
  await expect(refusal).toContainText('с 18.12.2026');
  await expect(refusal).not.toContainText('R-');
  await d.screenshot({ path: `${SHOTS}certification-open-refused.png`, fullPage: true });
  expect(await withDb((knex) => knex('certification_campaign').where({ period_id: q2.id }).first('id'))).toBeUndefined();

  // The first quarter is opened by mistake, then cancelled with a reason before any step.
  const q1 = await withDb((knex) => knex('period').where({ kind: 'quarter', number: 1 }).first('id'));
  await d.getByTestId('cert-open-period').selectOption(q1.id);
  await d.getByTestId('cert-open-submit').click();
  await expect(d.getByTestId('cert-matrix')).toBeVisible();
  await d.getByTestId('cert-cancel').click();
  await d.getByTestId('cert-cancel-reason').fill('нет');
  await d.getByTestId('cert-cancel-submit').click();
  await expect(d.getByTestId('cert-cancel-form').getByRole('alert')).toContainText('Укажите причину отмены');
  await d.getByTestId('cert-cancel-reason').fill('открыта по ошибке: даты не согласованы с директором');
  await d.getByTestId('cert-cancel-submit').click();
  await expect(d.getByTestId('cert-cancelled')).toContainText('Причина: открыта по ошибке: даты не согласованы с директором');
  await expect(d.getByTestId('cert-matrix')).toHaveCount(0);
  await expect(d.getByTestId('cert-campaign')).toContainText('отменена');
  await d.screenshot({ path: `${SHOTS}certification-cancelled.png`, fullPage: true });

  // The journal keeps the cancelled campaign and its reason.
  const row = await withDb((knex) => knex('certification_campaign').where({ period_id: q1.id }).first('status', 'cancel_reason', 'cancelled_at'));
  expect(row).toMatchObject({ status: 'closed', cancel_reason: 'открыта по ошибке: даты не согласованы с директором' });
  expect(row.cancelled_at).toBeTruthy();
  expect(deputy.errors).toEqual([]);
});

test('a deputy runs the five days of the certification end to end for one class (R-PRINT-2)', async ({ browser }) => {
  test.setTimeout(240_000);
  const cls = await demoClass();
  const deputy = await as(browser, 'deputy');
  const d = deputy.page;
  const row = () => d.getByTestId('cert-row').filter({ has: d.getByRole('button', { name: cls.name, exact: true }) });

  // The deputy opens the campaign of the first quarter with the five dates (a cancelled one may be listed).
  await d.getByTestId('nav-certification').click();
  await expect(d.getByTestId('cert-new')).toBeVisible();
  await d.getByTestId('cert-new').click();
  await expect(d.getByTestId('cert-open-period')).toContainText('1 четверть');
  for (const [i, day] of DAYS.entries()) await d.getByTestId(`cert-open-day-${i + 1}`).fill(day);
  await d.getByTestId('cert-open-submit').click();
  await expect(d.getByTestId('cert-matrix')).toBeVisible();
  await expect(row().getByTestId('cert-cell-marks')).toHaveAttribute('data-status', 'open');
  await expect(row().getByTestId('cert-cell-print')).toHaveAttribute('data-status', 'waiting');
  await d.screenshot({ path: `${SHOTS}certification-day-0-opened.png`, fullPage: true });

  // Day 1: the mathematics teacher checks and confirms the period marks of the class.
  const teacher = await as(browser, 'teacher');
  const t = teacher.page;
  const mathTask = t.getByTestId('task').filter({ hasText: `${cls.name}, Математика` });
  await expect(mathTask).toBeVisible();
  // Each task names its period; no line is listed twice.
  await expect(mathTask).toContainText('отметки за 1 четверть');
  const lines = await t.getByTestId('task').locator('.cert-task-text').allTextContents();
  expect(new Set(lines).size).toBe(lines.length);
  await t.screenshot({ path: `${SHOTS}certification-my-tasks.png`, fullPage: true });
  await mathTask.getByTestId('task-open-check').click();
  await expect(t.getByTestId('mark-check')).toBeVisible();
  await t.getByTestId('check-confirm').click();
  if (await t.getByTestId('check-doubts').isVisible().catch(() => false)) await t.getByTestId('check-confirm-doubts').click();
  await expect(t.getByTestId('check-confirmed')).toBeVisible();
  await t.screenshot({ path: `${SHOTS}certification-day-1-teacher-check.png`, fullPage: true });
  // The class teacher confirms their own subject of the class.
  const classTeacher = await as(browser, 'classteacher');
  const c = classTeacher.page;
  await c.getByTestId('task').filter({ hasText: `${cls.name},` }).first().getByTestId('task-open-check').click();
  await c.getByTestId('check-confirm').click();
  if (await c.getByTestId('check-doubts').isVisible().catch(() => false)) await c.getByTestId('check-confirm-doubts').click();
  await expect(c.getByTestId('check-confirmed')).toBeVisible();
  await dashboardShot(d, 1, cls.name);
  await expect(d.getByTestId('cert-detail-marks')).toContainText('2/');

  // Day 2: the backup, then the print — only with a reason while some teachers have not confirmed.
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-media-'));
  await d.getByTestId('cert-backup-folder').fill(media);
  await d.getByTestId('cert-backup-submit').click();
  await expect(d.getByTestId('cert-backup')).toContainText('записана');
  await d.getByTestId('cert-print').click();
  await expect(d.getByTestId('cert-class-detail').getByRole('alert')).toContainText('Не все учителя подтвердили');
  await d.getByTestId('cert-override').fill('учителя на курсах повышения квалификации, отметки проверены заместителем директора');
  await d.getByTestId('cert-print').click();
  await expect(d.getByTestId('cert-message')).toContainText('документ №', { timeout: 90_000 });
  await expect(d.getByTestId('cert-detail-print')).toContainText('готово');
  await dashboardShot(d, 2, cls.name);

  // Day 3: the teacher records the signature of the mathematics sheets; the deputy the rest.
  await t.reload();
  await t.getByTestId('task').filter({ hasText: cls.name }).filter({ has: t.getByTestId('task-sign') }).first().getByTestId('task-sign').click();
  await expect(t.getByTestId('task').filter({ hasText: `подписать листы: ${cls.name}, Математика` })).toHaveCount(0);
  await d.reload();
  await dashboardShot(d, 3, cls.name);
  await d.getByTestId('cert-collect-signatures').click();
  await expect(d.getByTestId('cert-detail-signatures')).toContainText('готово');
  await d.screenshot({ path: `${SHOTS}certification-day-3-signed.png`, fullPage: true });

  // Day 4: the class teacher certifies the title page.
  await c.reload();
  await c.getByTestId('task-certify-title').click();
  await expect(c.getByTestId('task-certify-title')).toHaveCount(0);
  await dashboardShot(d, 4, cls.name);
  await expect(d.getByTestId('cert-detail-title')).toContainText('готово');

  // Day 5: the deputy hands the copy to the secretary; the director signs; the secretary seals and files it.
  await d.getByTestId('cert-hand-over').click();
  await expect(d.getByTestId('cert-message')).toContainText('журнале сдачи документов строгой отчётности');
  const director = await as(browser, 'director');
  await director.page.getByTestId('nav-tasks').click();
  await director.page.getByTestId('task').filter({ hasText: cls.name }).getByTestId('task-director-sign').click();
  await expect(director.page.getByTestId('tasks-empty')).toBeVisible();
  const secretary = await as(browser, 'secretary');
  const s = secretary.page;
  await s.getByTestId('nav-certification').click();
  await s.getByTestId('cert-row').filter({ has: s.getByRole('button', { name: cls.name, exact: true }) }).getByTestId('cert-open-class').click();
  await s.getByTestId('cert-seal').click();
  await s.getByTestId('cert-bind').click();
  await expect(s.getByTestId('cert-class-done')).toBeVisible();
  await dashboardShot(d, 5, cls.name);
  for (const k of ['marks', 'print', 'signatures', 'title', 'handover']) {
    if (k !== 'marks') await expect(row().getByTestId(`cert-cell-${k}`)).toHaveAttribute('data-status', 'done');
  }

  // The secretary's books show the copy and the handover.
  await s.getByTestId('nav-books').click();
  await expect(s.getByTestId('books-copy-row').filter({ hasText: cls.name })).toBeVisible();
  await s.getByTestId('books-tab-strict').click();
  await expect(s.getByTestId('books-strict-row').filter({ hasText: cls.name })).toBeVisible();
  await s.screenshot({ path: `${SHOTS}certification-books.png`, fullPage: true });
  await s.getByTestId('books-tab-backups').click();
  await expect(s.getByTestId('books-backup-row').first()).toBeVisible();

  // The screens agree with the database.
  const rec = await withDb((knex) => knex('certification_class').where({ class_id: cls.id }).first());
  expect(rec.print_doc_no).toBeTruthy();
  expect(rec.print_override_reason).toContain('курсах');
  for (const f of ['printed_at', 'title_certified_at', 'handed_at', 'director_signed_at', 'sealed_at', 'bound_at']) expect(rec[f], f).toBeTruthy();
  const log = await withDb((knex) => knex('strict_document_log').where({ id: rec.strict_log_id }).first());
  expect(log.doc_no).toBe(rec.print_doc_no);
  const register = await withDb((knex) => knex('print_register').where({ doc_no: rec.print_doc_no }).first());
  expect(register.folder).toBe(rec.folder);
  for (const p of [deputy, teacher, classTeacher, director, secretary]) expect(p.errors).toEqual([]);
  fs.rmSync(media, { recursive: true, force: true });
});
