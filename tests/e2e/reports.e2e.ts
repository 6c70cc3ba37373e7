// «Отчёты» (issue 14), the framework on its own demo school and preview server («today»
// 23.11.2026): the deputy opens the reports screen, asks for a report, sees it (title, the
// rules, tables, a chart drawn by ECharts in SVG, with no CSP violation), clicks a figure
// through to the journal page behind it and comes back to the same report; downloads the
// workbook and the PDF (entered in the register of printed documents). A class teacher is
// offered only the reports of a class. Screenshots at 1366×768.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { serverForFile, signInWide, readDb, SHOTS, watchConsole } from './helpers';

const TODAY = '2026-11-23';
const server = serverForFile(TODAY, 'journal-reports-', { demo: { seed: 2, year: 2026, students: 150 } });

test('the deputy asks for a report, clicks a figure through to the journal page and back, and downloads it as Excel and PDF', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  await signInWide(page, 'deputy', server().url);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByRole('heading', { name: 'Отчёты', exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'reports-framework-list.png') });

  await page.getByTestId('report-control').click();
  await page.getByTestId('report-run').click();
  const view = page.getByTestId('report-view');
  await expect(view).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('report-title')).toHaveText('Контроль ведения журнала');
  await expect(view.getByTestId('report-table').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'reports-framework-control.png') });

  // A chart, drawn by ECharts as SVG, where the report has one.
  const charts = view.getByTestId('report-chart');
  if (await charts.count()) {
    await expect(charts.first().locator('svg')).toBeVisible();
    await charts.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'reports-framework-chart.png') });
  }

  // A figure leads to the journal page behind it (directly, or through the list of its lessons).
  const link = view.locator('[data-testid="report-link"][data-link="page"], [data-testid="report-link"][data-link="lessons"]').first();
  await expect(link).toBeVisible();
  const kind = await link.getAttribute('data-link');
  await link.scrollIntoViewIfNeeded();
  await link.click();
  if (kind === 'lessons') {
    const lessons = page.getByTestId('report-lessons');
    await expect(lessons).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'reports-framework-lessons.png') });
    await lessons.getByTestId('report-lesson').first().click();
  }
  await expect(page.getByTestId('journal-page')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, 'reports-framework-to-page.png') });
  await page.getByRole('button', { name: /Назад/ }).first().click();
  await expect(page.getByTestId('report-title')).toHaveText('Контроль ведения журнала', { timeout: 60_000 });

  // The workbook: read back, the report's title on its first sheet.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^control-.*\.xlsx$/);
  const xfile = path.join(server().dir, 'report.xlsx');
  await xlsx.saveAs(xfile);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xfile);
  expect(wb.worksheets[0]!.getCell('A1').value).toBe('Контроль ведения журнала');

  // The PDF: a document of the register.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
  const pfile = path.join(server().dir, 'report.pdf');
  await pdf.saveAs(pfile);
  expect(fs.readFileSync(pfile).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.getByTestId('report-done')).toContainText('внесён в реестр');
  const registered = await readDb(server().db, (k) => k('print_register').where({ kind: 'report', report_name: 'control' }).select('doc_no'));
  expect(registered.length).toBe(1);
  await expect(page.getByTestId('report-done')).toContainText(registered[0]!.doc_no);
  await page.screenshot({ path: path.join(SHOTS, 'reports-framework-downloaded.png') });

  // «Напечатать»: another document of the register, sent to the printer (here there is none: the file stays saved, and that is said).
  await page.getByTestId('report-print').click();
  await expect(page.getByTestId('report-done')).toContainText('внесён в реестр напечатанных документов под №');
  const printed = await readDb(server().db, (k) => k('print_register').where({ kind: 'report', report_name: 'control' }).orderBy('printed_at').select('doc_no', 'file_path'));
  expect(printed.length).toBe(2);
  expect(fs.existsSync(printed[1]!.file_path)).toBe(true);
  expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
});

test('a class teacher is offered the reports of a class, their own class first', async ({ page }) => {
  test.setTimeout(120_000);
  await signInWide(page, 'classteacher', server().url);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('report-control')).toHaveCount(0);
  const first = page.locator('.report-item').first();
  await first.click();
  const cls = page.getByTestId('report-param-classId');
  await expect(cls).toBeVisible();
  await expect(cls.locator('option:checked')).toContainText('мой класс');
  await page.screenshot({ path: path.join(SHOTS, 'reports-framework-class-teacher.png') });
});
