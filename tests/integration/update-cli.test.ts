// `journal update-check` (issue 15 item 2): the administrator checks the share's update folder
// after copying a release into it — the check every computer makes before downloading.
// JSON out; a refused release or a missing share exit 1 with the Russian message; the folder
// is only read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'update-cli-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function journal(...args: string[]): { code: number; json: Json } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), ...args], { encoding: 'utf8' });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    assert.fail(`not JSON on stdout (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status ?? -1, json };
}

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

function shareWith(version: string): { share: string; folder: string; installer: string; bytes: Buffer } {
  const share = fs.mkdtempSync(path.join(TMP, 'share-'));
  const folder = path.join(share, 'updates');
  fs.mkdirSync(folder);
  const name = `klassnyi-zhurnal-${version}-setup.exe`;
  const bytes = randomBytes(64 * 1024);
  fs.writeFileSync(path.join(folder, name), bytes);
  fs.writeFileSync(path.join(folder, 'latest.yml'), `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512(bytes)}\n    size: ${bytes.length}\npath: ${name}\nsha512: ${sha512(bytes)}\n`);
  return { share, folder, installer: path.join(folder, name), bytes };
}

describe('journal update-check', () => {
  it('says a whole, newer release is ready for the computers', () => {
    const { share } = shareWith('0.2.0');
    const r = journal('update-check', '--share', share, '--current', '0.1.0', '--installer', 'exe');
    assert.equal(r.code, 0);
    assert.equal(r.json.status, 'ready');
    assert.equal(r.json.version, '0.2.0');
    assert.equal(r.json.installer, 'klassnyi-zhurnal-0.2.0-setup.exe');
    assert.match(r.json.message, /установят её при выходе из программы/);
  });

  it('refuses a half-copied installer with the Russian message, and leaves the folder as it was', () => {
    const { share, folder, installer, bytes } = shareWith('0.2.0');
    fs.writeFileSync(installer, bytes.subarray(0, 1000));
    const before = fs.readdirSync(folder).map((n) => `${n}:${fs.statSync(path.join(folder, n)).mtimeMs}`).join();
    const r = journal('update-check', '--share', share, '--current', '0.1.0', '--installer', 'exe');
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, 'UPDATE_REFUSED');
    assert.equal(r.json.error.details.reason, 'incomplete');
    assert.match(r.json.error.message, /скопирован не полностью: 1000 из 65536 байт/);
    assert.equal(fs.readdirSync(folder).map((n) => `${n}:${fs.statSync(path.join(folder, n)).mtimeMs}`).join(), before);
  });

  it('refuses two versions at once and an older version', () => {
    const { share, folder } = shareWith('0.3.0');
    fs.writeFileSync(path.join(folder, 'klassnyi-zhurnal-0.2.0-setup.exe'), 'old');
    const two = journal('update-check', '--share', share, '--current', '0.1.0', '--installer', 'exe');
    assert.equal(two.json.error.details.reason, 'two-versions');
    const older = journal('update-check', '--share', shareWith('0.1.0').share, '--current', '0.2.0', '--installer', 'exe');
    assert.equal(older.code, 1);
    assert.match(older.json.error.message, /более новая версия 0\.2\.0/);
  });

  it('says the share is missing, and checks its arguments', () => {
    const gone = journal('update-check', '--share', path.join(TMP, 'no-such-share'), '--installer', 'exe');
    assert.equal(gone.code, 1);
    assert.equal(gone.json.error.code, 'SHARE_UNREACHABLE');
    assert.match(gone.json.error.message, /недоступна/);
    assert.equal(journal('update-check').json.error.code, 'USAGE');
    assert.equal(journal('update-check', '--share', TMP, '--current', 'новая').json.error.code, 'USAGE');
    assert.equal(journal('update-check', '--share', TMP, '--installer', 'msi').json.error.code, 'USAGE');
    // A share without an update folder: nothing to install.
    const none = journal('update-check', '--share', TMP, '--installer', 'exe');
    assert.equal(none.code, 0);
    assert.equal(none.json.status, 'nothing');
  });
});
