// What a write reads of a field's history: enough for the version vector of what its author
// had seen (db/sync/seen.ts) — the newest clock of every computer — however long the
// history, and not every clock of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRows } from '../../db/connection';
import { READ_FOR_WRITE, readRow } from '../../db/journal-writer';
import { baseOf } from '../../db/writer/entries';
import { formatBase } from '../../db/sync/seen';
import { JOURNAL_FIELDS } from '../../db/schema';
import { formatHlc } from '../../shared/hlc';
import { SeededRandom } from '../../shared/random';
import { withFreshDb } from '../helpers/fresh-db';

const FIELDS = ['*', ...JOURNAL_FIELDS.subject];
/** Computers' ids as they come (16 hex digits), and odd ones: a dash inside, a dash at the end. */
const NODES = ['a1b2c3d4e5f60001', 'a1b2c3d4e5f60002', 'a1b2c3d4e5f60003', 'x-y', 'y', 'q-'];

describe('a row read for a write', () => {
  it('gives every field the version vector of its whole history, from several computers, whatever its length', async () => {
    await withFreshDb(async (db) => {
      const rng = new SeededRandom(12);
      for (let r = 0; r < 200; r++) {
        const id = `s${r}`;
        const history = new Map<string, string[]>(FIELDS.map((f) => [f, []]));
        const entries = Array.from({ length: r === 0 ? 400 : rng.int(0, 25) }, (_, i) => {
          const field = FIELDS[rng.int(0, FIELDS.length - 1)]!;
          // The first row: a cell typed over all day on one computer, a few changes from another.
          const node = r === 0 ? NODES[i % 100 === 99 ? 1 : 0]! : NODES[rng.int(0, r % 3 === 0 ? NODES.length - 1 : 2)]!;
          const hlc = formatHlc({ millis: 1_790_000_000_000 + rng.int(0, 5000), counter: r * 1000 + i, node });
          history.get(field)!.push(hlc);
          return [hlc, 'cs', node, null, 'subject', id, field, null, '"x"', null, '', '', null, null];
        });
        for (const e of entries) {
          await db.knex.raw('INSERT INTO change_log (hlc, change_set_id, node_id, user_id, table_name, row_id, field, old_value, new_value, base_hlc, reason, recorded_at, chain_hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', e);
        }
        const [read] = await readRows<{ clocks: string }>(db.knex, `SELECT ${READ_FOR_WRITE.clocks('subject')} AS clocks`, ['subject', id]);
        const { clocks } = readRow(null, read!.clocks);
        for (const f of FIELDS) {
          assert.equal(baseOf(clocks, f), formatBase([...history.get(f)!, ...history.get('*')!]), `${id}.${f}`);
        }
        if (r === 0) {
          const carried = Object.values(clocks).join(' ').split(' ').length;
          assert.ok(carried <= FIELDS.length * 2 + 4, `400 entries, 4 of them from another computer: the newest of each field and the other computer's are read, not all (${carried})`);
        }
      }
    });
  });
});
