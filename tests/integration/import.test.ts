// Imports from the files a school already has (R-ROLE-6): on a fresh school with its year
// and classes and no students yet, the administrator loads the staff from an XLSX workbook
// and the class lists from a CSV saved by Russian Excel (Windows-1251, `;`); every row's
// fate is shown before anything is written; a bad row stops the whole file until it is
// fixed or skipped, the message naming its row and column; the commit is one transaction.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { newId } from '../../db/ids';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { hashSecret } from '../../db/passwords';
import { ServiceHost } from '../../service/host';
import type { Preview } from '../../service/exchange/exchange';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';
import { tmpDir } from '../helpers/tmp';

let db: JournalDb;
let host: ServiceHost;
const { signIn, ok } = serviceCalls(() => host);
const TODAY = new Date('2026-08-25T10:00:00');
const CLASSES = ['1А', '5А', '5Б', '6А'];

/** A school as the administrator has it after creating the year and its classes: no staff but themself, no students. */
async function freshSchool(file: string): Promise<JournalDb> {
  const j = await openJournal(file);
  const sys = { userId: null };
  const schoolId = newId();
  const yearId = newId();
  const adminId = newId();
  await j.writer.write(sys, [
    { table: 'school', id: schoolId, set: { full_name: 'МБОУ «Средняя школа № 7»', short_name: 'Школа № 7', address: '', inn: '', is_demo: 0 } },
    { table: 'academic_year', id: yearId, set: { school_id: schoolId, name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-05-31', status: 'open' } },
    { table: 'staff', id: adminId, set: { login: 'admin', last_name: 'Админова', first_name: 'Анна', middle_name: 'Петровна', position: 'администратор журнала', password_hash: await hashSecret('Школа-7-пароль'), active: 1 } },
    { table: 'staff_role', id: newId(), set: { staff_id: adminId, role: 'admin', revoked: 0 } },
    ...CLASSES.map((name) => ({ table: 'class' as const, id: newId(), set: { year_id: yearId, grade: Number(name.slice(0, -1)), letter: name.slice(-1), name, class_teacher_id: null, room: '' } })),
  ]);
  return j;
}

const b64 = (b: Buffer) => b.toString('base64');

async function xlsx(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Лист1');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv1251 = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1251');

const STAFF_XLSX = () => xlsx([
  ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли'],
  ['Петрова', 'Мария', 'Ивановна', 'учитель математики', 'petrova', 'учитель, классный руководитель'],
  ['Сидоров', 'Олег', 'Павлович', 'учитель русского языка', '', ''],
  ['Кузнецова', 'Елена', 'Сергеевна', 'заместитель директора по УВР', 'kuznetsova', 'завуч'],
]);

const STUDENT_HEAD = 'Класс;Фамилия;Имя;Отчество;Дата рождения;Пол;Представитель 1: ФИО;Кем приходится 1;Телефон 1';
const STUDENTS_CSV = () => csv1251([
  STUDENT_HEAD,
  '5А;Иванов;Пётр;Сергеевич;12.03.2015;м;Иванова Ольга Николаевна;мать;+7 900 111-22-33',
  '5А;Смирнова;Алёна;Игоревна;01.09.2014;;Смирнов Игорь Петрович;;',
  '5Б;Ёлкин;Семён;;30.11.2014;м;;;',
  '6А;Сёмина;Дарья;Олеговна;05.05.2013;ж;Сёмина Анна Викторовна;мать;8(912)000-00-01',
]);

const logCount = async () => Number((await db.knex('change_log').count({ n: '*' }))[0]!.n);

before(async () => {
  db = await freshSchool(path.join(tmpDir(), 'fresh.sqlite'));
  host = new ServiceHost(db, { now: () => TODAY, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const admin = () => signIn('admin', 'Школа-7-пароль');

describe('import on a fresh school (R-ROLE-6)', () => {
  it('staff from an XLSX workbook: preview shows each row new, writes nothing; commit makes accounts with roles (a login made, roles read from the position); again they are duplicates', async () => {
    const a = await admin();
    const file = b64(await STAFF_XLSX());
    const before = await logCount();
    const p = await ok<Preview>(a, 'exchange.preview', { kind: 'staff', fileBase64: file });
    assert.equal(p.format, 'xlsx');
    assert.deepEqual(p.rows.map((r) => [r.row, r.fate]), [[2, 'new'], [3, 'new'], [4, 'new']]);
    assert.equal(await logCount(), before, 'the preview writes nothing');
    const done = await ok<{ created: number }>(a, 'exchange.commit', { kind: 'staff', fileBase64: file });
    assert.equal(done.created, 3);
    const sidorov = await db.knex('staff').where({ last_name: 'Сидоров' }).first();
    assert.equal(sidorov.login, 'sidorov.op', 'a login from the surname and initials');
    assert.equal(sidorov.password_hash, null, 'no password: the administrator issues an activation code');
    const roles = async (login: string) => (await db.knex('staff_role as r').join('staff as s', 's.id', 'r.staff_id').where('s.login', login).pluck('r.role')).sort();
    assert.deepEqual(await roles('petrova'), ['class_teacher', 'teacher']);
    assert.deepEqual(await roles('sidorov.op'), ['teacher'], 'roles from the position');
    assert.deepEqual(await roles('kuznetsova'), ['deputy']);
    const again = await ok<Preview>(a, 'exchange.preview', { kind: 'staff', fileBase64: file });
    assert.deepEqual(again.rows.map((r) => r.fate), ['duplicate', 'duplicate', 'duplicate']);
    const newRole = await ok<Preview>(a, 'exchange.preview', { kind: 'staff', fileBase64: b64(await xlsx([['Фамилия', 'Имя', 'Отчество', 'Роли'], ['Сидоров', 'Олег', 'Павлович', 'учитель, классный руководитель']])) });
    assert.equal(newRole.rows[0]!.fate, 'update');
    assert.match(newRole.rows[0]!.note, /классный руководитель/);
  });

  it('students from a Windows-1251 CSV with `;`: detected, previewed, committed in one transaction with their guardians and classes', async () => {
    const a = await admin();
    const file = b64(STUDENTS_CSV());
    const p = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: file });
    assert.equal(p.encoding, 'windows-1251');
    assert.equal(p.delimiter, ';');
    assert.deepEqual(p.rows.map((r) => r.fate), ['new', 'new', 'new', 'new'], JSON.stringify(p.rows.filter((r) => r.errors.length)));
    assert.equal(p.rows[0]!.label, '5А, Иванов Пётр Сергеевич, 12.03.2015');
    const lastSeq = Number((await db.knex('change_log').max({ s: 'seq' }).first())!.s);
    await ok(a, 'exchange.commit', { kind: 'students', fileBase64: file });
    const sets = await db.knex('change_log').where('seq', '>', lastSeq).distinct('change_set_id');
    assert.equal(sets.length, 1, 'the whole file is one change set, one transaction');
    const smirnova = await db.knex('student').where({ last_name: 'Смирнова' }).first();
    assert.equal(smirnova.gender, 'ж', 'the gender from the patronymic');
    assert.equal(smirnova.birth_date, '2014-09-01');
    const g = await db.knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id').where('sg.student_id', smirnova.id).first('g.last_name', 'sg.relation');
    assert.deepEqual([g.last_name, g.relation], ['Смирнов', 'отец'], 'the relation from the guardian\'s patronymic');
    const enrolled = await db.knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').join('student as s', 's.id', 'e.student_id').where('s.last_name', 'Ёлкин').first('c.name', 'e.starts_on');
    assert.deepEqual([enrolled.name, enrolled.starts_on], ['5Б', '2026-09-01']);
    const again = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: file });
    assert.deepEqual(again.rows.map((r) => r.fate), ['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('a UTF-8 CSV with a BOM and `,`, and an XLSX with Excel date cells, are read the same way', async () => {
    const a = await admin();
    const text = '\uFEFFКласс,Фамилия,Имя,Отчество,Дата рождения,Пол\n1А,Орлова,Вера,Андреевна,07.02.2019,ж\n';
    const p = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: b64(Buffer.from(text)) });
    assert.deepEqual([p.encoding, p.delimiter, p.rows[0]!.fate], ['utf-8', ',', 'new']);
    const book = await xlsx([['Класс', 'Фамилия', 'Имя', 'Дата рождения', 'Пол'], ['1А', 'Орлова', 'Вера', new Date(Date.UTC(2019, 1, 7)), 'ж']]);
    const x = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: b64(book) });
    assert.equal(x.rows[0]!.label, '1А, Орлова Вера, 07.02.2019', 'an Excel date cell is a date');
  });

  it('garbled Cyrillic is caught and the other encoding offered; with it the file reads', async () => {
    const a = await admin();
    const r = await host.call(a, 'exchange.preview', { kind: 'students', fileBase64: b64(STUDENTS_CSV()), encoding: 'utf-8' });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
    assert.match(r.error.message, /Windows-1251/);
    assert.deepEqual((r.error.details as { suggestEncoding: string }).suggestEncoding, 'windows-1251');
    const utf8 = Buffer.from(iconv.decode(STUDENTS_CSV(), 'win1251'));
    const back = await host.call(a, 'exchange.preview', { kind: 'students', fileBase64: b64(utf8), encoding: 'windows-1251' });
    assert.ok(!back.ok);
    assert.match(back.error.message, /UTF-8/);
  });

  it('bad rows stop the file: a student twice, a student in two classes, one already in another class, a bad date, an unknown class — each named by row and column; nothing is written until they are skipped', async () => {
    const a = await admin();
    const file = b64(csv1251([
      STUDENT_HEAD,
      '5А;Новиков;Илья;Ильич;15.04.2015;м;;;', // 2: fine
      '5А;Новиков;Илья;Ильич;15.04.2015;м;;;', // 3: the same student again
      '5Б;Новиков;Илья;Ильич;15.04.2015;м;;;', // 4: … in another class
      '6А;Иванов;Пётр;Сергеевич;12.03.2015;м;;;', // 5: already in 5А
      '5А;Зайцева;Ольга;;2015-13-40;ж;;;', // 6: no such date
      '5Д;Лебедев;Антон;;01.01.2015;м;;;', // 7: no such class
      '5А;Котова;Нина;;3/4/2015;ж;;;', // 8: a date as 3/4/2015? accepted (d/m/yyyy)
    ]));
    const p = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: file });
    const fate = (row: number) => p.rows.find((r) => r.row === row)!;
    assert.equal(fate(2).fate, 'new');
    assert.equal(fate(3).fate, 'error');
    assert.match(fate(3).errors[0]!.message, /уже есть в строке 2/);
    assert.match(fate(4).errors[0]!.message, /в двух классах/);
    assert.match(fate(5).errors[0]!.message, /уже учится в 5А/);
    assert.deepEqual(fate(6).errors.map((e) => e.column), ['Дата рождения']);
    assert.match(fate(6).errors[0]!.message, /дд\.мм\.гггг/);
    assert.match(fate(7).errors[0]!.message, /класса «5Д» нет/);
    assert.equal(fate(8).fate, 'new');
    assert.equal(p.summary.error, 5);

    const before = await logCount();
    const refused = await host.call(a, 'exchange.commit', { kind: 'students', fileBase64: file });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'VALIDATION');
    assert.match(refused.error.message, /^Строка 3, столбец «Фамилия»: .*Ничего не записано\.$/);
    assert.equal(await logCount(), before, 'nothing written');
    assert.equal((await db.knex('student').where({ last_name: 'Новиков' })).length, 0);

    const skipped = await ok<{ created: number; skipped: number }>(a, 'exchange.commit', { kind: 'students', fileBase64: file, skip: [3, 4, 5, 6, 7] });
    assert.deepEqual([skipped.created, skipped.skipped], [2, 5]);
    assert.equal((await db.knex('student').where({ last_name: 'Новиков' })).length, 1);
  });

  it('files that are not tables: binary, empty, only a header, an old .xls, 10 000 rows (the limit is 5 000)', async () => {
    const a = await admin();
    const message = async (bytes: Buffer) => {
      const r = await host.call(a, 'exchange.preview', { kind: 'students', fileBase64: b64(bytes) });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'VALIDATION');
      return r.error.message;
    };
    assert.match(await message(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff, 0x00])), /не похож на таблицу/);
    assert.match(await message(Buffer.alloc(0)), /Файл пустой/);
    assert.match(await message(Buffer.from('\n\n;;\n')), /Файл пустой/);
    assert.match(await message(Buffer.from(`${STUDENT_HEAD}\n`)), /только строка заголовков/);
    assert.match(await message(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), /\.xls/);
    const big = [STUDENT_HEAD, ...Array.from({ length: 10000 }, (_, i) => `5А;Ученик${i};Имя;;01.01.2015;м;;;`)].join('\n');
    assert.match(await message(Buffer.from(big)), /10\s000 строк.*не больше 5\s000/);
    assert.match(await message(await xlsx([['Фамилия'], ...Array.from({ length: 5001 }, (_, i) => [`Ф${i}`])])), /5\s001 строк/);
  });

  it('headers that differ: the missing column is named, and a mapping reads the file', async () => {
    const a = await admin();
    const file = b64(Buffer.from('Кл.;Ученик: фамилия;Ученик: имя;Родился;Пол\n6А;Гусев;Марк;02.02.2013;м\n'));
    const p = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: file });
    assert.deepEqual(p.missing, ['Класс', 'Фамилия', 'Имя']);
    assert.equal(p.columns.find((c) => c.field === 'birth_date')!.header, 'Родился', 'an alias is recognised');
    const refused = await host.call(a, 'exchange.commit', { kind: 'students', fileBase64: file });
    assert.ok(!refused.ok);
    assert.match(refused.error.message, /нет столбцов «Класс», «Фамилия», «Имя»/);
    const mapping = { class: 'Кл.', last_name: 'Ученик: фамилия', first_name: 'Ученик: имя' };
    const mapped = await ok<Preview>(a, 'exchange.preview', { kind: 'students', fileBase64: file, mapping });
    assert.deepEqual(mapped.rows.map((r) => [r.fate, r.label]), [['new', '6А, Гусев Марк, 02.02.2013']]);
  });

  it('curriculum, then the timetable (unknown class, a teacher or a room in two places refused), then thematic plans', async () => {
    const a = await admin();
    const cur = b64(await xlsx([['Параллель', 'Предмет', 'Часов в неделю'], [5, 'Математика', 5], [5, 'Русский язык', '4,5'], [6, 'Математика', 5]]));
    const c = await ok<Preview>(a, 'exchange.preview', { kind: 'curriculum', fileBase64: cur });
    assert.deepEqual(c.rows.map((r) => r.fate), ['new', 'new', 'new']);
    await ok(a, 'exchange.commit', { kind: 'curriculum', fileBase64: cur });
    assert.equal((await db.knex('subject')).length, 2, 'the subjects made once each');
    assert.equal((await db.knex('curriculum').where({ grade: 5 })).length, 2);

    const head = ['Класс', 'День недели', 'Урок', 'Предмет', 'Учитель', 'Кабинет'];
    const bad = b64(await xlsx([head,
      ['5А', 'пн', 1, 'Математика', 'Петрова М. И.', '21'],
      ['5Б', 'понедельник', 1, 'Математика', 'petrova', '22'], // the teacher in two places
      ['6А', 'пн', 1, 'Русский язык', 'Сидоров О. П.', '21'], // the room taken
      ['7В', 'вт', 2, 'Математика', 'Петрова М. И.', '21'], // no such class
    ]));
    const t = await ok<Preview>(a, 'exchange.preview', { kind: 'timetable', fileBase64: bad });
    assert.deepEqual(t.rows.map((r) => r.fate), ['new', 'error', 'error', 'error']);
    assert.match(t.rows[1]!.errors[0]!.message, /Петрова М\. И\. в понедельник на 1 уроке уже ведёт урок в 5А \(строка 2\)/);
    assert.equal(t.rows[2]!.errors[0]!.column, 'Кабинет');
    assert.match(t.rows[3]!.errors[0]!.message, /класса «7В» нет/);

    const good = b64(await xlsx([head,
      ['5А', 'пн', 1, 'Математика', 'Петрова М. И.', '21'],
      ['5А', 'ср', 2, 'Математика', 'Петрова Мария Ивановна', '21'],
      ['5Б', 'пн', 2, 'Русский язык', 'Сидоров О. П.', '22'],
    ]));
    await ok(a, 'exchange.commit', { kind: 'timetable', fileBase64: good });
    const load = await db.knex('teaching_assignment as t').join('class as c', 'c.id', 't.class_id').where('c.name', '5А').select('t.hours_per_week');
    assert.deepEqual(load.map((x: { hours_per_week: number }) => x.hours_per_week), [2], 'a new assignment, its hours the lessons of the file');
    assert.equal((await db.knex('timetable_entry')).length, 3);
    // Against the timetable already there: Petrova is in 5А on Monday's first lesson.
    const clash = await ok<Preview>(a, 'exchange.preview', { kind: 'timetable', fileBase64: b64(await xlsx([head, ['6А', 'пн', 1, 'Математика', 'petrova', '30']])) });
    assert.match(clash.rows[0]!.errors[0]!.message, /уже ведёт урок в 5А по расписанию/);

    const plan = b64(await xlsx([['Класс', 'Предмет', '№', 'Раздел', 'Тема урока', 'Часов', 'Дата по плану'],
      ['5А', 'Математика', 1, 'Натуральные числа', 'Ряд натуральных чисел', 1, new Date(Date.UTC(2026, 8, 1))],
      ['5А', 'Математика', 2, 'Натуральные числа', 'Цифры. Десятичная запись', 1, '03.09.2026'],
      ['6А', 'Математика', 1, '', 'Делимость чисел', 1, null],
    ]));
    const pp = await ok<Preview>(a, 'exchange.preview', { kind: 'plans', fileBase64: plan });
    assert.deepEqual(pp.rows.map((r) => r.fate), ['new', 'new', 'error']);
    assert.match(pp.rows[2]!.errors[0]!.message, /никто не ведёт/);
    await ok(a, 'exchange.commit', { kind: 'plans', fileBase64: plan, skip: [4] });
    assert.deepEqual((await db.knex('plan_item').orderBy('position').select('planned_on')).map((x: { planned_on: string }) => x.planned_on), ['2026-09-01', '2026-09-03']);
  });

  it('export to XLSX in the template\'s columns reads back as duplicates; the template has the headers', async () => {
    const a = await admin();
    for (const kind of ['students', 'staff', 'curriculum', 'timetable', 'plans'] as const) {
      const out = await ok<{ base64: string; rows: number; fileName: string }>(a, 'exchange.exportFile', { kind });
      assert.ok(out.rows > 0, `${kind}: rows exported`);
      assert.match(out.fileName, /\.xlsx$/);
      const back = await ok<Preview>(a, 'exchange.preview', { kind, fileBase64: out.base64 });
      assert.deepEqual(back.missing, []);
      assert.ok(back.rows.every((r) => r.fate === 'duplicate'), `${kind}: ${JSON.stringify(back.rows.filter((r) => r.fate !== 'duplicate').slice(0, 3))}`);
    }
    const tpl = await ok<{ base64: string }>(a, 'exchange.template', { kind: 'students' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(tpl.base64, 'base64') as unknown as ArrayBuffer);
    assert.deepEqual((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 6), ['Класс', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения']);
  });
});

describe('who imports (R-ROLE-6)', () => {
  it('only the administrator: a teacher and a deputy are refused', async () => {
    const demo = await openJournal(await makeDemoFile(60, 4));
    const demoHost = new ServiceHost(demo, { now: () => TODAY, log: () => undefined });
    const calls = serviceCalls(() => demoHost);
    try {
      for (const login of ['teacher', 'deputy']) {
        const c = await calls.signIn(login);
        assert.equal(await calls.refused(c, 'exchange.preview', { kind: 'students', fileBase64: b64(STUDENTS_CSV()) }), 'FORBIDDEN');
        assert.equal(await calls.refused(c, 'exchange.exportFile', { kind: 'students' }), 'FORBIDDEN');
      }
    } finally {
      await demo.close();
    }
  });
});
