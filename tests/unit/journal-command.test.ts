// The `journal` command of the installed app on Linux (build/linux/journal, issue 15 item 1),
// run in a copy of the installed layout: /opt/<app>/journal beside the app's executable,
// the CLI inside resources/app.asar, and /usr/bin/journal a link to it (deb). Node stands in
// for the app's executable (with ELECTRON_RUN_AS_NODE=1 Electron runs as Node), and a small
// script stands in for the CLI bundle and reports what it was given. The Windows twin,
// build/win/journal.cmd, is checked by tests/unit/electron-builder-config.test.ts; it runs
// only on Windows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-command-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** An installed app: the folder, its `journal` and a /usr/bin-like link to it. */
function install(): { dir: string; link: string } {
  const dir = path.join(TMP, 'opt', 'Классный журнал');
  const cli = path.join(dir, 'resources', 'app.asar', 'dist', 'cli');
  fs.mkdirSync(cli, { recursive: true });
  fs.symlinkSync(process.execPath, path.join(dir, 'klassnyi-zhurnal'));
  fs.writeFileSync(path.join(cli, 'journal.cjs'), [
    "process.stdout.write(JSON.stringify({ script: __filename, args: process.argv.slice(2), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));",
    "process.exitCode = process.argv.includes('--fail') ? 1 : 0;",
  ].join('\n'));
  fs.copyFileSync(path.join(ROOT, 'build', 'linux', 'journal'), path.join(dir, 'journal'));
  fs.chmodSync(path.join(dir, 'journal'), 0o755);
  const bin = path.join(TMP, 'usr', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const link = path.join(bin, 'journal');
  fs.symlinkSync(path.join(dir, 'journal'), link);
  return { dir, link };
}

const onWindows = process.platform === 'win32';

describe('the journal command beside the installed app (Linux)', { skip: onWindows ? 'a shell script' : false }, () => {
  const { dir, link } = onWindows ? { dir: '', link: '' } : install();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

  for (const [how, command] of [['from its folder', path.join(dir, 'journal')], ['through the /usr/bin link', link]] as const) {
    it(`runs the app's executable as Node on the CLI in the asar, ${how}, with the arguments as given`, () => {
      const args = ['backup', '--db', '/home/учитель/.config/Классный журнал/journal.sqlite', '--to', '/media/Копии 2026'];
      const r = spawnSync(command, args, { encoding: 'utf8', env });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { script: string; args: string[]; runAsNode: string | null };
      assert.equal(out.runAsNode, '1');
      assert.equal(fs.realpathSync(out.script), fs.realpathSync(path.join(dir, 'resources', 'app.asar', 'dist', 'cli', 'journal.cjs')));
      assert.deepEqual(out.args, args);
    });
  }

  it('passes the CLI exit code on (the Task Scheduler or cron sees a failure)', () => {
    const r = spawnSync(link, ['--fail'], { encoding: 'utf8', env });
    assert.equal(r.status, 1);
  });
});
