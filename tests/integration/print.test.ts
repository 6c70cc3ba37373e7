// Paper copies (issue 5 items 2–4, R-PRINT-1…5): the class copy read back from the PDF as a
// person would check it — every student, every mark in its cell, every topic, every page a
// picture with ink on it — bad input refused with nothing written, and the register of
// printed documents noticing a change made after printing, down to the sheet.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { newId } from '../../db/ids';
import { addDays, weekday } from '../../shared/dates';
import { loadClassCopy } from '../../print/data/class-copy';
import type { ClassCopyData, SubjectBlock } from '../../print/data/types';
import { gridLayout } from '../../print/draw/grid';
import { bodyBox } from '../../print/layout/geometry';
import { lessonChunks, planClassCopy } from '../../print/layout/plan';
import { PrintError } from '../../print/errors';
import { printPdfFile } from '../../print/printer';
import { printClassCopy, renderClassCopy, renderSummary } from '../../print/render';
import { checkPrint, findPrint, markStaleCopies, verifyPrint } from '../../print/verify/register';
import { makeDemoFile } from '../helpers/demo-db';
import { pdfPictures, pdfText, pdfWords, squeeze, textIn, type Word } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';

const AFTER_Q1 = new Date('2026-10-26T10:00:00');
const SYSTEM = { userId: null };

let demo: string;
before(async () => {
  demo = await makeDemoFile(150, 3);
});

/** A copy of the demo school for tests that change it. */
async function openCopy(): Promise<JournalDb> {
  const file = path.join(tmpDir(), 'school.sqlite');
  fs.copyFileSync(demo, file);
  return openJournal(file);
}

interface Target { classId: string; className: string; periodId: string }

/** A class of grades 2–9 with movement in the first quarter if there is one, else the largest. */
async function pickClass(db: JournalDb): Promise<Target> {
  const q1: { id: string } = await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id');
  const rows: { id: string; name: string; n: number; moves: number }[] = await db.knex.raw(`
    SELECT c.id, c.name, (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS n,
      (SELECT count(*) FROM movement m WHERE m.to_class_id = c.id OR m.from_class_id = c.id) AS moves
    FROM class c WHERE c.grade BETWEEN 2 AND 9 ORDER BY moves DESC, n DESC LIMIT 1`);
  return { classId: rows[0]!.id, className: rows[0]!.name, periodId: q1.id };
}

function writePdf(bytes: Buffer): string {
  const file = path.join(tmpDir(), 'copy.pdf');
  fs.writeFileSync(file, bytes);
  return file;
}

/** A name cell shows the name, or (a name too long for its cell) its beginning cut with '…'. */
function showsName(cell: string, name: string): boolean {
  if (cell.includes(name)) return true;
  const cut = cell.indexOf('…');
  return cut > 0 && name.startsWith(cell.slice(0, cut).trim());
}

/** What a grid cell must show: the attendance code, then the marks of the cell as '4/5'. */
function expectedCell(b: SubjectBlock, lessonId: string, studentId: string): string {
  const marks = b.marks.filter((m) => m.lessonId === lessonId && m.studentId === studentId).sort((x, y) => x.slot - y.slot).map((m) => m.value).join('/');
  const code = b.attendance.find((a) => a.lessonId === lessonId && a.studentId === studentId)?.code ?? '';
  return `${code}${marks}`;
}

/**
 * Reads every grid side of the PDF back cell by cell and compares it with the journal's
 * data; returns the number of marks found in their cells.
 */
