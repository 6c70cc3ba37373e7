// Each migration has its own test: it builds the schema on a real SQLite file and
// checks what the journal relies on.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { openJournal } from '../../db/journal-db';
import { appliedMigrations, migrateToLatest, migrateUpTo, NewerDatabaseError } from '../../db/migrate';
import * as m001 from '../../db/migrations/001_initial';
import { MIGRATIONS } from '../../db/migrations/index';
import { JOURNAL_FIELDS, LOCAL_TABLES } from '../../db/schema';
import { tmpDir } from '../helpers/tmp';

describe('migration 001_initial', () => {
  it('creates every journal table; after all migrations each has exactly the fields the writer knows', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateUpTo(knex, '001_initial');
      const created = m001.statements.map((sql) => /^CREATE TABLE (\w+)/.exec(sql)?.[1]).filter((t): t is string => !!t);
      assert.ok(created.length > 30);
      for (const table of created) assert.ok(await knex.schema.hasTable(table), table);
      await migrateToLatest(knex);
      for (const [table, fields] of Object.entries(JOURNAL_FIELDS)) {
        const cols: { name: string }[] = await knex.raw(`PRAGMA table_info(${table})`);
        assert.deepEqual(cols.map((c) => c.name).sort(), ['id', ...fields].sort(), `columns of ${table}`);
      }
    } finally {
      await knex.destroy();
    }
  });

  it('turns on WAL, foreign keys, full sync and a busy timeout on the connection', async () => {
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

  it('keeps the change history append-only (no update, no delete)', async () => {
    const db = await openJournal(path.join(tmpDir(), 'j.sqlite'));
    try {
      await db.writer.write({ userId: null }, [{ table: 'subject', id: 's1', set: { name: 'Математика', short_name: 'Мат' } }]);
      await assert.rejects(db.knex('change_log').update({ new_value: '"x"' }), /append-only/);
      await assert.rejects(db.knex('change_log').del(), /append-only/);
      assert.equal((await db.knex('change_log').count('* as n'))[0]!.n, 1);
    } finally {
      await db.close();
    }
  });

  it('refuses a mark outside 1–5, an attendance code that is not Н/У/Б/О and a dangling reference', async () => {
    const db = await openJournal(path.join(tmpDir(), 'j.sqlite'));
    try {
      await assert.rejects(db.knex('mark').insert({ id: 'm', lesson_id: 'nope', student_id: 'x', value: '7' }), /CHECK/);
      await assert.rejects(db.knex('attendance').insert({ id: 'a', lesson_id: 'l', student_id: 's', code: 'X' }), /CHECK/);
      await assert.rejects(db.knex('mark').insert({ id: 'm', lesson_id: 'nope', student_id: 'x', value: '5' }), /FOREIGN KEY/);
    } finally {
      await db.close();
    }
  });
});

describe('migration 002_sign_in', () => {
  it('adds login_attempt, a local table of this computer, and keeps the data of a 001 database', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateUpTo(knex, '001_initial');
      await knex('staff').insert({ id: 's1', login: 'ivanova', last_name: 'Иванова', first_name: 'Анна', password_hash: 'scrypt$x' });
      assert.deepEqual(await migrateToLatest(knex), MIGRATIONS.map((m) => m.name).filter((n) => n > '001_initial'));
      assert.ok((await appliedMigrations(knex)).includes('002_sign_in'));
      assert.deepEqual(await knex('staff').select('id', 'login', 'password_hash'), [{ id: 's1', login: 'ivanova', password_hash: 'scrypt$x' }]);

      const cols: { name: string }[] = await knex.raw('PRAGMA table_info(login_attempt)');
      assert.deepEqual(cols.map((c) => c.name).sort(), ['failures', 'locked_until', 'login']);
      // Local: never written through the journal writer, never synced.
      assert.ok((LOCAL_TABLES as readonly string[]).includes('login_attempt'));
      assert.ok(!('login_attempt' in JOURNAL_FIELDS));
    } finally {
      await knex.destroy();
    }
  });

  it('counts one row per login whatever its letter case, and no negative counts', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateToLatest(knex);
      await knex('login_attempt').insert({ login: 'teacher', failures: 1 });
      await assert.rejects(knex('login_attempt').insert({ login: 'TEACHER', failures: 1 }), /UNIQUE/);
      await assert.rejects(knex('login_attempt').insert({ login: 'x', failures: -1 }), /CHECK/);
      assert.equal((await knex('login_attempt').where({ login: 'Teacher' }).first())?.locked_until, null);
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

  it('migrating twice changes nothing the second time', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      assert.deepEqual(await migrateToLatest(knex), MIGRATIONS.map((m) => m.name));
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

describe('migration 003_remark_review_note', () => {
  it('adds the deputy\'s review note to remarks, empty for the remarks already there', async () => {
    const file = path.join(tmpDir(), 'j.sqlite');
    const knex = openDatabase(file);
    try {
      await migrateUpTo(knex, '002_sign_in');
      await knex.raw('PRAGMA foreign_keys = OFF');
      await knex('control_remark').insert({ id: 'r1', assignment_id: 'a', author_id: 's', text: 'Нет тем', created_on: '2026-10-01', status: 'open', answer: '' });
      await knex.raw('PRAGMA foreign_keys = ON');
      await migrateToLatest(knex);
      assert.equal((await knex('control_remark').where({ id: 'r1' }).first()).review_note, '');
      assert.ok((await appliedMigrations(knex)).includes('003_remark_review_note'));
    } finally {
      await knex.destroy();
    }
  });
});

describe('migration 004_backup_log', () => {
  it('adds the log of backup copies as a journal table, refusing an unknown action', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateUpTo(knex, '003_remark_review_note');
      assert.equal(await knex.schema.hasTable('backup_log'), false);
      await migrateToLatest(knex);
      assert.deepEqual(Object.keys(await knex('backup_log').columnInfo()).sort(), ['id', ...JOURNAL_FIELDS.backup_log].sort());
      await assert.rejects(knex('backup_log').insert({ id: 'b', action: 'delete', at: 'x', computer: 'c', location: 'l', sha256: 's', size: 1, ok: 1 }), /CHECK/);
    } finally {
      await knex.destroy();
    }
  });
});
