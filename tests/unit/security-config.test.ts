// Guards on the security settings that no test here can exercise at run time, because
// the Electron binary is not installed on these machines (the Electron smoke test checks
// them for real where it is).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CSP } from '../../shared/csp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('security configuration', () => {
  it('the page carries exactly the shared strict CSP, with no inline script and no eval', () => {
    const html = read('renderer/index.html');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    assert.ok(meta, 'CSP meta tag present');
    assert.equal(meta[1], CSP);
    assert.doesNotMatch(CSP, /unsafe-inline|unsafe-eval|\*/);
    assert.match(CSP, /default-src 'none'/);
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
  });

  it('the window is created with contextIsolation, sandbox and without nodeIntegration', () => {
    const main = read('electron/main.ts');
    assert.match(main, /contextIsolation: true/);
    assert.match(main, /sandbox: true/);
    assert.match(main, /nodeIntegration: false/);
    assert.doesNotMatch(main, /nodeIntegration: true|contextIsolation: false|sandbox: false|webSecurity: false/);
    assert.match(main, /setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    assert.match(main, /setPermissionRequestHandler/);
  });

  it('the preload exposes a single invoke function and nothing of Node', () => {
    const preload = read('electron/preload.ts');
    assert.match(preload, /exposeInMainWorld\('journal', bridge\)/);
    assert.equal((preload.match(/exposeInMainWorld/g) ?? []).length, 1);
    assert.doesNotMatch(preload, /from 'node:|require\(/);
  });

  it('only electron/ imports electron (the CLI and tests run in plain Node)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(e.name) && /from 'electron'|require\('electron'\)/.test(read(rel))) offenders.push(rel);
      }
    };
    for (const d of ['shared', 'db', 'service', 'cli', 'preview', 'renderer/src']) if (fs.existsSync(path.join(ROOT, d))) walk(d);
    assert.deepEqual(offenders, []);
  });
});