function checkGrids(data: ClassCopyData, words: Word[][]): { marks: number; nameCells: Map<string, string[]> } {
  const plan = planClassCopy(data);
  let marks = 0;
  const nameCells = new Map<string, string[]>();
  plan.pages.forEach((pg, pi) => {
    if (pg.side.kind !== 'grid') return;
    const side = pg.side;
    const b = data.blocks[side.block]!;
    const lessons = b.lessons.slice(side.lessonFrom, side.lessonTo);
    const students = b.students.slice(side.studentFrom, side.studentTo);
    const L = gridLayout(bodyBox(pg.face), students.length, side.periodMarks);
    const w = words[pi]!;
    students.forEach((s, r) => {
      const y0 = L.rowsTop + r * L.rowH;
      const y1 = y0 + L.rowH;
      const name = textIn(w, L.nameX, y0, L.datesX, y1);
      nameCells.set(`${pi}|${s.id}`, [name]);
      lessons.forEach((l, c) => {
        const shown = textIn(w, L.datesX + c * L.col, y0, L.datesX + (c + 1) * L.col, y1);
        const expected = expectedCell(b, l.id, s.id);
        assert.equal(shown, expected, `${b.subjectName}, ${s.name}, ${l.date}: the cell shows «${shown}», the journal has «${expected}» (page ${pi + 1})`);
        marks += b.marks.filter((m) => m.lessonId === l.id && m.studentId === s.id).length;
      });
      const pm = b.periodMarks.find((p) => p.studentId === s.id)?.value ?? '';
      if (side.periodMarks) assert.equal(textIn(w, L.pmX, y0, L.right, y1), pm, `${b.subjectName}, ${s.name}: period mark`);
    });
  });
  return { marks, nameCells };
}

