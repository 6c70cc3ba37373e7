// Every migration has its test, all in one form: a database at the version just before it
// (tests/helpers/migrate-to.ts), rows written as that version wrote them, this migration
// alone, then the data checked — every old row still there (with the columns the migration
// added at their stated values) — and the new tables, columns and constraints at work.
// A migration in db/migrations/ without a case here fails the first test.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Knex } from 'knex';
import { openDatabase } from '../../db/connection';
import { openJournal } from '../../db/journal-db';
import { appliedMigrations, migrateToLatest, NewerDatabaseError } from '../../db/migrate';
import * as m001 from '../../db/migrations/001_initial';
import { MIGRATIONS } from '../../db/migrations/index';
import { JOURNAL_FIELDS, LOCAL_TABLES, type JournalTable } from '../../db/schema';
import { databaseBefore, migrateTo } from '../helpers/migrate-to';
import { tmpDir } from '../helpers/tmp';

type Row = Record<string, unknown>;

interface MigrationCase {
  /** What the case shows, as a sentence. */
  readonly title: string;
  /** Rows as the version before the migration wrote them (for the first: none). */
  readonly before: (knex: Knex) => Promise<void>;
  /** Columns the migration adds to existing tables, and the value each old row gets. */
  readonly added?: Readonly<Record<string, Row>>;
  /** After the migration (the old rows are checked before this): what it changed, and the new schema at work. */
  readonly after: (knex: Knex) => Promise<void>;
}

// ---- helpers ------------------------------------------------------------------------------

