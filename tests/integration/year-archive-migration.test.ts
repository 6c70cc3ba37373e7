// Migration 008: the register of printed documents takes the year title page ('year_title')
// and keeps every row it had; year_archive holds one bound year folder per class and year.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { migrateToLatest, migrateUpTo } from '../../db/migrate';
import { JOURNAL_FIELDS } from '../../db/schema';
import { tmpDir } from '../helpers/tmp';

describe('migration 008_year_archive', () => {
  it('rebuilds print_register with the new kind, keeping its rows and indexes, and adds year_archive', async () => {
    const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
    try {
      await migrateUpTo(knex, '007_certification');
      await knex.raw('PRAGMA foreign_keys = OFF');
      const row = { doc_no: '2026-AAAA-0001', kind: 'class_copy', class_id: 'c', period_id: 'p', sheets: 2, pages: 4, data_hash: 'h', printed_at: 'x', computer: 'pc', bound_on: '2026-11-02', folder: 'Дело 5' };
      await knex('print_register').insert({ id: 'a', ...row });
      await assert.rejects(knex('print_register').insert({ id: 't0', ...row, doc_no: 'n0', kind: 'year_title' }), /CHECK/, 'before 008 the kind is unknown');
      await migrateToLatest(knex);
      assert.deepEqual(await knex('print_register').select('id', 'doc_no', 'kind', 'bound_on', 'folder'), [{ id: 'a', doc_no: row.doc_no, kind: 'class_copy', bound_on: '2026-11-02', folder: 'Дело 5' }]);
      assert.deepEqual(Object.keys(await knex('print_register').columnInfo()).sort(), ['id', ...JOURNAL_FIELDS.print_register].sort());
      await knex('print_register').insert({ id: 't', ...row, doc_no: 'n1', kind: 'year_title' });
      await assert.rejects(knex('print_register').insert({ id: 'b', ...row }), /UNIQUE/, 'one row per document number still');
      await assert.rejects(knex('print_register').insert({ id: 'c', ...row, doc_no: 'n2', kind: 'poster' }), /CHECK/);
      const indexes = (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_register' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as { name: string }[];
      assert.deepEqual(indexes.map((i) => i.name), ['print_register_class', 'print_register_doc_no']);
      assert.deepEqual(Object.keys(await knex('year_archive').columnInfo()).sort(), ['id', ...JOURNAL_FIELDS.year_archive].sort());
      await assert.rejects(knex('year_archive').insert({ id: 'y', class_id: 'c', year_id: 'y', title_doc_no: 'n1', sheets: 0, folder: 'f', bound_on: 'd', keep_years: 5, keep_until: 'k' }), /CHECK/);
    } finally {
      await knex.destroy();
    }
  });
});
