// The demo school's rows (db/demo/rows.ts): the writer takes each table once the model has
// sealed it, so a table must not get rows after its seal, and a failed model must not leave
// the writer waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DemoRows } from '../../db/demo/rows';
import type { JournalTable } from '../../db/schema';

const bell = (no: number) => ({ id: `b${no}`, lesson_no: no, starts_at: '08:00', ends_at: '08:45' });

describe('the demo rows and their seals', () => {
  it('a sealed table resolves its waiters and takes no more rows', async () => {
    const rows = new DemoRows();
    rows.add('bell', bell(1));
    const waiting = rows.sealed('bell');
    rows.seal('bell');
    await waiting;
    assert.throws(() => rows.add('bell', bell(2)), /after it was sealed/);
    assert.equal(rows.rows('bell').length, 1);
  });

  it('sealAllBut leaves the named tables open; a failure rejects only the open ones', async () => {
    const rows = new DemoRows();
    rows.sealAllBut('mark', 'period_mark');
    await rows.sealed('lesson');
    rows.fail(new Error('the model failed'));
    await assert.rejects(rows.sealed('mark'), /the model failed/);
    await assert.rejects(rows.sealed('period_mark'), /the model failed/);
    await rows.sealed('school');
  });

  it('a table without a place in the write order is refused at once', () => {
    const rows = new DemoRows();
    assert.throws(() => rows.add('print_register' as JournalTable as 'bell', bell(1)), /no write order for print_register/);
  });
});