describe('the paper copy of a class journal', () => {
  let db: JournalDb;
  let t: Target;
  before(async () => {
    db = await openCopy();
    t = await pickClass(db);
  });
  after(() => db.close());

  it('shows every student, every mark in its cell, every topic and homework of the period, and every page has ink', async () => {
    const data = await loadClassCopy(db.knex, t.classId, t.periodId);
    const r = await renderClassCopy(db, { ...t, now: AFTER_Q1 });
    const file = writePdf(r.bytes);
    const words = pdfWords(file);
    assert.equal(words.length, r.pages);
    assert.equal(r.pages, r.sheets * 2, 'printed on both sides: two pages a sheet');
    assert.ok(data.blocks.length >= 5, 'the class has its subjects');

    const { marks, nameCells } = checkGrids(data, words);
    const allMarks = data.blocks.reduce((n, b) => n + b.marks.length, 0);
    assert.ok(allMarks > 100);
    assert.equal(marks, allMarks, 'every mark of the period is in its cell');
    for (const [key, [name]] of nameCells) {
      const id = key.split('|')[1]!;
      const student = data.blocks.flatMap((b) => b.students).find((s) => s.id === id)!;
      assert.ok(showsName(name!, student.name), `the grid names ${student.name} (found «${name}»)`);
    }

    const text = squeeze(pdfText(file));
    for (const s of data.students) assert.ok(text.includes(squeeze(`${s.lastName} ${s.firstName} ${s.middleName}`)), `class list: ${s.lastName}`);
    for (const b of data.blocks) {
      for (const l of b.lessons) {
        assert.ok(text.includes(squeeze(l.topic)), `${b.subjectName}: topic «${l.topic}»`);
        if (l.homework) assert.ok(text.includes(squeeze(l.homework)), `${b.subjectName}: homework «${l.homework}»`);
      }
    }
    assert.ok(text.includes(squeeze(data.heading.schoolFullName)));
    assert.ok(text.includes(squeeze(`Документ № ${r.docNo}`)), 'the document number on the pages');
    assert.ok(text.includes(squeeze(r.shortHash)), 'the short hash on the pages');
    assert.ok(text.includes('М.П.'), 'the place for the seal');
    assert.equal((pdfText(file).match(/\(фамилия, имя, отчество полностью\)/g) ?? []).length, data.blocks.reduce((n, b) => n + lessonChunks(b.lessons.length).length, 0),
      'a signature line for the subject teacher on every subject sheet');

    const pictures = pdfPictures(file);
    assert.equal(pictures.length, r.pages);
    for (const [i, p] of pictures.entries()) {
      assert.ok(Math.abs(p.width / p.height - 210 / 297) < 0.01, `page ${i + 1} is A4 portrait`);
      assert.ok(p.ink > 0.003, `page ${i + 1} is not blank (ink ${p.ink})`);
    }
  });

  it('a student name of 80 characters is shrunk and cut inside its cell; the grid stays in place', async () => {
    const data0 = await loadClassCopy(db.knex, t.classId, t.periodId);
    const s = data0.students[0]!;
    const last = `Длинноимённая-${'Константинопольская'.repeat(5)}`.slice(0, 80 - s.firstName.length - 1);
    await db.writer.write(SYSTEM, [{ table: 'student', id: s.id, set: { last_name: last } }]);
    const data = await loadClassCopy(db.knex, t.classId, t.periodId);
    assert.equal(`${last} ${s.firstName}`.length, 80);
    const r = await renderClassCopy(db, { ...t, now: AFTER_Q1 });
    const file = writePdf(r.bytes);
    const words = pdfWords(file);
    checkGrids(data, words);
    const plan = planClassCopy(data);
    let seen = 0;
    plan.pages.forEach((pg, pi) => {
      if (pg.side.kind !== 'grid') return;
      const b = data.blocks[pg.side.block]!;
      const row = b.students.slice(pg.side.studentFrom, pg.side.studentTo).findIndex((x) => x.id === s.id);
      if (row < 0) return;
      const L = gridLayout(bodyBox(pg.face), pg.side.studentTo - pg.side.studentFrom, pg.side.periodMarks);
      const y0 = L.rowsTop + row * L.rowH;
      const inRow = words[pi]!.filter((w) => (w.y0 + w.y1) / 2 > y0 && (w.y0 + w.y1) / 2 < y0 + L.rowH && w.x0 < L.datesX);
      assert.ok(inRow.every((w) => w.x1 <= L.datesX + 0.5), 'the name does not run into the marks');
      assert.ok(inRow.map((w) => w.text).join(' ').includes('…'), 'the cut name ends with an ellipsis');
      seen++;
    });
    assert.ok(seen > 0);
    assert.ok(squeeze(pdfText(file)).includes(squeeze(`${last} ${s.firstName}`)), 'the class list keeps the whole name');
  });

  it('120 lessons of a subject continue on further sheets with the names repeated, in date order', async () => {
    const data0 = await loadClassCopy(db.knex, t.classId, t.periodId);
    const b0 = data0.blocks.find((b) => b.subgroupName === null)!;
    const a: { teacher_id: string } = await db.knex('teaching_assignment').where({ id: b0.key }).first('teacher_id');
    const { startsOn, endsOn } = data0.heading.period;
    const lessons = [];
    let k = 0;
    for (let d = startsOn; d <= endsOn && b0.lessons.length + k < 120; d = addDays(d, 1)) {
      if (weekday(d) > 5) continue;
      for (const no of [9, 10, 11, 12]) {
        if (b0.lessons.length + k >= 120) break;
        k++;
        lessons.push({ table: 'lesson' as const, id: newId(), set: { assignment_id: b0.key, date: d, lesson_no: no, teacher_id: a.teacher_id, substitute_teacher_id: null, plan_item_id: null, topic: `Дополнительный урок ${k}`, lesson_type: 'Урок-практикум', homework: `Задание ${k}`, cancelled: 0 } });
      }
    }
    await db.writer.write(SYSTEM, lessons);
    const data = await loadClassCopy(db.knex, t.classId, t.periodId);
    const bi = data.blocks.findIndex((b) => b.key === b0.key);
    const b = data.blocks[bi]!;
    assert.equal(b.lessons.length, 120);
    const r = await renderClassCopy(db, { ...t, now: AFTER_Q1 });
    const file = writePdf(r.bytes);
    const words = pdfWords(file);
    const { nameCells } = checkGrids(data, words);
    const plan = planClassCopy(data);
    const gridPages = plan.pages.map((p, i) => ({ p, i })).filter(({ p }) => p.side.kind === 'grid' && p.side.block === bi);
    assert.equal(gridPages.length, lessonChunks(120).length);
    assert.ok(gridPages.length >= 5);
    for (const { i } of gridPages) {
      for (const s of b.students) assert.ok(showsName(nameCells.get(`${i}|${s.id}`)?.[0] ?? '', s.name), `page ${i + 1} repeats ${s.name}`);
    }
    // The period marks' column only on the subject's last sheet.
    const label = 'I четверть';
    const withLabel = gridPages.filter(({ i }) => squeeze(pdfText(file, i + 1)).includes(squeeze(label)));
    assert.deepEqual(withLabel.map(({ i }) => i), [gridPages[gridPages.length - 1]!.i]);
    // Every topic, and the dates on the backs in date order.
    const text = squeeze(pdfText(file));
    for (let n = 1; n <= k; n++) assert.ok(text.includes(squeeze(`Дополнительный урок ${n}`)));
    const dates = gridPages.flatMap(({ i }) => [...pdfText(file, i + 2).matchAll(/^(\d\d)\.(\d\d)$/gm)].map((m) => `${m[2]}-${m[1]}`));
    assert.equal(dates.length, 120);
    assert.deepEqual(dates, [...dates].sort());
  });
});

