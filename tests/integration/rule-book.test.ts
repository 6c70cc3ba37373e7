// The rule book (db/rules/book.ts) covers the whole schema: deny by default means a table
// or field with no rule is refused everywhere, so a table added by a later migration
// without its rules fails here first (issue 10).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_ONLY_TABLES, RULE_BOOK, type Rule } from '../../db/rules/book';
import { ruleRefusal } from '../../db/rules/evaluate';
import { ROLE_SETS } from '../../shared/role-sets';
import { JOURNAL_FIELDS, LOCAL_TABLES, ROLES, type JournalTable } from '../../db/schema';
import { withFreshDb } from '../helpers/fresh-db';

describe('the rule book covers every table of the schema', () => {
  it('every table of a migrated database is a journal table with rules, or kept on its computer only', async () => {
    await withFreshDb(async (db) => {
      const tables = (await db.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table'`) as { name: string }[]).map((t) => t.name);
      assert.ok(tables.length > 30);
      for (const t of tables) {
        const journal = Object.prototype.hasOwnProperty.call(RULE_BOOK, t);
        const local = LOCAL_ONLY_TABLES.includes(t);
        assert.ok(journal !== local, `table ${t}: ${journal ? 'both a journal table and local' : 'has no rule and is not declared local'}`);
        if (journal) assert.ok(Object.prototype.hasOwnProperty.call(JOURNAL_FIELDS, t), `${t} is written through the journal writer`);
      }
      for (const t of LOCAL_TABLES) assert.ok(LOCAL_ONLY_TABLES.includes(t), `${t} is declared local in the rule book too`);
    });
  });

  it('every field of every journal table is named by at least one rule', () => {
    for (const [table, fields] of Object.entries(JOURNAL_FIELDS) as [JournalTable, readonly string[]][]) {
      const rules: readonly Rule[] = RULE_BOOK[table];
      assert.ok(rules.length > 0, `${table} has rules`);
      for (const f of fields) {
        assert.ok(rules.some((r) => r.fields === 'all' || r.fields.includes(f)), `${table}.${f} has a rule`);
      }
      for (const r of rules) {
        assert.ok(r.roles || r.relation || r.when, `${table}: every rule names who`);
        if (r.fields !== 'all') for (const f of r.fields) assert.ok(fields.includes(f), `${table}: the rule names a real field ${f}`);
        assert.match(r.rule, /^R-[A-Z]+-\d+$/, `${table}: the rule cites its regulation`);
      }
    }
  });

  it('named role sets hold only real roles', () => {
    for (const [name, roles] of Object.entries(ROLE_SETS)) for (const r of roles) assert.ok((ROLES as readonly string[]).includes(r), `${name}: ${r}`);
  });
});

describe('deny by default', () => {
  const nobody = { roles: new Set(ROLES), relation: async () => true, condition: async () => true };

  it('a table the book does not know is refused, even for someone who holds every role and relationship', async () => {
    assert.match((await ruleRefusal('sync_peer', { applied_seq: 1 }, nobody))!, /не передаётся/);
    assert.match((await ruleRefusal('trust_anchor', { public_key: 'x' }, nobody))!, /не передаётся/);
    assert.match((await ruleRefusal('no_such_table', { a: 1 }, nobody))!, /не передаётся/);
  });

  it('a field the table does not have is refused', async () => {
    assert.match((await ruleRefusal('mark', { owner: 'x' }, nobody))!, /не существует/);
  });

  it('the director may set no journal field but the record of their signature (R-ROLE-5)', async () => {
    const director = { roles: new Set(['director'] as const), relation: async () => false, condition: async () => false };
    for (const [table, fields] of Object.entries(JOURNAL_FIELDS)) {
      for (const f of fields) {
        const why = await ruleRefusal(table, { [f]: 'x' }, director);
        const allowed = why === null;
        const expected = (table === 'certification_class' && ['campaign_id', 'class_id', 'director_signed_by', 'director_signed_at'].includes(f)) || table === 'backup_log';
        assert.equal(allowed, expected, `director: ${table}.${f}`);
      }
    }
  });

  it('a requester files a request only as pending and withdraws it; only a deputy decides (R-TIME-3)', async () => {
    const requester = { roles: new Set(['teacher'] as const), relation: async (r: string) => r === 'requester', condition: async () => false };
    assert.equal(await ruleRefusal('correction_request', { status: 'pending', reason: 'опечатка', decided_by: null }, requester), null);
    assert.equal(await ruleRefusal('correction_request', { status: 'withdrawn' }, requester), null);
    assert.notEqual(await ruleRefusal('correction_request', { status: 'approved' }, requester), null);
    assert.notEqual(await ruleRefusal('correction_request', { decided_by: 'me' }, requester), null);
  });
});
