// Makes the demo school for the run (fixed seed and year, as at the end of the first period:
// --first-period, the school the suite's stories are built on — certification.e2e certifies
// its first quarter — so the screens are the same
// every time; the demo teacher's first class today grown to 35 students) and starts the preview server on it, with "today" fixed to a Monday of
// the second quarter. Tests find the server through E2E_URL and the file through E2E_DB.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const E2E_TODAY = '2026-11-23';

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const f of ['dist/preview/server.cjs', 'dist/cli/journal.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first (npm run test:e2e does)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-'));
  const db = path.join(dir, 'journal.sqlite');
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'bin/journal.cjs'), 'demo', '--db', db, '--seed', '1', '--year', '2026', '--first-period'], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`journal demo failed: ${demo.stdout}${demo.stderr}`);
  // The teacher's first class today gets 35 students: the typing test then types the
  // issue's full column of 35 marks.
  const grow = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/e2e/fixtures/grow-class.ts'), db, E2E_TODAY, '35'], { encoding: 'utf8', cwd: ROOT });
  if (grow.status !== 0) throw new Error(`grow-class failed: ${grow.stdout}${grow.stderr}`);

  const server = spawn(process.execPath, [path.join(ROOT, 'dist/preview/server.cjs'), '--db', db, '--port', '0', '--now', E2E_TODAY], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    server.on('exit', (code) => reject(new Error(`preview server exited with ${code}`)));
    setTimeout(() => reject(new Error('preview server did not start in 60 s')), 60_000);
  });
  process.env.E2E_URL = url;
  process.env.E2E_DB = db;
  process.env.E2E_TODAY = E2E_TODAY;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