describe('bad input is refused with a clear message and nothing written', () => {
  let db: JournalDb;
  let t: Target;
  before(async () => {
    db = await openCopy();
    t = await pickClass(db);
  });
  after(() => db.close());

  const changes = async () => Number(((await db.knex('change_log').count('seq as n').first()) as { n: number }).n);

  async function refused(code: string, fn: () => Promise<unknown>, file?: string): Promise<PrintError> {
    const before = await changes();
    const err = await fn().then(() => assert.fail('not refused'), (e: unknown) => e);
    assert.ok(err instanceof PrintError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, /[а-яё]/i, 'the message is in Russian');
    assert.equal(await changes(), before, 'nothing written');
    if (file) assert.equal(fs.existsSync(file), false, 'no file');
    return err;
  }

  it('a period that has not ended yet, unless asked for explicitly (then marked preliminary)', async () => {
    const file = path.join(tmpDir(), 'early.pdf');
    const err = await refused('PRINT_PERIOD_NOT_ENDED', () => printClassCopy(db, SYSTEM, { ...t, now: new Date('2026-10-20T10:00:00'), file }), file);
    assert.match(err.message, /23\.10\.2026/);
    const r = await renderClassCopy(db, { ...t, now: new Date('2026-10-20T10:00:00'), allowOpenPeriod: true });
    assert.equal(r.draft, true);
    assert.ok(squeeze(pdfText(writePdf(r.bytes), 1)).includes('Предварительнаяраспечатка'));
  });

  it('a class with no lessons, an unknown class or period, a period of other grades', async () => {
    const cls: { year_id: string } = await db.knex('class').where({ id: t.classId }).first('year_id');
    const empty = newId();
    await db.writer.write(SYSTEM, [{ table: 'class', id: empty, set: { year_id: cls.year_id, grade: 5, letter: 'Я', name: '5Я', class_teacher_id: null, room: '' } }]);
    const file = path.join(tmpDir(), 'x.pdf');
    const e = await refused('PRINT_NO_LESSONS', () => printClassCopy(db, SYSTEM, { classId: empty, periodId: t.periodId, now: AFTER_Q1, file }), file);
    assert.match(e.message, /5Я/);
    await refused('PRINT_UNKNOWN_CLASS', () => renderClassCopy(db, { classId: 'no-such-class', periodId: t.periodId, now: AFTER_Q1 }));
    await refused('PRINT_UNKNOWN_PERIOD', () => renderClassCopy(db, { classId: t.classId, periodId: 'no-such-period', now: AFTER_Q1 }));
    const half: { id: string } = await db.knex('period').where({ kind: 'half_year', number: 1 }).first('id');
    await refused('PRINT_PERIOD_NOT_FOR_CLASS', () => renderClassCopy(db, { classId: t.classId, periodId: half.id, now: new Date('2027-01-05T10:00:00') }));
  });

  it('a printer that is missing or fails: a Russian message, and the PDF stays saved', async () => {
    const dir = tmpDir();
    const pdf = path.join(dir, 'copy.pdf');
    fs.writeFileSync(pdf, (await renderSummary(db, { ...t, kind: 'movement', now: AFTER_Q1 })).bytes);
    const log = path.join(dir, 'lp-args.txt');
    const okLp = path.join(dir, 'lp-ok');
    fs.writeFileSync(okLp, `#!/bin/sh\necho "$@" > "${log}"\necho "request id is Кабинет-12 (1 file(s))"\n`, { mode: 0o755 });
    const job = await printPdfFile(pdf, { printer: 'Кабинет', copies: 2, doubleSided: true }, { platform: 'linux', lp: okLp, lpstat: okLp });
    assert.match(job.answer, /request id/);
    assert.match(fs.readFileSync(log, 'utf8'), /-d Кабинет -n 2 -o sides=two-sided-long-edge -o media=A4 -- .*copy\.pdf/);
    const noPrinter = path.join(dir, 'lp-missing');
    fs.writeFileSync(noPrinter, '#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n', { mode: 0o755 });
    for (const lp of [noPrinter, path.join(dir, 'no-cups-here')]) {
      const err = await printPdfFile(pdf, { printer: 'Нет такого' }, { platform: 'linux', lp, lpstat: lp }).then(() => assert.fail('printed'), (e: unknown) => e as PrintError);
      assert.equal(err.code, 'PRINTER_NOT_FOUND');
      assert.match(err.message, /Файл сохранён/);
      assert.ok(fs.existsSync(pdf));
    }
    const broken = path.join(dir, 'lp-broken');
    fs.writeFileSync(broken, '#!/bin/sh\necho "lp: paper jam" >&2\nexit 1\n', { mode: 0o755 });
    const err = await printPdfFile(pdf, {}, { platform: 'linux', lp: broken, lpstat: broken }).then(() => assert.fail('printed'), (e: unknown) => e as PrintError);
    assert.equal(err.code, 'PRINTER_FAILED');
    assert.ok(fs.existsSync(pdf));
  });
});

