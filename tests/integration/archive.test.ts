// The year-end archive (R-PRINT-4): the title page of a class's bound journal for the year
// lists its paper copies from the register and the sheet count in words; the secretary
// records the folder bound, signed and sealed — not before the year ends unless every
// period is certified, and only with a current title page; the journal is kept 5 years and
// the year's summary of final marks 25 years from 30 June; refusals change nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { keepingPeriod } from '../../print/archive/retention';
import { renderBook } from '../../print/render';
import { ServiceHost } from '../../service/host';
import { numberWords } from '../../shared/number-words';
import { makeDemoFile } from '../helpers/demo-db';
import { pdfPictures, pdfText, squeeze } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-27T10:00:00');
const at = (iso: string) => (now = new Date(iso));
const out = tmpDir('journal-archive-');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 3));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 10 * 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const callers = new Map<string, string>();
async function as(login: string): Promise<string> {
  if (!callers.has(login)) {
    const r = await host.call(`t:${login}`, 'auth.login', { login, password: 'demo' });
    assert.ok(r.ok, `sign-in of ${login}`);
    callers.set(login, `t:${login}`);
  }
  return callers.get(login)!;
}
async function ok(login: string, m: string, a: unknown): Promise<Json> {
  const r = await host.call(await as(login), m, a);
  if (!r.ok) assert.fail(`${login} ${m}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const logSize = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
async function refused(login: string, m: string, a: unknown): Promise<{ code: string; message: string }> {
  const caller = await as(login);
  const before = await logSize();
  const r = await host.call(caller, m, a);
  assert.equal(r.ok, false, `${login} ${m} should be refused`);
  if (r.ok) throw new Error('unreachable');
  assert.match(r.error.message, /[А-Яа-я]/, 'a message in Russian');
  assert.equal(await logSize(), before, `${m}: a refused call changes nothing`);
  return r.error;
}
const pdfFile = (name: string, base64: string) => {
  const f = path.join(out, name);
  fs.writeFileSync(f, Buffer.from(base64, 'base64'));
  return f;
};

let classId: string;
let className: string;
let q1: string;
const printed: { docNo: string; sheets: number }[] = [];
const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('the year-end archive (R-PRINT-4)', () => {
  it('keeps the journal 5 years and the final marks 25 years from 30 June of the year', () => {
    assert.deepEqual(keepingPeriod('2027-05-31', 5), { yearEnd: '2027-06-30', keepUntil: '2032-06-30', destroyFrom: '2032-07-01' });
    assert.deepEqual(keepingPeriod('2027-06-30', 25), { yearEnd: '2027-06-30', keepUntil: '2052-06-30', destroyFrom: '2052-07-01' });
  });

  it('the title page lists every paper copy of the class for the year and the sheet count in words', async () => {
    const me = (await db.knex('staff').where({ login: 'classteacher' }).first('id')).id as string;
    const cls = await db.knex('class').where({ class_teacher_id: me }).first('id', 'name', 'grade', 'year_id');
    classId = cls.id;
    className = cls.name;
    q1 = (await db.knex('period').where({ year_id: cls.year_id, kind: 'quarter', number: 1 }).where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).first('id')).id;
    printed.push(await ok('deputy', 'print.classCopy', { classId, periodId: q1, file: path.join(out, 'copy.pdf') }));
    for (const kind of ['marks', 'attendance']) printed.push(await ok('secretary', 'print.summary', { classId, periodId: q1, kind, file: path.join(out, `${kind}.pdf`) }));
    const before = await logSize();
    const pv = await ok('secretary', 'archive.preview', { classId });
    assert.equal(await logSize(), before, 'a preview writes nothing');
    const total = 1 + printed.reduce((s, p) => s + p.sheets, 0);
    assert.equal(pv.totalSheets, total, 'the title page and every sheet of the copies');
    const file = pdfFile('title-preview.pdf', pv.pdfBase64);
    const text = squeeze(pdfText(file));
    for (const p of printed) assert.ok(text.includes(squeeze(p.docNo)), `the copy № ${p.docNo} is listed`);
    assert.ok(text.includes(squeeze(`КЛАССНЫЙ ЖУРНАЛ ${className} КЛАССА`)));
    assert.ok(text.includes(squeeze('2026/2027')));
    assert.ok(text.includes(squeeze(`Пронумеровано, прошнуровано и скреплено печатью ${total} (${numberWords(total)})`)), 'the total in figures and in words');
    assert.ok(text.includes(squeeze('Срок хранения — 5 лет, до 30.06.2032')));
    assert.ok(text.includes('М.П.') && text.includes('Директор'));
    assert.ok(text.includes('ДокументNoОБРАЗЕЦ') || text.includes('№ОБРАЗЕЦ'), 'a preview carries no register number');
    const pics = pdfPictures(file);
    assert.equal(pics.length, 1, 'one title sheet');
    assert.ok(pics[0]!.ink > 0.01 && pics[0]!.ink < 0.3, `the page is drawn (ink ${pics[0]!.ink})`);
    assert.ok(pics[0]!.height > pics[0]!.width, 'portrait A4');
  });

  it('the office prints the title page into the register (the director prints too, R-ROLE-5: director-prints.test.ts); teachers may not', async () => {
    assert.equal((await refused('teacher', 'archive.printTitle', { classId })).code, 'FORBIDDEN');
    assert.equal((await refused('secretary', 'archive.printTitle', { classId: NOWHERE })).code, 'NOT_FOUND');
    assert.equal((await refused('secretary', 'archive.preview', { classId: NOWHERE })).code, 'NOT_FOUND');
    const t = await ok('secretary', 'archive.printTitle', { classId });
    assert.ok(fs.existsSync(t.file));
    const e = await db.knex('print_register').where({ doc_no: t.docNo }).first();
    assert.equal(e.kind, 'year_title');
    assert.ok(squeeze(pdfText(t.file)).includes(squeeze(`Документ № ${t.docNo}`)));
    const v = await ok('deputy', 'print.verify', { docNo: t.docNo });
    assert.equal(v.status, 'current', 'the title page is verifiable like every document');
  });

  it('lists years × classes for the office; teachers may not read it; an unknown year is refused', async () => {
    assert.equal((await refused('teacher', 'archive.list', {})).code, 'FORBIDDEN');
    assert.equal((await refused('director', 'archive.list', { yearId: NOWHERE })).code, 'NOT_FOUND');
    const list = await ok('director', 'archive.list', {});
    const row = list.years[0].classes.find((c: Json) => c.classId === classId);
    assert.equal(row.status, 'title');
    assert.equal(row.keepUntil, '2032-06-30');
    assert.equal(row.periods.find((p: Json) => p.periodId === q1).copy.docNo, printed[0]!.docNo);
    assert.match(row.bindRefusal, /30\.06\.2027/);
  });

  it('before 30 June a year folder is not bound unless every period is certified, and only by the secretary', async () => {
    assert.equal((await refused('director', 'archive.bindYear', { classId, folder: 'Дело 02-15' })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'archive.bindYear', { classId, folder: 'Дело 02-15' })).code, 'FORBIDDEN');
    assert.equal((await refused('secretary', 'archive.bindYear', { classId: NOWHERE, folder: 'Дело 02-15' })).code, 'NOT_FOUND');
    assert.equal((await refused('secretary', 'archive.bindYear', { classId, folder: '' })).code, 'VALIDATION');
    const early = await refused('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15' });
    assert.equal(early.code, 'CONFLICT');
    assert.match(early.message, /не позднее 30\.06\.2027/);
    assert.match(early.message, /не прошиты: .*1 четверть/i);
    assert.equal(await db.knex('year_archive').count('* as n').first().then((r) => Number(r?.n)), 0);
  });

  it('after the year a stale title page or a wrong sheet count is refused; then the folder is bound with its history', async () => {
    at('2027-06-30T09:00:00');
    // A summary printed after the title page: the title no longer lists what the register holds.
    const late = await ok('secretary', 'print.summary', { classId, periodId: q1, kind: 'movement', file: path.join(out, 'movement.pdf') });
    const stale = await refused('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15' });
    assert.match(stale.message, /устарел/);
    const t = await ok('secretary', 'archive.printTitle', { classId });
    assert.ok(squeeze(pdfText(t.file)).includes(late.docNo.replace(/\s/g, '')), 'the reprinted title lists the new summary');
    const total = t.totalSheets;
    const wrong = await refused('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15', sheets: total + 1 });
    assert.equal(wrong.code, 'VALIDATION');
    assert.match(wrong.message, new RegExp(`указано ${total} лист`));
    assert.equal((await refused('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15', boundOn: '2027-07-01' })).code, 'VALIDATION');
    const before = await logSize();
    const b = await ok('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15', sheets: total });
    assert.deepEqual([b.boundOn, b.sheets, b.keepUntil, b.destroyFrom], ['2027-06-30', total, '2032-06-30', '2032-07-01']);
    assert.ok((await logSize()) > before, 'written through the journal writer');
    const history: { new_value: string; reason: string }[] = await db.knex('change_log').where({ table_name: 'year_archive' }).select('new_value', 'reason');
    assert.equal(history.length, 1, 'one entry for the new row');
    assert.match(history[0]!.reason, /^архив: журнал .*прошит, подписан директором, скреплён печатью/);
    assert.equal(JSON.parse(history[0]!.new_value).sheets, total);
    const titleRow = await db.knex('print_register').where({ doc_no: t.docNo }).first('bound_on', 'folder');
    assert.deepEqual(titleRow, { bound_on: '2027-06-30', folder: 'Дело 02-15' });
    assert.equal((await refused('secretary', 'archive.bindYear', { classId, folder: 'Дело 02-15' })).code, 'CONFLICT', 'bound once');
  });

  it('the retention list: the folder may be destroyed from 1 July 2032, the final marks from 1 July 2052', async () => {
    const yf = await ok('secretary', 'print.summary', { classId, periodId: q1, kind: 'year-final', file: path.join(out, 'year-final.pdf') });
    await ok('secretary', 'print.bind', { docNo: yf.docNo, boundOn: '2027-06-30', folder: 'Дело 02-16 (итоговые отметки)' });
    let list = await ok('secretary', 'archive.list', {});
    const folder = list.retention.find((r: Json) => r.what === 'year_folder' && r.classId === classId);
    const finals = list.retention.find((r: Json) => r.what === 'year_final' && r.docNo === yf.docNo);
    assert.deepEqual([folder.keepYears, folder.keepUntil, folder.destroyFrom, folder.destroyable], [5, '2032-06-30', '2032-07-01', false]);
    assert.deepEqual([finals.keepYears, finals.keepUntil, finals.destroyFrom], [25, '2052-06-30', '2052-07-01']);
    assert.ok(!list.retention.some((r: Json) => r.what === 'copy' && r.classId === classId), 'the period copies are kept inside the bound folder');
    at('2032-06-30T12:00:00');
    list = await ok('secretary', 'archive.list', {});
    assert.equal(list.retention.find((r: Json) => r.key === folder.key).destroyable, false, 'still kept on the last day');
    at('2032-07-01T08:00:00');
    list = await ok('secretary', 'archive.list', {});
    assert.equal(list.retention.find((r: Json) => r.key === folder.key).destroyable, true);
    assert.equal(list.retention.find((r: Json) => r.key === finals.key).destroyable, false);
    assert.equal(list.destroyableNow, list.retention.filter((r: Json) => r.destroyable).length);
    const book = await renderBook(db, { book: 'retention', now });
    const f = path.join(out, 'retention.pdf');
    fs.writeFileSync(f, book.bytes);
    const text = squeeze(pdfText(f));
    assert.ok(text.includes(squeeze('Сроки хранения')) && text.includes('01.07.2032') && text.includes('01.07.2052'));
    assert.ok(text.includes(squeeze('можно уничтожить')));
    assert.ok(pdfPictures(f).length >= 1);
  });
});
