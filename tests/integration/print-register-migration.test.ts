// Migration 006: the register of printed documents, a journal table (written through the
// writer, its fields listed in JOURNAL_FIELDS), one row per document number.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { migrateToLatest, migrateUpTo } from '../../db/migrate';
import { JOURNAL_FIELDS } from '../../db/schema';
import { tmpDir } from '../helpers/tmp';

describe('migration 006_print_register', () => {
  it('adds the register with the journal fields, refusing an unknown kind or status and a second row of a document number', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateUpTo(knex, '005_sync');
      assert.equal(await knex.schema.hasTable('print_register'), false);
      await migrateToLatest(knex);
      assert.deepEqual(Object.keys(await knex('print_register').columnInfo()).sort(), ['id', ...JOURNAL_FIELDS.print_register].sort());
      const row = { doc_no: '2026-AAAA-0001', kind: 'class_copy', class_id: 'c', period_id: 'p', sheets: 2, pages: 4, data_hash: 'h', printed_at: 'x', computer: 'pc' };
      await knex.raw('PRAGMA foreign_keys = OFF');
      await knex('print_register').insert({ id: 'a', ...row });
      await assert.rejects(knex('print_register').insert({ id: 'b', ...row }), /UNIQUE/);
      await assert.rejects(knex('print_register').insert({ id: 'c', ...row, doc_no: 'n2', kind: 'poster' }), /CHECK/);
      await assert.rejects(knex('print_register').insert({ id: 'd', ...row, doc_no: 'n3', status: 'lost' }), /CHECK/);
    } finally {
      await knex.destroy();
    }
  });
});