describe('the register of printed documents', () => {
  let db: JournalDb;
  let t: Target;
  before(async () => {
    db = await openCopy();
    t = await pickClass(db);
  });
  after(() => db.close());

  it('a change after printing makes the copy stale, naming just the sheets to reprint', async () => {
    const other: { id: string } = await db.knex('class').where('grade', 3).whereNot('id', t.classId).first('id');
    const printed = await printClassCopy(db, SYSTEM, { ...t, now: AFTER_Q1, file: path.join(tmpDir(), 'copy.pdf') });
    const otherCopy = await printClassCopy(db, SYSTEM, { classId: other.id, periodId: t.periodId, now: AFTER_Q1, file: path.join(tmpDir(), 'other.pdf') });
    assert.notEqual(printed.docNo, otherCopy.docNo);
    const entry = (await findPrint(db.knex, printed.docNo))!;
    assert.equal(entry.status, 'current');
    assert.equal(entry.sheets, printed.sheets);
    assert.equal(entry.dataHash, printed.hash);
    assert.equal((await checkPrint(db, printed.docNo)).status, 'current');

    // A mark changed (an approved correction writes through the writer like this).
    const data = await loadClassCopy(db.knex, t.classId, t.periodId);
    const plan = planClassCopy(data);
    const bi = 2;
    const b = data.blocks[bi]!;
    const mark = b.marks.find((m) => b.students.some((s) => s.id === m.studentId))!;
    const li = b.lessons.findIndex((l) => l.id === mark.lessonId);
    const sheet = plan.pages.find((p) => p.side.kind === 'grid' && p.side.block === bi && p.side.lessonFrom <= li && li < p.side.lessonTo)!.sheet;
    const row: { id: string } = await db.knex('mark').where({ lesson_id: mark.lessonId, student_id: mark.studentId, slot: mark.slot }).first('id');
    await db.writer.write(SYSTEM, [{ table: 'mark', id: row.id, set: { value: mark.value === '5' ? '4' : '5' } }], { reason: 'исправление' });

    const check = await checkPrint(db, printed.docNo);
    assert.equal(check.status, 'stale');
    assert.deepEqual(check.staleSheets, [sheet]);
    assert.deepEqual(check.changedParts.map((p) => p.label), [b.subgroupName ? `${b.subjectName} (${b.subgroupName})` : b.subjectName]);
    assert.match(check.message, new RegExp(`Перепечатать листы: ${sheet}`));
    assert.equal((await findPrint(db.knex, printed.docNo))!.status, 'current', 'checking alone writes nothing');

    const stale = await markStaleCopies(db, SYSTEM, { classId: t.classId, periodId: t.periodId });
    assert.deepEqual(stale.map((s) => s.docNo), [printed.docNo]);
    const after1 = (await findPrint(db.knex, printed.docNo))!;
    assert.equal(after1.status, 'stale');
    assert.deepEqual(after1.staleSheets, [sheet]);
    assert.equal((await checkPrint(db, otherCopy.docNo)).status, 'current', 'another class is not touched');
    assert.deepEqual(await markStaleCopies(db, SYSTEM, {}), [], 'nothing else is stale');

    // A topic changed on another subject: verify adds that subject's sheet.
    const b2 = data.blocks[4]!;
    const li2 = b2.lessons.length - 1;
    await db.writer.write(SYSTEM, [{ table: 'lesson', id: b2.lessons[li2]!.id, set: { topic: `${b2.lessons[li2]!.topic} (исправлено)` } }]);
    const sheet2 = plan.pages.find((p) => p.side.kind === 'topics' && p.side.block === 4 && p.side.lessonFrom <= li2 && li2 < p.side.lessonTo)!.sheet;
    const v = await verifyPrint(db, SYSTEM, printed.docNo);
    assert.deepEqual(v.staleSheets, [sheet, sheet2].sort((x, y) => x - y));
    assert.deepEqual((await findPrint(db.knex, printed.docNo))!.staleSheets, v.staleSheets);
  });

  it('summary sheets carry the same verification, and the marks summary holds each student\'s period marks', async () => {
    for (const kind of ['marks', 'attendance', 'movement', 'year-final'] as const) {
      const r = await renderSummary(db, { ...t, kind, now: new Date('2027-06-28T10:00:00') });
      const file = writePdf(r.bytes);
      const text = squeeze(pdfText(file));
      assert.ok(text.includes(squeeze(`Документ № ${r.docNo}`)) && text.includes(squeeze(r.shortHash)), kind);
      assert.ok(pdfPictures(file).every((p) => p.ink > 0.003), `${kind}: no blank page`);
      if (kind === 'marks') {
        const marks: { last_name: string; first_name: string; value: string; sort_order: number }[] = await db.knex('period_mark as pm')
          .join('student as s', 's.id', 'pm.student_id').join('subject as sb', 'sb.id', 'pm.subject_id')
          .where({ 'pm.class_id': t.classId, 'pm.period_id': t.periodId }).whereNotNull('pm.value').where('sb.graded', 1)
          .orderBy([{ column: 'sb.sort_order' }, { column: 'sb.name' }]).select('s.last_name', 's.first_name', 'pm.value', 'sb.sort_order');
        const student = marks[0]!;
        const words = pdfWords(file);
        const pageWords = words.find((ws) => ws.some((w) => w.text === student.last_name))!;
        const nameWord = pageWords.find((w) => w.text === student.last_name)!;
        const y = (nameWord.y0 + nameWord.y1) / 2;
        const rowText = pageWords.filter((w) => Math.abs((w.y0 + w.y1) / 2 - y) < 2).sort((a, b) => a.x0 - b.x0).map((w) => w.text).join(' ');
        const values = marks.filter((m) => m.last_name === student.last_name && m.first_name === student.first_name).map((m) => m.value).join(' ');
        assert.ok(rowText.includes(values), `row «${rowText}» holds «${values}»`);
      }
    }
  });
});

