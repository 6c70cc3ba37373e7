// The certification through `journal call`: the same roles and order as in the app; every
// refusal is a JSON error with a Russian message, exit 1, and the database unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { makeDemoFile } from '../helpers/demo-db';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function call(method: string, user: string, args: unknown): { code: number; json: Json } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), 'call', method, '--db', demo, '--user', user, '--password', 'demo', '--args', JSON.stringify(args)],
    { encoding: 'utf8', env: { ...process.env, JOURNAL_PASSWORD: '' } });
  return { code: r.status ?? -1, json: JSON.parse(r.stdout) };
}
const journalData = async () => {
  const knex = openDatabase(demo);
  try {
    const counts = [];
    for (const t of ['change_log', 'certification_campaign', 'certification_class', 'certification_subject', 'strict_document_log']) counts.push((await knex(t).count('* as n').first())?.n);
    return JSON.stringify(counts);
  } finally {
    await knex.destroy();
  }
};

let demo: string;
let periodId: string;
const DAYS = ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'];

before(async () => {
  demo = await makeDemoFile(120, 5);
  const knex = openDatabase(demo);
  try {
    periodId = (await knex('period').where({ kind: 'quarter', number: 1 }).first('id')).id;
  } finally {
    await knex.destroy();
  }
  // A first sign-in of each user sets up their signing key (a change of its own); done here,
  // so the refusals below are measured alone.
  for (const user of ['teacher', 'deputy', 'classteacher']) assert.equal(call('campaign.list', user, {}).code, 0);
});

describe('journal call campaign.*', () => {
  it('refuses what the role or the order does not allow, with a Russian message, changing nothing', async () => {
    const before = await journalData();
    const cases: [string, string, unknown, string][] = [
      ['campaign.open', 'teacher', { periodId, days: DAYS }, 'FORBIDDEN'],
      ['campaign.open', 'deputy', { periodId, days: DAYS.slice(0, 3) }, 'VALIDATION'],
      ['campaign.open', 'deputy', { periodId, days: ['2026-10-20', ...DAYS.slice(1)] }, 'VALIDATION'],
      ['campaign.dashboard', 'teacher', { campaignId: '00000000-0000-0000-0000-000000000000' }, 'FORBIDDEN'],
      ['campaign.dashboard', 'deputy', { campaignId: '00000000-0000-0000-0000-000000000000' }, 'NOT_FOUND'],
      ['campaign.seal', 'deputy', { campaignId: '00000000-0000-0000-0000-000000000000', classId: 'x' }, 'FORBIDDEN'],
    ];
    for (const [m, user, args, code] of cases) {
      const r = call(m, user, args);
      assert.equal(r.code, 1, `${m} as ${user}`);
      assert.equal(r.json.error.code, code, `${m} as ${user}: ${r.json.error.message}`);
      assert.match(r.json.error.message, /[А-Яа-я]/);
    }
    assert.equal(await journalData(), before);
  });

  it('opens a campaign as a deputy; printing without the day-2 backup is refused and changes nothing', async () => {
    const opened = call('campaign.open', 'deputy', { periodId, days: DAYS });
    assert.equal(opened.code, 0, JSON.stringify(opened.json));
    const campaignId = opened.json.campaignId;
    const dash = call('campaign.dashboard', 'deputy', { campaignId });
    assert.equal(dash.code, 0);
    const cls = dash.json.classes[0];
    const sum = await journalData();
    const print = call('campaign.recordPrint', 'deputy', { campaignId, classId: cls.classId, overrideReason: 'проверка' });
    assert.equal(print.code, 1);
    assert.equal(print.json.error.code, 'CONFLICT');
    assert.match(print.json.error.message, /резервную копию/);
    const title = call('campaign.certifyTitle', 'classteacher', { campaignId, classId: cls.classId });
    assert.equal(title.code, 1);
    assert.ok(['CONFLICT', 'FORBIDDEN'].includes(title.json.error.code));
    assert.equal(await journalData(), sum, 'refusals change nothing');
  });
});