const columns = async (knex: Knex, table: string): Promise<string[]> =>
  ((await knex.raw(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => c.name).sort();

const indexes = async (knex: Knex, table: string): Promise<string[]> =>
  ((await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`, [table])) as { name: string }[]).map((i) => i.name);

/** A journal table has exactly the fields the journal writer knows (db/schema.ts). */
async function assertJournalTable(knex: Knex, table: JournalTable, addedLater: readonly string[] = []): Promise<void> {
  assert.deepEqual(await columns(knex, table), ['id', ...JOURNAL_FIELDS[table].filter((f) => !addedLater.includes(f))].sort(), `columns of ${table}`);
}

/** The register's fields added by 014 (reports): absent in the cases of the migrations before it. */
const REGISTER_014 = ['report_name', 'report_params'];

const tablesOf = async (knex: Knex): Promise<string[]> =>
  ((await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_migrations%' ORDER BY name`)) as { name: string }[]).map((t) => t.name);

const sorted = (rows: Row[]): Row[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Every row of every table, to compare after the migration. */
async function everyRow(knex: Knex): Promise<Map<string, Row[]>> {
  const all = new Map<string, Row[]>();
  for (const t of await tablesOf(knex)) all.set(t, sorted(await knex(t).select('*')));
  return all;
}

/** Every row of `kept` is still there unchanged; a column the migration added holds the value `added` states. */
async function assertKept(knex: Knex, kept: Map<string, Row[]>, added: Readonly<Record<string, Row>> = {}): Promise<void> {
  for (const [table, rows] of kept) {
    const now: Row[] = await knex(table).select('*');
    const newColumns = added[table] ?? {};
    const stripped = now.map((r) => {
      const rest = { ...r };
      for (const [col, value] of Object.entries(newColumns)) {
        assert.deepEqual(r[col], value, `${table}.${col} of an old row`);
        delete rest[col];
      }
      return rest;
    });
    assert.deepEqual(sorted(stripped), rows, `the rows of ${table}`);
  }
}

/** Inserts rows one by one (a multi-row insert would write NULL for a column another row sets). */
async function put(knex: Knex, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) await knex(table).insert(row);
}

// ---- a school as the first version wrote it ---------------------------------------------------

const NODE = '0190aa00-0000-7000-8000-00000000a001';
const hlc = (minute: number, counter = 0) => `2026-10-05T08:${String(minute).padStart(2, '0')}:00.000Z-${counter.toString(16).padStart(8, '0')}-${NODE}`;
const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';

/** A small school with a taught lesson and its history: rows of the tables of 001, which every later version keeps. */
async function school(knex: Knex): Promise<void> {
  await knex('school').insert({ id: 'sch', full_name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 5»', short_name: 'СШ № 5' });
  await knex('academic_year').insert({ id: 'y26', school_id: 'sch', name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-06-30' });
  await put(knex, 'period', [
    { id: 'q1', year_id: 'y26', kind: 'quarter', number: 1, name: '1 четверть', starts_on: '2026-09-01', ends_on: '2026-10-23', grade_from: 2, grade_to: 9 },
    { id: 'y26-year', year_id: 'y26', kind: 'year', number: 1, name: 'Год', starts_on: '2026-09-01', ends_on: '2027-05-25', grade_from: 1, grade_to: 11 },
  ]);
  await put(knex, 'staff', [
    { id: 'st-admin', login: 'admin', last_name: 'Орлова', first_name: 'Вера', middle_name: 'Павловна', password_hash: PASSWORD_HASH },
    { id: 'st-deputy', login: 'deputy', last_name: 'Кузнецова', first_name: 'Ирина', middle_name: 'Олеговна', position: 'заместитель директора по УВР', password_hash: PASSWORD_HASH },
    { id: 'st-teacher', login: 'teacher', last_name: 'Иванова', first_name: 'Анна', middle_name: 'Сергеевна', activation_hash: PASSWORD_HASH },
  ]);
  await put(knex, 'staff_role', [
    { id: 'r-admin', staff_id: 'st-admin', role: 'admin' },
    { id: 'r-deputy', staff_id: 'st-deputy', role: 'deputy' },
    { id: 'r-teacher', staff_id: 'st-teacher', role: 'teacher' },
    { id: 'r-class', staff_id: 'st-teacher', role: 'class_teacher' },
  ]);
  await knex('subject').insert({ id: 'math', name: 'Математика', short_name: 'Мат' });
  await knex('work_kind').insert({ id: 'wk-k', code: 'К', name: 'Контрольная работа', written: 1, weight: 2 });
  await knex('class').insert({ id: 'c8b', year_id: 'y26', grade: 8, letter: 'Б', name: '8Б', class_teacher_id: 'st-teacher' });
  await knex('student').insert({ id: 'stu1', last_name: 'Смирнов', first_name: 'Пётр', birth_date: '2012-04-03', gender: 'м' });
  await knex('enrolment').insert({ id: 'en1', student_id: 'stu1', class_id: 'c8b', starts_on: '2026-09-01' });
  await knex('teaching_assignment').insert({ id: 'ta1', year_id: 'y26', teacher_id: 'st-teacher', class_id: 'c8b', subject_id: 'math', hours_per_week: 5, starts_on: '2026-09-01' });
  await knex('lesson').insert({ id: 'l1', assignment_id: 'ta1', date: '2026-10-05', lesson_no: 2, teacher_id: 'st-teacher', topic: 'Квадратные уравнения', homework: '№ 512, 514' });
  await knex('mark').insert({ id: 'mk1', lesson_id: 'l1', student_id: 'stu1', value: '5', work_kind_id: 'wk-k' });
  await knex('attendance').insert({ id: 'at1', lesson_id: 'l1', student_id: 'stu1', code: 'О' });
  await knex('period_mark').insert({ id: 'pm1', period_id: 'q1', student_id: 'stu1', subject_id: 'math', class_id: 'c8b', value: '5' });
  await put(knex, 'change_log', [
    { hlc: hlc(15), change_set_id: 'cs1', node_id: NODE, user_id: 'st-teacher', table_name: 'mark', row_id: 'mk1', field: 'value', old_value: null, new_value: '"4"', recorded_at: '2026-10-05T08:15:00.000Z' },
    { hlc: hlc(16), change_set_id: 'cs2', node_id: NODE, user_id: 'st-teacher', table_name: 'mark', row_id: 'mk1', field: 'value', old_value: '"4"', new_value: '"5"', reason: 'работа пересдана', recorded_at: '2026-10-05T08:16:00.000Z' },
    { hlc: hlc(16, 1), change_set_id: 'cs2', node_id: NODE, user_id: 'st-teacher', table_name: 'attendance', row_id: 'at1', field: 'code', old_value: null, new_value: '"О"', recorded_at: '2026-10-05T08:16:00.000Z' },
  ]);
}

/** A print register row as 006 and 007 wrote it. */
const printed = (id: string, docNo: string, set: Row = {}): Row => ({
  id, doc_no: docNo, kind: 'class_copy', class_id: 'c8b', period_id: 'q1', title: 'Копия журнала 8Б, 1 четверть', sheets: 12, pages: 24,
  data_hash: 'a'.repeat(64), printed_at: '2026-10-27T10:00:00.000Z', printed_by: 'st-deputy', computer: 'PC-01', ...set,
});

// ---- one case per migration -----------------------------------------------------------------

const CASES: Readonly<Record<string, readonly MigrationCase[]>> = {
  '001_initial': [{
    title: 'creates the journal tables; a school fits them, and they refuse a mark outside 1–5, an unknown attendance code, a dangling reference, a second lesson in a slot and any change of the history',
    before: async () => {},
    after: async (knex) => {
      const created = m001.statements.map((sql) => /^CREATE TABLE (\w+)/.exec(sql)?.[1]).filter((t): t is string => !!t);
      assert.ok(created.length > 30);
      assert.deepEqual(await tablesOf(knex), [...created].sort());
      await school(knex);
      await assert.rejects(knex('mark').insert({ id: 'm2', lesson_id: 'l1', student_id: 'stu1', slot: 2, value: '7' }), /CHECK/);
      await assert.rejects(knex('attendance').insert({ id: 'a2', lesson_id: 'l1', student_id: 'stu1', code: 'X' }), /CHECK/);
      await assert.rejects(knex('mark').insert({ id: 'm3', lesson_id: 'nope', student_id: 'stu1', slot: 2, value: '5' }), /FOREIGN KEY/);
      await assert.rejects(knex('lesson').insert({ id: 'l2', assignment_id: 'ta1', date: '2026-10-05', lesson_no: 2, teacher_id: 'st-teacher' }), /UNIQUE/);
      await assert.rejects(knex('change_log').update({ new_value: '"3"' }), /append-only/);
      await assert.rejects(knex('change_log').del(), /append-only/);
      assert.equal((await knex('change_log').count('* as n'))[0]!.n, 3);
    },
  }],

  '002_sign_in': [{
    title: 'adds login_attempt, a table of this computer counting wrong passwords per login whatever its letter case; the staff keep their logins and hashes',
    before: school,
    after: async (knex) => {
      assert.deepEqual(await columns(knex, 'login_attempt'), ['failures', 'locked_until', 'login']);
      // Local: never written through the journal writer, never synced.
      assert.ok((LOCAL_TABLES as readonly string[]).includes('login_attempt'));
      assert.ok(!('login_attempt' in JOURNAL_FIELDS));
      await knex('login_attempt').insert({ login: 'teacher', failures: 1 });
      await assert.rejects(knex('login_attempt').insert({ login: 'TEACHER', failures: 1 }), /UNIQUE/);
      await assert.rejects(knex('login_attempt').insert({ login: 'x', failures: -1 }), /CHECK/);
      assert.equal((await knex('login_attempt').where({ login: 'Teacher' }).first())?.locked_until, null);
    },
  }],

  '003_remark_review_note': [{
    title: 'gives remarks the deputy\'s review note, empty for the remarks already written',
    before: async (knex) => {
      await school(knex);
      await put(knex, 'control_remark', [
        { id: 'rm1', assignment_id: 'ta1', author_id: 'st-deputy', text: 'Не записаны темы уроков за 5–9 октября', created_on: '2026-10-12', status: 'fixed', answer: 'Темы записаны' },
        { id: 'rm2', assignment_id: 'ta1', author_id: 'st-deputy', text: 'Нет домашнего задания', created_on: '2026-10-13' },
      ]);
    },
    added: { control_remark: { review_note: '' } },
    after: async (knex) => {
      await assertJournalTable(knex, 'control_remark');
      await knex('control_remark').where({ id: 'rm1' }).update({ status: 'reopened', review_note: 'Темы за 9 октября всё ещё пусты' });
      assert.equal((await knex('control_remark').where({ id: 'rm1' }).first()).review_note, 'Темы за 9 октября всё ещё пусты');
    },
  }],

  '004_backup_log': [{
    title: 'adds the log of backup copies as a journal table, refusing an unknown action, an ok that is not 0 or 1 and an unknown staff member',
    before: school,
    after: async (knex) => {
      await assertJournalTable(knex, 'backup_log');
      const entry = { id: 'b1', action: 'backup', at: '2026-10-27T09:00:00.000Z', staff_id: 'st-deputy', computer: `${NODE} PC-01`, location: 'E:\\journal-backup-1', sha256: 'b'.repeat(64), size: 4096, ok: 1 };
      await knex('backup_log').insert(entry);
      assert.equal((await knex('backup_log').where({ id: 'b1' }).first()).note, '');
      await assert.rejects(knex('backup_log').insert({ ...entry, id: 'b2', action: 'delete' }), /CHECK/);
      await assert.rejects(knex('backup_log').insert({ ...entry, id: 'b3', ok: 2 }), /CHECK/);
      await assert.rejects(knex('backup_log').insert({ ...entry, id: 'b4', staff_id: 'nobody' }), /FOREIGN KEY/);
    },
  }],

  '005_sync': [{
    title: 'prepares the history and the staff for signed sync: old entries and users kept unsigned and keyless, the history still append-only; adds the sync\'s own tables of this computer',
    before: school,
    added: {
      change_log: { base_hlc: null, chain_hash: null, signature: null },
      staff: { public_key: null, private_key_enc: null },
    },
    after: async (knex) => {
      await assert.rejects(knex('change_log').update({ signature: 'forged' }), /append-only/);
      await assert.rejects(knex('change_log').del(), /append-only/);
      await knex('change_log').insert({
        hlc: hlc(20), change_set_id: 'cs3', node_id: NODE, user_id: 'st-teacher', table_name: 'mark', row_id: 'mk1', field: 'comment', old_value: '""', new_value: '"устно"',
        recorded_at: '2026-10-05T08:20:00.000Z', base_hlc: hlc(16), chain_hash: 'c'.repeat(64), signature: 'sig',
      });
      assert.deepEqual(await indexes(knex, 'change_log'), ['change_log_chain', 'change_log_node', 'change_log_row', 'change_log_user']);
      await knex('staff').where({ id: 'st-teacher' }).update({ public_key: 'MCowBQYDK2VwAyEA', private_key_enc: 'enc' });

      const local = ['sync_peer', 'sync_published', 'sync_quarantine', 'sync_conflict', 'sync_chain'];
      for (const t of local) {
        assert.ok(await knex.schema.hasTable(t), t);
        assert.ok((LOCAL_TABLES as readonly string[]).includes(t) && !(t in JOURNAL_FIELDS), `${t} is this computer's own`);
      }
      await knex('sync_peer').insert({ node_id: 'other', first_seen_at: '2026-10-05T09:00:00.000Z' });
      assert.equal((await knex('sync_peer').first()).applied_seq, 0);
      const q = { node_id: 'other', file: '0000000002.seg', code: 'BAD_SIGNATURE', message: 'подпись не сходится', detected_at: 'x', last_seen_at: 'x' };
      await knex('sync_quarantine').insert(q);
      assert.equal((await knex('sync_quarantine').first()).status, 'open');
      await assert.rejects(knex('sync_quarantine').insert(q), /UNIQUE/);
      await assert.rejects(knex('sync_quarantine').insert({ ...q, code: 'X', status: 'forgotten' }), /CHECK/);
      const published = { node_id: NODE, seq: 1, file: '0000000001.seg', hash: 'h', first_log_seq: 1, last_log_seq: 4, entries: 4, published_at: 'x' };
      await knex('sync_published').insert(published);
      await assert.rejects(knex('sync_published').insert(published), /UNIQUE/);
      await assert.rejects(knex('sync_conflict').insert({ id: 'mark:mk1:value', table_name: 'mark', row_id: 'mk1', field: 'value', hlcs: '[]', status: 'ignored', detected_at: 'x' }), /CHECK/);
      await knex('sync_chain').insert({ node_id: NODE, user_id: 'st-teacher', chain_hash: 'c'.repeat(64) });
      await assert.rejects(knex('sync_chain').insert({ node_id: NODE, user_id: 'st-teacher', chain_hash: 'd' }), /UNIQUE/);
    },
  }],

  '006_print_register': [{
    title: 'adds the register of printed documents as a journal table: one row per document number, known kinds and statuses, at least one sheet, a real class and period',
    before: school,
    after: async (knex) => {
      await assertJournalTable(knex, 'print_register', REGISTER_014);
      await knex('print_register').insert(printed('p1', '2026-15C4-0001'));
      const row = await knex('print_register').where({ id: 'p1' }).first();
      assert.deepEqual([row.status, row.part_hashes, row.sheet_hashes, row.stale_sheets, row.bound_on, row.folder], ['current', '[]', '[]', '[]', null, '']);
      await assert.rejects(knex('print_register').insert(printed('p2', '2026-15C4-0001')), /UNIQUE/);
      await assert.rejects(knex('print_register').insert(printed('p3', 'n3', { kind: 'poster' })), /CHECK/);
      await assert.rejects(knex('print_register').insert(printed('p4', 'n4', { status: 'lost' })), /CHECK/);
      await assert.rejects(knex('print_register').insert(printed('p5', 'n5', { sheets: 0 })), /CHECK/);
      await assert.rejects(knex('print_register').insert(printed('p6', 'n6', { class_id: 'nope' })), /FOREIGN KEY/);
    },
  }],

  '007_certification': [{
    title: 'adds the certification campaign, its class × subject and class steps and the log of strict-accountability documents; the printed copy and the backup it names stay as they were',
    before: async (knex) => {
      await school(knex);
      await knex('backup_log').insert({ id: 'b1', action: 'backup', at: '2026-10-27T09:00:00.000Z', staff_id: 'st-deputy', computer: 'PC-01', location: 'E:\\copy', sha256: 'b'.repeat(64), size: 4096, ok: 1 });
      await knex('print_register').insert(printed('p1', '2026-15C4-0001'));
    },
    after: async (knex) => {
      for (const t of ['certification_subject', 'certification_class', 'strict_document_log'] as const) await assertJournalTable(knex, t);
      // The campaign's cancellation came with 010.
      const later = ['cancelled_by', 'cancelled_at', 'cancel_reason'];
      assert.deepEqual(await columns(knex, 'certification_campaign'), ['id', ...JOURNAL_FIELDS.certification_campaign].filter((c) => !later.includes(c)).sort());
      const days = { day1_on: '2026-10-26', day2_on: '2026-10-27', day3_on: '2026-10-28', day4_on: '2026-10-29', day5_on: '2026-10-30' };
      await knex('certification_campaign').insert({ id: 'k1', period_id: 'q1', ...days, opened_by: 'st-deputy', opened_at: 'x', backup_log_id: 'b1', backup_recorded_by: 'st-deputy', backup_recorded_at: 'x' });
      assert.equal((await knex('certification_campaign').first()).status, 'open');
      await assert.rejects(knex('certification_campaign').insert({ id: 'k2', period_id: 'q1', ...days, day2_on: '2026-10-25', opened_by: 'st-deputy', opened_at: 'x' }), /CHECK/);
      await assert.rejects(knex('certification_campaign').insert({ id: 'k3', period_id: 'q1', ...days, opened_by: 'st-deputy', opened_at: 'x', status: 'paused' }), /CHECK/);
      await knex('certification_subject').insert({ id: 's1', campaign_id: 'k1', assignment_id: 'ta1', class_id: 'c8b', subject_id: 'math', teacher_id: 'st-teacher', confirmed_by: 'st-teacher', confirmed_at: 'x' });
      await knex('certification_class').insert({ id: 'cc1', campaign_id: 'k1', class_id: 'c8b', print_doc_no: '2026-15C4-0001', printed_by: 'st-deputy', printed_at: 'x' });
      await assert.rejects(knex('certification_class').insert({ id: 'cc2', campaign_id: 'nope', class_id: 'c8b' }), /FOREIGN KEY/);
      const handed = { id: 'sl1', entry_no: 1, entered_at: 'x', document: 'Бумажная копия журнала 8Б', doc_no: '2026-15C4-0001', handed_by: 'st-deputy', received_by: 'st-admin' };
      await knex('strict_document_log').insert(handed);
      await assert.rejects(knex('strict_document_log').insert({ ...handed, id: 'sl2', entry_no: 0 }), /CHECK/);
    },
  }],

  '008_year_archive': [{
    title: 'rebuilds the register to take the year title page, keeping every row and index, and adds the year archive: one bound folder per class and year',
    before: async (knex) => {
      await school(knex);
      await put(knex, 'print_register', [
        printed('p1', '2026-15C4-0001', { bound_on: '2026-11-02', folder: 'Дело 05-12', part_hashes: '[{"key":"math","hash":"x"}]', sheet_hashes: '[{"sheet":1,"hash":"y"}]', file_path: 'Печать/8Б.pdf', file_sha256: 'f'.repeat(64) }),
        printed('p2', '2026-15C4-0002', { kind: 'summary_marks', status: 'stale', stale_since: '2026-11-03T10:00:00.000Z', stale_sheets: '[3]', note: 'исправление отметки' }),
        printed('p3', '2026-15C4-0003', { kind: 'year_final', period_id: 'y26-year', printed_by: null }),
      ]);
      await assert.rejects(knex('print_register').insert(printed('t0', 'n0', { kind: 'year_title' })), /CHECK/, 'before 008 the kind is unknown');
    },
    after: async (knex) => {
      await assertJournalTable(knex, 'print_register', REGISTER_014);
      assert.deepEqual(await indexes(knex, 'print_register'), ['print_register_class', 'print_register_doc_no']);
      await knex('print_register').insert(printed('t1', '2027-15C4-0001', { kind: 'year_title', period_id: 'y26-year' }));
      await assert.rejects(knex('print_register').insert(printed('t2', '2026-15C4-0001')), /UNIQUE/, 'one row per document number still');
      await assert.rejects(knex('print_register').insert(printed('t3', 'n3', { kind: 'poster' })), /CHECK/);
      await assertJournalTable(knex, 'year_archive');
      const folder = { id: 'ya1', class_id: 'c8b', year_id: 'y26', title_doc_no: '2027-15C4-0001', sheets: 48, folder: 'Дело 05-12', bound_on: '2027-06-30', keep_years: 5, keep_until: '2032-06-30' };
      await knex('year_archive').insert(folder);
      await assert.rejects(knex('year_archive').insert({ ...folder, id: 'ya2', sheets: 0 }), /CHECK/);
      await assert.rejects(knex('year_archive').insert({ ...folder, id: 'ya3', keep_years: 0 }), /CHECK/);
      await assert.rejects(knex('year_archive').insert({ ...folder, id: 'ya4', year_id: 'nope' }), /FOREIGN KEY/);
    },
  }],

  '009_trust': [
    {
      title: 'fixes the trust anchor from the first administrator with a key (not a revoked one, not one without a key); staff, chains, peers and the quarantine keep their rows with the new fields empty',
      before: async (knex) => {
        await school(knex);
        await put(knex, 'staff', [
          { id: 'a0-former', login: 'former', last_name: 'Петров', first_name: 'Олег', public_key: 'pk-former' },
          { id: 'a1-new', login: 'newadmin', last_name: 'Соколов', first_name: 'Илья' },
          { id: 'z-second', login: 'second', last_name: 'Зайцева', first_name: 'Мария', public_key: 'pk-second' },
        ]);
        await put(knex, 'staff_role', [
          { id: 'r-former', staff_id: 'a0-former', role: 'admin', revoked: 1 },
          { id: 'r-new', staff_id: 'a1-new', role: 'admin' },
          { id: 'r-second', staff_id: 'z-second', role: 'admin' },
        ]);
        await knex('staff').where({ id: 'st-admin' }).update({ public_key: 'pk-admin', private_key_enc: 'enc-admin' });
        await knex('staff').where({ id: 'st-teacher' }).update({ public_key: 'pk-teacher', private_key_enc: 'enc-teacher' });
        await knex('sync_chain').insert({ node_id: 'other', user_id: 'st-teacher', chain_hash: 'c'.repeat(64) });
        await knex('sync_peer').insert({ node_id: 'other', applied_seq: 7, last_hash: 'h', last_hlc: hlc(30), computer_name: 'PC-07', first_seen_at: 'x', last_contact_at: 'y', last_applied_at: 'z' });
        await knex('sync_quarantine').insert({ node_id: 'other', file: '0000000008.seg', code: 'BAD_SIGNATURE', message: 'подпись не сходится', detected_at: 'x', last_seen_at: 'x', payload: '[]' });
      },
      added: {
        staff: { activation_key: null, key_proof: null },
        sync_chain: { last_hlc: null },
        sync_peer: { next_absent_at: null },
        sync_quarantine: { user_id: null },
      },
      after: async (knex) => {
        const anchor = await knex('trust_anchor').select('*');
        assert.deepEqual(anchor.map((a) => [a.id, a.staff_id, a.public_key]), [[1, 'st-admin', 'pk-admin']]);
        assert.match(anchor[0].fixed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        await assert.rejects(knex('trust_anchor').insert({ id: 2, staff_id: 'z-second', public_key: 'pk-second', fixed_at: 'x' }), /CHECK/, 'one anchor');
        await assertJournalTable(knex, 'staff');
        await assertJournalTable(knex, 'late_arrival_decision');
        const decision = { id: `late:${hlc(40)}`, hlc: hlc(40), decision: 'accepted', decided_by: 'st-deputy', decided_at: 'x' };
        await knex('late_arrival_decision').insert(decision);
        await assert.rejects(knex('late_arrival_decision').insert({ ...decision, id: 'late:2', decision: 'ignored' }), /CHECK/);
        for (const t of ['trust_anchor', 'sync_key_state', 'sync_late_arrival']) assert.ok((LOCAL_TABLES as readonly string[]).includes(t) && !(t in JOURNAL_FIELDS), `${t} is this computer's own`);
        const refused = { user_id: 'st-teacher', key_id: 'k1', status: 'refused', reason: 'ключ без поручителя', detected_at: 'x' };
        await knex('sync_key_state').insert(refused);
        await assert.rejects(knex('sync_key_state').insert(refused), /UNIQUE/);
        await assert.rejects(knex('sync_key_state').insert({ ...refused, key_id: 'k2', status: 'trusted' }), /CHECK/);
        const late = { hlc: hlc(40), node_id: 'other', table_name: 'mark', row_id: 'mk1', field: 'value', made_at: hlc(40), deadline: 'd', appeared_after: 'a', first_seen_at: 'f' };
        await knex('sync_late_arrival').insert(late);
        await assert.rejects(knex('sync_late_arrival').insert(late), /UNIQUE/);
        assert.ok((await indexes(knex, 'sync_quarantine')).includes('sync_quarantine_waiting'));
      },
    },
    {
      title: 'leaves the trust anchor unset in a journal where no administrator has a key yet',
      before: school,
      added: { staff: { activation_key: null, key_proof: null } },
      after: async (knex) => {
        assert.deepEqual(await knex('trust_anchor').select('*'), []);
      },
    },
  ],

  '010_calendar_campaign': [{
    title: 'adds the calendar of non-working days (one row a date, removed kept as a flag) and the cancellation of a campaign; an open campaign keeps its row, not cancelled',
    before: async (knex) => {
      await school(knex);
      await knex('certification_campaign').insert({
        id: 'k1', period_id: 'q1', day1_on: '2026-10-26', day2_on: '2026-10-27', day3_on: '2026-10-28', day4_on: '2026-10-29', day5_on: '2026-10-30',
        opened_by: 'st-deputy', opened_at: '2026-10-24T09:00:00.000Z',
      });
    },
    added: { certification_campaign: { cancelled_by: null, cancelled_at: null, cancel_reason: '' } },
    after: async (knex) => {
      await assertJournalTable(knex, 'non_working_day');
      await assertJournalTable(knex, 'certification_campaign');
      await knex('non_working_day').insert({ id: 'd1', date: '2027-01-01', name: 'Новогодние каникулы' });
      assert.equal((await knex('non_working_day').where({ id: 'd1' }).first()).removed, 0);
      await assert.rejects(knex('non_working_day').insert({ id: 'd2', date: '2027-01-01', name: 'ещё раз' }), /UNIQUE/, 'one row a date');
      await assert.rejects(knex('non_working_day').insert({ id: 'd3', date: '01.01.2027', name: 'Новый год' }), /CHECK/);
      await assert.rejects(knex('non_working_day').insert({ id: 'd4', date: '2027-01-02', name: '' }), /CHECK/);
      await assert.rejects(knex('non_working_day').insert({ id: 'd5', date: '2027-01-02', name: 'x', removed: 2 }), /CHECK/);
      await knex('certification_campaign').where({ id: 'k1' }).update({ status: 'closed', cancelled_by: 'st-deputy', cancelled_at: 'x', cancel_reason: 'открыта не за тот период' });
      await assert.rejects(knex('certification_campaign').where({ id: 'k1' }).update({ cancelled_by: 'nobody' }), /FOREIGN KEY/);
      assert.ok((await indexes(knex, 'non_working_day')).includes('non_working_day_date'));
    },
  }],

  '011_paper_logs': [{
    title: 'rebuilds the register to take the log of substitutions, keeping every row and index, and adds the secretary\'s entries of the log of use of backup copies (media taken out of the safe and put back)',
    before: async (knex) => {
      await school(knex);
      await put(knex, 'print_register', [
        printed('p1', '2026-15C4-0001', { bound_on: '2026-11-02', folder: 'Дело 05-12', part_hashes: '[{"key":"math","hash":"x"}]', sheet_hashes: '[{"sheet":1,"hash":"y"}]' }),
        printed('p2', '2026-15C4-0002', { kind: 'year_title', period_id: 'y26-year', status: 'stale', stale_since: 'x', stale_sheets: '[1]' }),
      ]);
      await assert.rejects(knex('print_register').insert(printed('s0', 'n0', { kind: 'substitution_log' })), /CHECK/, 'before 011 the kind is unknown');
    },
    after: async (knex) => {
      await assertJournalTable(knex, 'print_register', REGISTER_014);
      assert.deepEqual(await indexes(knex, 'print_register'), ['print_register_class', 'print_register_doc_no']);
      await knex('print_register').insert(printed('s1', '2026-15C4-0003', { kind: 'substitution_log' }));
      await assert.rejects(knex('print_register').insert(printed('s2', '2026-15C4-0001')), /UNIQUE/, 'one row per document number still');
      await assert.rejects(knex('print_register').insert(printed('s3', 'n3', { kind: 'poster' })), /CHECK/);
      await assertJournalTable(knex, 'backup_medium_use');
      const taken = { id: 'u1', happened_at: '2026-10-27T09:00:00.000Z', medium: 'Флеш-накопитель № 2', action: 'taken', person_id: 'st-deputy', purpose: 'проверка копии', room: 'каб. 12 (сейф)', entered_by: 'st-admin', entered_at: 'x' };
      await knex('backup_medium_use').insert(taken);
      await knex('backup_medium_use').insert({ ...taken, id: 'u2', action: 'returned', purpose: '' });
      await assert.rejects(knex('backup_medium_use').insert({ ...taken, id: 'u3', action: 'lost' }), /CHECK/);
      await assert.rejects(knex('backup_medium_use').insert({ ...taken, id: 'u4', medium: '' }), /CHECK/);
      await assert.rejects(knex('backup_medium_use').insert({ ...taken, id: 'u5', room: '' }), /CHECK/);
      await assert.rejects(knex('backup_medium_use').insert({ ...taken, id: 'u6', person_id: 'nobody' }), /FOREIGN KEY/);
      assert.ok((await indexes(knex, 'backup_medium_use')).includes('backup_medium_use_at'));
    },
  }],

  '012_year_close': [{
    title: 'rebuilds the register to take the list of promoted students, keeping every row and index; adds exam and final marks, the promotions of the year\'s end, and the closing order of a year (an open year keeps its row, not closed)',
    before: async (knex) => {
      await school(knex);
      await put(knex, 'print_register', [
        printed('p1', '2026-15C4-0001', { bound_on: '2026-11-02', folder: 'Дело 05-12' }),
        printed('p2', '2026-15C4-0002', { kind: 'substitution_log' }),
      ]);
      await assert.rejects(knex('print_register').insert(printed('l0', 'n0', { kind: 'promotion_list', period_id: 'y26-year' })), /CHECK/, 'before 012 the kind is unknown');
    },
    added: { academic_year: { closed_order_no: '', closed_order_date: null, closed_by: null, closed_at: null } },
    after: async (knex) => {
      await assertJournalTable(knex, 'print_register', REGISTER_014);
      assert.deepEqual(await indexes(knex, 'print_register'), ['print_register_class', 'print_register_doc_no']);
      await knex('print_register').insert(printed('l1', '2027-15C4-0001', { kind: 'promotion_list', period_id: 'y26-year' }));
      await assert.rejects(knex('print_register').insert(printed('l2', '2026-15C4-0001')), /UNIQUE/, 'one row per document number still');
      await assertJournalTable(knex, 'academic_year');
      await knex('academic_year').where({ id: 'y26' }).update({ status: 'closed', closed_order_no: '112-о', closed_order_date: '2027-06-20', closed_by: 'st-admin', closed_at: 'x' });
      await assert.rejects(knex('academic_year').where({ id: 'y26' }).update({ closed_by: 'nobody' }), /FOREIGN KEY/);
      await assertJournalTable(knex, 'final_mark');
      const exam = { id: 'f1', year_id: 'y26', class_id: 'c8b', student_id: 'stu1', subject_id: 'math', kind: 'exam', exam_form: 'ОГЭ', value: '4', entered_by: 'st-teacher', entered_at: 'x' };
      await knex('final_mark').insert(exam);
      await knex('final_mark').insert({ ...exam, id: 'f2', kind: 'final', exam_form: '' });
      await assert.rejects(knex('final_mark').insert({ ...exam, id: 'f3' }), /UNIQUE/, 'one exam mark a year, student and subject');
      await knex('subject').insert({ id: 'rus', name: 'Русский язык', short_name: 'Рус' });
      await assert.rejects(knex('final_mark').insert({ ...exam, id: 'f4', kind: 'final', exam_form: 'ЕГЭ', subject_id: 'rus' }), /CHECK/, 'a final mark has no exam form');
      await assert.rejects(knex('final_mark').insert({ ...exam, id: 'f5', subject_id: 'rus', value: '6' }), /CHECK/);
      await assert.rejects(knex('final_mark').insert({ ...exam, id: 'f6', subject_id: 'rus', exam_form: 'ЦТ' }), /CHECK/);
      await assert.rejects(knex('final_mark').insert({ ...exam, id: 'f7', subject_id: 'rus', score: 101 }), /CHECK/);
      await assertJournalTable(knex, 'promotion');
      await knex('student').insert({ id: 'stu2', last_name: 'Белова', first_name: 'Анна', birth_date: '2012-05-03', gender: 'ж' });
      const promoted = { id: 'pr1', year_id: 'y26', student_id: 'stu1', from_class_id: 'c8b', decision: 'promoted', to_class_id: 'c8b', order_number: '112-о', order_date: '2027-06-20', decided_by: 'st-admin', decided_at: 'x' };
      await knex('promotion').insert(promoted);
      await assert.rejects(knex('promotion').insert({ ...promoted, id: 'pr2' }), /UNIQUE/, 'one decision a year and student');
      await assert.rejects(knex('promotion').insert({ ...promoted, id: 'pr3', student_id: 'stu2', decision: 'expelled' }), /CHECK/);
      await assert.rejects(knex('promotion').insert({ ...promoted, id: 'pr4', student_id: 'stu2', to_class_id: null }), /CHECK/, 'a promoted student goes to a class');
      await assert.rejects(knex('promotion').insert({ ...promoted, id: 'pr5', student_id: 'stu2', order_number: '' }), /CHECK/, 'by an order');
      await knex('promotion').insert({ ...promoted, id: 'pr6', student_id: 'stu2', decision: 'graduated', to_class_id: null });
      assert.deepEqual(await indexes(knex, 'promotion'), ['promotion_class', 'promotion_student']);
    },
  }],

  '013_school_setup': [{
    title: 'classes and subjects are retired, holidays and curriculum lines removed as flags (rows kept); deputies get their parallels, one row a pair',
    before: async (knex) => {
      await school(knex);
      await knex('holiday').insert({ id: 'h1', year_id: 'y26', name: 'Осенние каникулы', starts_on: '2026-10-24', ends_on: '2026-11-01' });
      await knex('curriculum').insert({ id: 'k1', year_id: 'y26', grade: 8, subject_id: 'math', hours_per_week: 5 });
    },
    added: { class: { retired: 0 }, subject: { retired: 0 }, holiday: { removed: 0 }, curriculum: { removed: 0 } },
    after: async (knex) => {
      for (const t of ['class', 'subject', 'holiday', 'curriculum', 'deputy_grade'] as const) await assertJournalTable(knex, t);
      await assert.rejects(knex('class').where({ id: 'c8b' }).update({ retired: 2 }), /CHECK/);
      await knex('deputy_grade').insert({ id: 'dg1', staff_id: 'st-deputy', grade: 8 });
      assert.equal((await knex('deputy_grade').where({ id: 'dg1' }).first()).removed, 0);
      await assert.rejects(knex('deputy_grade').insert({ id: 'dg2', staff_id: 'st-deputy', grade: 8 }), /UNIQUE/, 'one row a deputy and grade');
      await assert.rejects(knex('deputy_grade').insert({ id: 'dg3', staff_id: 'st-deputy', grade: 12 }), /CHECK/);
      await assert.rejects(knex('deputy_grade').insert({ id: 'dg4', staff_id: 'nobody', grade: 7 }), /FOREIGN KEY/);
    },
  }],
  '014_report_register': [{
    title: 'rebuilds the register to take reports (issue 14): kind \'report\' with the report\'s name and parameters, no class or period for a school-wide one; every old row and index kept, old rows no report',
    before: async (knex) => {
      await school(knex);
      await put(knex, 'print_register', [
        printed('p1', '2026-15C4-0001', { bound_on: '2026-11-02', folder: 'Дело 05-12' }),
        printed('p2', '2026-15C4-0002', { kind: 'promotion_list', period_id: 'y26-year' }),
      ]);
      await assert.rejects(knex('print_register').insert(printed('r0', 'n0', { kind: 'report' })), /CHECK/, 'before 014 the kind is unknown');
    },
    added: { print_register: { report_name: '', report_params: '{}' } },
    after: async (knex) => {
      await assertJournalTable(knex, 'print_register');
      assert.deepEqual(await indexes(knex, 'print_register'), ['print_register_class', 'print_register_doc_no']);
      await knex('print_register').insert(printed('r1', '2026-15C4-0003', { kind: 'report', class_id: null, period_id: null, report_name: 'control', report_params: '{"from":"2026-11-01","to":"2026-11-20"}' }));
      await knex('print_register').insert(printed('r2', '2026-15C4-0004', { kind: 'report', report_name: 'results', report_params: '{"classId":"c8b"}' }));
      await assert.rejects(knex('print_register').insert(printed('r3', '2026-15C4-0005', { kind: 'report' })), /CHECK/, 'a report names its report');
      await assert.rejects(knex('print_register').insert(printed('r4', '2026-15C4-0006', { report_name: 'control' })), /CHECK/, 'a class copy is no report');
      await assert.rejects(knex('print_register').insert(printed('r5', '2026-15C4-0007', { class_id: null })), /CHECK/, 'a class copy has its class');
      await assert.rejects(knex('print_register').insert(printed('r6', '2026-15C4-0008', { kind: 'report', report_name: 'control', class_id: 'nowhere' })), /FOREIGN KEY/);
      await assert.rejects(knex('print_register').insert(printed('r7', '2026-15C4-0001', { kind: 'report', report_name: 'control' })), /UNIQUE/, 'one row per document number still');
    },
  }],
  '015_work_kind_weight': [{
    title: 'a kind of work weighs more than 0 (issue 14 point 4): old weights kept, 0 or less refused on insert and update',
    before: async (knex) => {
      await school(knex);
      await knex('work_kind').insert({ id: 'wk-u', code: 'У', name: 'Устный ответ', written: 0 });
    },
    after: async (knex) => {
      assert.equal((await knex('work_kind').where({ id: 'wk-k' }).first()).weight, 2);
      assert.equal((await knex('work_kind').where({ id: 'wk-u' }).first()).weight, 1, 'the default weight');
      await knex('work_kind').insert({ id: 'wk-h', code: 'Д/З', name: 'Домашняя работа', written: 0, weight: 0.5 });
      await assert.rejects(knex('work_kind').insert({ id: 'wk-x', code: 'X', name: 'Икс', written: 0, weight: 0 }), /CHECK/);
      await assert.rejects(knex('work_kind').insert({ id: 'wk-y', code: 'Y', name: 'Игрек', written: 0, weight: -1 }), /CHECK/);
      await assert.rejects(knex('work_kind').where({ id: 'wk-k' }).update({ weight: 0 }), /CHECK/);
      await knex('work_kind').where({ id: 'wk-k' }).update({ weight: 1.5 });
      await assertJournalTable(knex, 'work_kind');
    },
  }],
  '016_parent_contact': [{
    title: 'adds the notices to parents (R-REP-7) and the families informed on paper: an old student is not on paper; a notice needs a known student, class and recorder, a reason and a way it knows, and an answer not before the notice',
    before: async (knex) => {
      await school(knex);
    },
    added: { student: { paper_family: 0 } },
    after: async (knex) => {
      await assertJournalTable(knex, 'student');
      await assertJournalTable(knex, 'parent_contact');
      await knex('student').where({ id: 'stu1' }).update({ paper_family: 1 });
      await assert.rejects(knex('student').where({ id: 'stu1' }).update({ paper_family: 2 }), /CHECK/);
      const notice = { id: 'pc1', student_id: 'stu1', class_id: 'c8b', date: '2026-11-20', reason: 'failing', way: 'letter', text: 'Две двойки по математике', recorded_by: 'st-teacher', recorded_at: 'x' };
      await knex('parent_contact').insert(notice);
      const row = await knex('parent_contact').where({ id: 'pc1' }).first();
      assert.equal(row.answer, '');
      assert.equal(row.answered_on, null);
      assert.equal(row.withdrawn, 0);
      await knex('parent_contact').where({ id: 'pc1' }).update({ answer: 'Позанимаемся дома', answered_on: '2026-11-23' });
      await assert.rejects(knex('parent_contact').where({ id: 'pc1' }).update({ answered_on: '2026-11-19' }), /CHECK/, 'an answer is not before the notice');
      await assert.rejects(knex('parent_contact').insert({ ...notice, id: 'pc2', reason: 'late' }), /CHECK/);
      await assert.rejects(knex('parent_contact').insert({ ...notice, id: 'pc3', way: 'pigeon' }), /CHECK/);
      await assert.rejects(knex('parent_contact').insert({ ...notice, id: 'pc4', student_id: 'nobody' }), /FOREIGN KEY/);
      await assert.rejects(knex('parent_contact').insert({ ...notice, id: 'pc5', recorded_by: 'nobody' }), /FOREIGN KEY/);
      assert.deepEqual(await indexes(knex, 'parent_contact'), ['parent_contact_class', 'parent_contact_student']);
    },
  }],
  '019_sign_in_log': [{
    title: 'adds sign_in_log, a table of this computer recording each sign-in (who, when, the local day, how) for the activity report; nothing else changes',
    before: school,
    after: async (knex) => {
      assert.deepEqual(await columns(knex, 'sign_in_log'), ['day', 'how', 'seq', 'signed_in_at', 'staff_id']);
      // Local: never written through the journal writer, never synced.
      assert.ok((LOCAL_TABLES as readonly string[]).includes('sign_in_log'));
      assert.ok(!('sign_in_log' in JOURNAL_FIELDS));
      await knex('sign_in_log').insert({ staff_id: 'st-teacher', signed_in_at: '2026-11-23T05:10:00.000Z', day: '2026-11-23' });
      assert.equal((await knex('sign_in_log').first()).how, 'password');
      await assert.rejects(knex('sign_in_log').insert({ staff_id: 'nobody', signed_in_at: '2026-11-23T05:10:00.000Z', day: '2026-11-23' }), /FOREIGN KEY/);
      await assert.rejects(knex('sign_in_log').insert({ staff_id: 'st-teacher', signed_in_at: '2026-11-23T05:10:00.000Z', day: '23.11.2026' }), /CHECK/);
      await assert.rejects(knex('sign_in_log').insert({ staff_id: 'st-teacher', signed_in_at: '2026-11-23T05:10:00.000Z', day: '2026-11-23', how: 'guess' }), /CHECK/);
      assert.deepEqual(await indexes(knex, 'sign_in_log'), ['sign_in_log_day']);
    },
  }],
};

describe('migrations, each in one form: old schema, rows, this migration, data checked', () => {
  it('every migration in db/migrations has its case here, in order', () => {
    assert.deepEqual(Object.keys(CASES), MIGRATIONS.map((m) => m.name));
  });

  for (const m of MIGRATIONS) {
    for (const c of CASES[m.name] ?? []) {
      it(`${m.name}: ${c.title}`, async () => {
        const knex = await databaseBefore(m.name);
        try {
          await c.before(knex);
          const kept = await everyRow(knex);
          assert.deepEqual(await migrateTo(knex, m.name), [m.name], 'this migration alone');
          await assertKept(knex, kept, c.added);
          await c.after(knex);
        } finally {
          await knex.destroy();
        }
      });
    }
  }
});

describe('the schema after every migration', () => {
  it('each journal table has exactly the fields the writer knows', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateToLatest(knex);
      for (const table of Object.keys(JOURNAL_FIELDS) as JournalTable[]) await assertJournalTable(knex, table);
    } finally {
      await knex.destroy();
    }
  });

  it('the connection turns on WAL, foreign keys, full sync and a busy timeout', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateToLatest(knex);
      const [mode] = await knex.raw('PRAGMA journal_mode');
      const [fk] = await knex.raw('PRAGMA foreign_keys');
      const [busy] = await knex.raw('PRAGMA busy_timeout');
      const [sync] = await knex.raw('PRAGMA synchronous');
      assert.equal(mode.journal_mode, 'wal');
      assert.equal(fk.foreign_keys, 1);
      assert.ok(busy.timeout >= 1000);
      assert.equal(sync.synchronous, 2);
    } finally {
      await knex.destroy();
    }
  });
});

describe('database versions', () => {
  it('a database from a newer version of the app is refused, not migrated down, and left unchanged', async () => {
    const file = path.join(tmpDir(), 'j.sqlite');
    const knex = openDatabase(file);
    await migrateToLatest(knex);
    await knex('knex_migrations').insert({ name: '999_from_the_future', batch: 2, migration_time: new Date().toISOString() });
    const before = await appliedMigrations(knex);
    await assert.rejects(migrateToLatest(knex), NewerDatabaseError);
    assert.deepEqual(await appliedMigrations(knex), before);
    await knex.destroy();
    await assert.rejects(openJournal(file), (e: { code?: string }) => e.code === 'DB_NEWER_VERSION');
  });

  it('an older database is brought to the latest version, and migrating twice changes nothing the second time', async () => {
    const knex = await databaseBefore('005_sync');
    try {
      assert.deepEqual(await migrateToLatest(knex), MIGRATIONS.map((m) => m.name).filter((n) => n >= '005_sync'));
      assert.deepEqual(await appliedMigrations(knex), MIGRATIONS.map((m) => m.name));
      assert.deepEqual(await migrateToLatest(knex), []);
    } finally {
      await knex.destroy();
    }
  });

  it('refuses a database on a network share', () => {
    assert.throws(() => openDatabase('\\\\server\\share\\journal.sqlite'), /network share/);
    assert.throws(() => openDatabase('//server/share/journal.sqlite'), /network share/);
  });
});
