// «Импорт и экспорт» (administrator, R-ROLE-6): staff from an XLSX workbook and students from
// a CSV in Windows-1251 onto the demo school, each previewed row by row before anything is
// written; a bad row blocks the file until it is skipped; the database is compared with the
// screen. The files are made here (exceljs, iconv-lite). New people get logins starting
// «aa-» and the students go to the last class of the school from today, so the other e2e
// files' choices and pages are not changed.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';

test('the administrator loads staff from XLSX and students from a Windows-1251 CSV, seeing each row\'s fate first', async ({ page }, info) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const dir = info.outputPath('files');
  fs.mkdirSync(dir, { recursive: true });
  const lastClass = await withDb(async (knex) => (await knex('class').orderBy([{ column: 'grade', order: 'desc' }, { column: 'letter', order: 'desc' }]).first('name')).name as string);

  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Сотрудники');
  sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']);
  sheet.addRow(['Импортова', 'Алла', 'Борисовна', 'учитель химии', 'aa-importova', 'учитель']);
  sheet.addRow(['Загрузкин', 'Борис', 'Юрьевич', 'учитель физики', 'aa-zagruzkin', 'учитель']);
  const staffFile = path.join(dir, 'сотрудники.xlsx');
  fs.writeFileSync(staffFile, Buffer.from(await wb.xlsx.writeBuffer()));

  await signIn(page, 'admin');
  await page.getByTestId('nav-exchange').click();
  await expect(page.getByRole('heading', { name: 'Импорт и экспорт' })).toBeVisible();
  await page.getByTestId('exchange-kind').selectOption('staff');
  await page.getByTestId('exchange-file').setInputFiles(staffFile);
  await expect(page.getByTestId('exchange-row')).toHaveCount(2);
  await expect(page.locator('[data-testid=exchange-row][data-fate=new]')).toHaveCount(2);
  expect(await withDb((knex) => knex('staff').where('login', 'like', 'aa-%').select('id'))).toHaveLength(0);
  await page.screenshot({ path: path.join(SHOTS, 'import-staff-preview.png') });
  await page.getByTestId('exchange-commit').click();
  await expect(page.getByTestId('exchange-done')).toContainText('новых строк 2');
  expect((await withDb((knex) => knex('staff').where('login', 'like', 'aa-%').orderBy('login').pluck('last_name')))).toEqual(['Импортова', 'Загрузкин']);

  // Students: Windows-1251, `;`, one row with a date that does not exist.
  const csv = iconv.encode([
    'Класс;Фамилия;Имя;Отчество;Дата рождения;Пол;Дата зачисления;Представитель 1: ФИО;Кем приходится 1;Телефон 1',
    `${lastClass};Кодировкина;Юлия;Андреевна;14.05.2009;ж;23.11.2026;Кодировкина Ольга Петровна;мать;+7 900 555-11-22`,
    `${lastClass};Файлов;Тимофей;Игоревич;30.02.2009;м;23.11.2026;;;`,
    `${lastClass};Строкин;Глеб;Олегович;02.10.2009;м;23.11.2026;Строкин Олег Ильич;отец;`,
  ].join('\r\n'), 'win1251');
  const studentFile = path.join(dir, 'список.csv');
  fs.writeFileSync(studentFile, csv);
  await page.getByTestId('exchange-kind').selectOption('students');
  await page.getByTestId('exchange-file').setInputFiles(studentFile);
  await expect(page.getByTestId('exchange-row')).toHaveCount(3);
  await expect(page.getByTestId('exchange-summary')).toContainText('Windows-1251');
  const bad = page.locator('[data-testid=exchange-row][data-row="3"]');
  await expect(bad).toHaveAttribute('data-fate', 'error');
  await expect(bad).toContainText('Дата рождения: «30.02.2009» — не дата');
  await expect(page.getByTestId('exchange-commit')).toBeDisabled();
  await page.screenshot({ path: path.join(SHOTS, 'import-students-error.png') });
  await bad.getByTestId('exchange-skip').check();
  await expect(page.locator('[data-testid=exchange-row][data-row="3"]')).toHaveAttribute('data-fate', 'skipped');
  await expect(page.getByTestId('exchange-commit')).toBeEnabled();
  await page.screenshot({ path: path.join(SHOTS, 'import-students-preview.png') });
  await page.getByTestId('exchange-commit').click();
  await expect(page.getByTestId('exchange-done')).toContainText('новых строк 2');
  await expect(page.getByTestId('exchange-done')).toContainText('пропущено 1');
  const added = await withDb((knex) => knex('student as s').join('enrolment as e', 'e.student_id', 's.id').join('class as c', 'c.id', 'e.class_id')
    .whereIn('s.last_name', ['Кодировкина', 'Файлов', 'Строкин']).orderBy('s.last_name').select('s.last_name', 'c.name', 'e.starts_on'));
  expect(added).toEqual([{ last_name: 'Кодировкина', name: lastClass, starts_on: '2026-11-23' }, { last_name: 'Строкин', name: lastClass, starts_on: '2026-11-23' }]);

  // The template downloads as XLSX.
  const download = page.waitForEvent('download');
  await page.getByTestId('exchange-template').click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
  await page.screenshot({ path: path.join(SHOTS, 'import-done.png') });
  expect(errors).toEqual([]);
});
