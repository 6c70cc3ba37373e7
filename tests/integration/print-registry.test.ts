// The registry of printed documents (print/registry.ts, issue 11): every kind of document is
// declared once, and the register's schema accepts exactly the kinds declared — a new kind
// needs a migration extending the CHECK of print_register.kind, and this test says so; each
// declaration's hashes are those of the document it composes, so the register's staleness
// check recomputes what was printed; its names are Russian; the command line and the file
// names come from it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { BOOK_KINDS, BOOKS, DOCUMENTS, DOCUMENT_KINDS, REGISTER_KINDS, documentCommands, documentFileName, documentOf, documentsOfCommand, loadBook } from '../../print/registry';
import { composeBook } from '../../print/compose/books';
import { withFreshDb } from '../helpers/fresh-db';
import { makeDemoFile } from '../helpers/demo-db';

/** The values the CHECK of print_register.kind accepts, read from the schema SQLite keeps. */
async function checkedKinds(db: JournalDb): Promise<string[]> {
  const row: { sql: string } | undefined = await db.knex('sqlite_master').where({ type: 'table', name: 'print_register' }).first('sql');
  assert.ok(row, 'print_register exists');
  const m = /\bkind\b[^,]*CHECK\s*\(\s*kind\s+IN\s*\(([^)]*)\)\s*\)/i.exec(row.sql);
  assert.ok(m, `a CHECK on kind in: ${row.sql}`);
  return [...m[1]!.matchAll(/'([^']*)'/g)].map((k) => k[1]!);
}

describe('the registry of printed documents', () => {
  it('declares exactly the kinds the register schema accepts (a new kind needs a migration extending the CHECK)', async () => {
    await withFreshDb(async (db) => {
      // The declared kinds and the reports' kind (issue 14).
      assert.deepEqual([...REGISTER_KINDS].sort(), (await checkedKinds(db)).sort());
      // And the schema really refuses a kind not declared.
      await db.knex.raw('PRAGMA foreign_keys = OFF');
      const row = { id: 'x', doc_no: 'N-1', class_id: 'c', period_id: 'p', sheets: 1, pages: 1, data_hash: 'h', printed_at: 'x', computer: 'pc' };
      await assert.rejects(db.knex('print_register').insert({ ...row, kind: 'poster' }), /CHECK/);
    });
  });

  it('names every kind and book in Russian, once each on the command line, in files and in sentences', () => {
    const titles = DOCUMENT_KINDS.map((k) => DOCUMENTS[k].title);
    assert.equal(new Set(titles).size, titles.length, 'titles differ');
    for (const t of [...titles, ...BOOK_KINDS.map((b) => BOOKS[b].title)]) assert.match(t, /^[А-ЯЁ][а-яё]/, t);
    const cli = DOCUMENT_KINDS.map((k) => `${DOCUMENTS[k].cli.command} ${DOCUMENTS[k].cli.kind ?? ''}`);
    assert.equal(new Set(cli).size, cli.length, 'one command (and --kind) per kind');
    for (const c of documentCommands()) {
      const kinds = documentsOfCommand(c);
      assert.ok(kinds.length === 1 || kinds.every((k) => k.cliKind), `${c}: several kinds are told apart by --kind`);
    }
    assert.deepEqual(documentsOfCommand('summary').map((k) => k.cliKind), ['marks', 'attendance', 'movement', 'year-final']);
    assert.equal(documentFileName('class_copy', '8Б', '1 четверть', '2026-7F3C-0001'), '8Б-1-четверть-2026-7F3C-0001.pdf');
    assert.equal(documentFileName('summary_marks', '8Б', '1 четверть', '2026-7F3C-0002'), '8Б-сводная-ведомость-успеваемости-1-четверть-2026-7F3C-0002.pdf');
    assert.throws(() => documentOf('poster'), (e: { code?: string }) => e.code === 'PRINT_BAD_KIND');
  });
});

describe('each kind as declared, on a demo school', () => {
  let db: JournalDb;
  let classId: string;
  let periodId: string;
  before(async () => {
    db = await openJournal(await makeDemoFile(150, 3));
    const cls: { id: string; grade: number; year_id: string } = await db.knex('class').where({ grade: 5 }).orderBy('letter').first('id', 'grade', 'year_id');
    classId = cls.id;
    periodId = (await db.knex('period').where({ year_id: cls.year_id, kind: 'quarter', number: 1 }).first('id')).id;
  });
  after(() => db.close());

  it('hashes what it composes: the register recomputes the hashes of what was printed', async () => {
    for (const kind of DOCUMENT_KINDS) {
      const d = documentOf(kind);
      const data = await d.load(db.knex, { classId, periodId });
      const h = d.heading(data);
      assert.equal(h.classId, classId, kind);
      const doc = d.compose(data, { docNo: 'ТЕСТ-0001', printedOn: '2026-11-02', warning: null });
      const hashes = d.hashes(data);
      assert.deepEqual({ hash: doc.hash, sheets: doc.sheets, parts: doc.parts }, hashes, kind);
      assert.equal(doc.sheetCount, hashes.sheets.length, `${kind}: a hash per sheet`);
      assert.ok(doc.pages.length >= doc.sheetCount, kind);
    }
  });

  it('books: each extract carries its declared title and number code', async () => {
    for (const book of BOOK_KINDS) {
      const doc = composeBook(await loadBook(db.knex, book, '2026-11-02'), { printedOn: '2026-11-02' });
      assert.ok(doc.title.startsWith(BOOKS[book].title), book);
      assert.match(doc.docNo, new RegExp(`^КУ-${BOOKS[book].code}-20261102-`), book);
    }
  });
});
