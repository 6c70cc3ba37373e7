// Runs the unit and integration tests (files *.test.ts under the given folders, or the
// given files) with
// Node's own test runner; TypeScript is loaded through tsx. Node 20 has no globbing
// in --test, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.ts')) files.push(p);
  }
};
for (const r of roots) {
  if (!fs.existsSync(r)) continue;
  if (fs.statSync(r).isFile()) files.push(r); // one file: run just it
  else walk(r);
}
files.sort();
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
// Password hashing at the test cost (db/kdf.ts): the production cost is ~0.5 s a hash.
const env = { ...process.env, JOURNAL_KDF_COST: process.env.JOURNAL_KDF_COST ?? 'test' };
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(res.status ?? 1);