describe('the titles the school set are printed on the signature lines (issue 13, R-ROLE-4)', () => {
  let db: JournalDb;
  let t: Target;
  before(async () => {
    db = await openCopy();
    t = await pickClass(db);
  });
  after(() => db.close());

  it('by default «Заместитель директора по УВР» and «Директор», with the copy\'s hash as before; the school\'s own titles replace them', async () => {
    const before = await renderSummary(db, { ...t, kind: 'attendance', now: AFTER_Q1 });
    const text = squeeze(pdfText(writePdf(before.bytes)));
    assert.ok(text.includes(squeeze('Заместитель директора по УВР')));
    // Settings as setup.saveSchool writes them (db/setup/school-titles.ts).
    await db.writer.write({ userId: null }, [
      { table: 'setting', id: 'school.certifierTitle', set: { value: JSON.stringify('Заместитель директора по УР') } },
      { table: 'setting', id: 'school.directorTitle', set: { value: JSON.stringify('Директор школы') } },
    ]);
    const after = await renderSummary(db, { ...t, kind: 'attendance', now: AFTER_Q1 });
    const text2 = squeeze(pdfText(writePdf(after.bytes)));
    assert.ok(text2.includes(squeeze('Заместитель директора по УР')) && !text2.includes(squeeze('по УВР')), 'the school\'s title');
    assert.ok(text2.includes(squeeze('Директор школы')));
    assert.notEqual(after.shortHash, before.shortHash, 'what is printed is what is hashed');
  });
});
