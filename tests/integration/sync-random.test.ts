// Any merge order gives the same journal (issue 4): three computers edit overlapping marks
// in rounds, syncing only some of the time; then new computers apply the very same
// segments in many different orders — whole segments with the computers shuffled, and
// single change sets in random order — and every one ends with the same journal and the
// same conflicts. The run ends with a backup that verifies bit for bit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeBackup, verifyBackup } from '../../db/backup';
import { applyEntries } from '../../db/sync/apply';
import { isNodeId, nodesDir } from '../../db/sync/layout';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap } from '../../db/sync/snapshot';
import { changeSets } from '../../db/sync/verify';
import { journalDigest, type Computer, type SchoolNetwork } from '../helpers/school-network';
import { cellsOf, faultyNetwork, seeded, segmentsOf, shuffle, type Cell } from '../helpers/sync-kit';
import { tmpDir } from '../helpers/tmp';
import fs from 'node:fs';

let net: SchoolNetwork;
let reference: { digest: Record<string, string>; conflicts: string[] };

/** The conflicts as every computer must record them: field, competing clocks, status. */
async function conflictsOf(c: Computer): Promise<string[]> {
  const rows = await c.db.knex('sync_conflict').orderBy('id').select('id', 'hlcs', 'status') as { id: string; hlcs: string; status: string }[];
  return rows.map((r) => `${r.id} ${r.hlcs} ${r.status}`);
}

/** A share whose folder listing comes in a different order every time. */
class ShuffledShare extends NodeShareFs {
  constructor(private readonly rnd: () => number) {
    super({ attempts: 2, firstDelayMs: 1 });
  }

  override async list(dir: string): Promise<string[]> {
    return shuffle(await super.list(dir), this.rnd);
  }
}

async function newComputer(name: string): Promise<Computer> {
  const file = path.join(tmpDir(), `${name}.sqlite`);
  await bootstrap(new NodeShareFs(), net.share, file);
  return net.open(name, file);
}

before(async () => {
  net = await faultyNetwork(3, 11);
  const rnd = seeded(2026);
  const [a] = net.computers as [Computer];
  const cells: Cell[] = await cellsOf(a, 'teacher', 6);
  const callers = await Promise.all(net.computers.map((c) => net.signIn(c, 'teacher')));
  const values = ['2', '3', '4', '5'];
  for (let round = 0; round < 4; round++) {
    for (const [i, c] of net.computers.entries()) {
      for (let k = 0; k < 4; k++) {
        const cell = cells[Math.floor(rnd() * cells.length)]!;
        const value = values[Math.floor(rnd() * values.length)]!;
        const r = await c.host.call(callers[i]!, 'journal.setMark', { lessonId: cell.lessonId, studentId: cell.studentId, value });
        assert.ok(r.ok, JSON.stringify(r));
      }
    }
    // Only some computers sync between rounds: the others keep editing unaware.
    for (const c of shuffle(net.computers, rnd).slice(0, 2)) assert.ok((await net.cycle(c)).ok);
  }
  await net.settle();
  const [first, ...rest] = net.computers as [Computer, ...Computer[]];
  reference = { digest: await journalDigest(first.db), conflicts: await conflictsOf(first) };
  for (const c of rest) {
    assert.deepEqual(await journalDigest(c.db), reference.digest, `${c.name}: the same journal`);
    assert.deepEqual(await conflictsOf(c), reference.conflicts, `${c.name}: the same conflicts`);
  }
});
after(() => net.close());

describe('any merge order gives the same journal', () => {
  it('the rounds of edits made conflicts to record', () => {
    assert.ok(reference.conflicts.length > 0, 'concurrent edits of the same cells');
  });

  for (let order = 0; order < 4; order++) {
    it(`a new computer reading the segments in shuffled order #${order + 1}`, async () => {
      const x = await newComputer(`shuffled${order}`);
      x.fs = new ShuffledShare(seeded(100 + order));
      for (let i = 0; i < 60; i++) {
        const r = await net.cycle(x, { maxSegmentsPerPeer: 1 });
        assert.ok(r.ok, JSON.stringify(r.errors));
        if ((r.received?.segments ?? 0) === 0) break;
      }
      assert.deepEqual(await journalDigest(x.db), reference.digest);
      assert.deepEqual(await conflictsOf(x), reference.conflicts);
      const q = await x.db.knex('sync_quarantine').where({ status: 'open' }).count('* as n').first();
      assert.equal(Number(q?.n), 0, 'nothing quarantined');
    });
  }

  for (let order = 0; order < 3; order++) {
    it(`single change sets applied in random order #${order + 1}`, async () => {
      const x = await newComputer(`random${order}`);
      const nodes = fs.readdirSync(nodesDir(net.share)).filter(isNodeId);
      const sets = nodes.flatMap((n) => segmentsOf(net.share, n).flatMap((s) => changeSets(s.entries)));
      assert.ok(sets.length > 20, `${sets.length} change sets`);
      for (const set of shuffle(sets, seeded(500 + order))) {
        await x.db.writer.applyRemote(async (conn) => {
          const o = await applyEntries(conn, set, new Date().toISOString());
          return { result: null, tables: o.tables, maxHlc: o.maxHlc };
        });
      }
      assert.deepEqual(await journalDigest(x.db), reference.digest);
      assert.deepEqual(await conflictsOf(x), reference.conflicts);
    });
  }

  it('a backup of the merged journal verifies bit for bit', async () => {
    const [a] = net.computers as [Computer];
    const r = await makeBackup(a.db, [tmpDir()], { userId: null }, 'после слияния');
    const v = await verifyBackup(r.copies[0]!.folder);
    assert.equal(v.ok, true, v.problems.join('; '));
  });
});
