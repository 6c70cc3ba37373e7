// A Linux package made by electron-builder itself from build/electron-builder.yml, without
// Electron's binary: `--linux dir` with a stand-in Electron distribution (electronDist), then
// the checks that need no Electron (README, "Installing and releasing"):
//   - the app's files are in app.asar, the sqlite3 binary and the fonts in app.asar.unpacked,
//     no source maps, no preview server, no development packages;
//   - the `journal` script and app-update.yml are beside the executable / in resources;
//   - the app.asar extracted (with its unpacked files) runs the CLI with Node: a demo school
//     and a printed class copy, loading only what the package holds.
// Usage: npm run build && node scripts/package-smoke.mjs   (about a minute; not in npm test)
import { spawnSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-smoke-'));
const fail = (msg) => {
  console.error(`package-smoke: ${msg}`);
  process.exit(1);
};

// A stand-in for Electron's unpacked distribution: only the names electron-builder copies.
const fakeElectron = path.join(work, 'electron-dist');
fs.mkdirSync(path.join(fakeElectron, 'resources'), { recursive: true });
fs.writeFileSync(path.join(fakeElectron, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n', { mode: 0o755 });
for (const f of ['LICENSE', 'LICENSES.chromium.html', 'chrome-sandbox']) fs.writeFileSync(path.join(fakeElectron, f), '');

const out = path.join(work, 'release');
const built = spawnSync('npx', ['electron-builder', '--config', 'build/electron-builder.yml', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${fakeElectron}`, `-c.directories.output=${out}`], { cwd: ROOT, encoding: 'utf8' });
if (built.status !== 0) fail(`electron-builder failed:\n${built.stdout}\n${built.stderr}`);

const app = path.join(out, 'linux-unpacked');
const resources = path.join(app, 'resources');
for (const f of ['journal', 'klassnyi-zhurnal', 'resources/app.asar', 'resources/app-update.yml']) {
  if (!fs.existsSync(path.join(app, f))) fail(`${f} is missing from the package`);
}
const files = new Set(asar.listPackage(path.join(resources, 'app.asar')));
for (const f of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/electron/db-worker.cjs', '/dist/print/job-worker.cjs', '/dist/cli/journal.cjs', '/dist/renderer/index.html', '/node_modules/electron-updater/package.json', '/node_modules/js-yaml/package.json', '/node_modules/knex/package.json']) {
  if (!files.has(f)) fail(`${f} is not in app.asar`);
}
for (const f of ['/dist/preview/server.cjs', '/dist/electron/main.cjs.map', '/node_modules/electron/package.json', '/node_modules/tsx/package.json', '/node_modules/sqlite3/src/database.h']) {
  if (files.has(f)) fail(`${f} should not be in app.asar`);
}
const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules');
for (const f of ['sqlite3/build/Release/node_sqlite3.node', '@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf', '@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf']) {
  if (!fs.existsSync(path.join(unpacked, f))) fail(`${f} is not unpacked from the asar`);
}

// The package's files alone (outside the project, so nothing resolves from its node_modules).
const extracted = path.join(work, 'extracted');
asar.extractAll(path.join(resources, 'app.asar'), extracted);
const cli = path.join(extracted, 'dist', 'cli', 'journal.cjs');
const db = path.join(work, 'journal.sqlite');
const env = { ...process.env, JOURNAL_KDF_COST: 'test' };
const run = (...args) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: 'utf8', env });
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    fail(`journal ${args[0]}: not JSON (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  }
  if (r.status !== 0) fail(`journal ${args[0]} failed: ${r.stdout}`);
  return json;
};
const demo = run('demo', '--db', db, '--students', '60');
const sqlite = spawnSync('python3', ['-c', `import sqlite3;print(sqlite3.connect(${JSON.stringify(db)}).execute("select id from period order by starts_on limit 1").fetchone()[0])`], { encoding: 'utf8' });
const period = sqlite.stdout.trim() || fail('no period in the demo school');
const pdf = path.join(work, 'class-copy.pdf');
const printed = run('print', 'class-copy', '--db', db, '--class', '5А', '--period', period, '--out', pdf, '--allow-open-period');
if (!fs.readFileSync(pdf).subarray(0, 5).equals(Buffer.from('%PDF-'))) fail('the class copy is not a PDF');
console.log(JSON.stringify({ package: app, asarFiles: files.size, demoStudents: demo.students, printedPages: printed.pages, pdf }, null, 2));
fs.rmSync(work, { recursive: true, force: true });
console.log('package-smoke: ok');
