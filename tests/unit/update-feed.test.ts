// Updates over the school's network (issue 15 item 2): the checks the app makes on the
// share's update folder before electron-updater may take a release, and the loopback server
// that hands the folder to electron-updater. Real files in a temporary share, real HTTP
// requests. (The publisher's signature is electron-updater's own check on Windows and
// cannot be tested here.)
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  channelFileFor, checkUpdateFolder, compareVersions, isLinuxAdministrator, isPlainName, isWindowsAdministrator, offerMessage, parseChannelFile, updaterErrorMessage, updateFolderOf, versionInFileName, type FolderCheck, type FolderVerdict,
} from '../../service/update/feed';
import { requestedName, startUpdateServer, type UpdateServer } from '../../electron/update/server';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'update-feed-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

let shareCount = 0;
/** A fresh share with an update folder (empty). */
function newShare(): { share: string; folder: string } {
  const share = path.join(TMP, `share-${++shareCount}`);
  const folder = updateFolderOf(share);
  fs.mkdirSync(folder, { recursive: true });
  return { share, folder };
}

const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');
const installerName = (version: string): string => `klassnyi-zhurnal-${version}-setup.exe`;

/** A release as electron-builder writes it: the installer, its blockmap and latest.yml. */
function putRelease(folder: string, version: string, bytes = randomBytes(256 * 1024)): Buffer {
  const name = installerName(version);
  fs.writeFileSync(path.join(folder, name), bytes);
  fs.writeFileSync(path.join(folder, `${name}.blockmap`), randomBytes(512));
  fs.writeFileSync(path.join(folder, 'latest.yml'), [
    `version: ${version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${sha512(bytes)}`,
    `    size: ${bytes.length}`,
    `path: ${name}`,
    `sha512: ${sha512(bytes)}`,
    "releaseDate: '2026-11-20T10:00:00.000Z'",
    '',
  ].join('\n'));
  return bytes;
}

function check(share: string, currentVersion = '0.1.0', over: Partial<FolderCheck> = {}): Promise<FolderVerdict> {
  return checkUpdateFolder({ share, folder: updateFolderOf(share), currentVersion, channelFile: 'latest.yml', installerExt: '.exe', ...over });
}

/** Names, sizes and modification times of everything in a folder: a check must change none of them. */
function snapshot(dir: string): string {
  if (!fs.existsSync(dir)) return '(none)';
  return fs.readdirSync(dir).sort().map((n) => {
    const st = fs.statSync(path.join(dir, n));
    return `${n}:${st.size}:${st.mtimeMs}`;
  }).join('|');
}

async function refusedWith(share: string, reason: string, currentVersion = '0.1.0'): Promise<string> {
  const folder = updateFolderOf(share);
  const before = snapshot(folder);
  const v = await check(share, currentVersion);
  assert.equal(v.kind, 'refused', JSON.stringify(v));
  assert.equal(v.kind === 'refused' && v.reason, reason, JSON.stringify(v));
  assert.equal(snapshot(folder), before, 'the check changes nothing in the update folder');
  return v.kind === 'refused' ? v.message : '';
}

describe('version comparison', () => {
  it('orders versions numerically, a pre-release before its release', () => {
    assert.ok(compareVersions('0.2.0', '0.1.0') > 0);
    assert.ok(compareVersions('0.10.0', '0.9.0') > 0);
    assert.ok(compareVersions('1.0.0', '0.99.99') > 0);
    assert.ok(compareVersions('0.1.9', '0.2.0') < 0);
    assert.equal(compareVersions('1.2.3', '1.2.3'), 0);
    assert.equal(compareVersions('v1.2.3', '1.2.3+build.7'), 0);
    assert.ok(compareVersions('1.0.0', '1.0.0-beta.2') > 0);
    assert.ok(compareVersions('1.0.0-beta.2', '1.0.0-beta.1') > 0);
    assert.ok(compareVersions('1.0.0-beta.10', '1.0.0-beta.9') > 0);
    assert.ok(compareVersions('1.0.0-beta', '1.0.0-alpha.5') > 0);
    assert.ok(compareVersions('1.0.0-alpha', '1.0.0-alpha.1') < 0);
    assert.ok(compareVersions('1.0.0-1', '1.0.0-alpha') < 0, 'numeric identifiers come first');
    assert.throws(() => compareVersions('1.0', '1.0.0'));
    assert.throws(() => compareVersions('1.0.0', 'новая'));
  });

  it('reads the version in the names of electron-builder release files', () => {
    assert.equal(versionInFileName('klassnyi-zhurnal-0.2.0-setup.exe'), '0.2.0');
    assert.equal(versionInFileName('klassnyi-zhurnal-0.2.0-setup.exe.blockmap'), '0.2.0');
    assert.equal(versionInFileName('klassnyi-zhurnal-1.0.0-beta.1-setup.exe'), '1.0.0-beta.1');
    assert.equal(versionInFileName('klassnyi-zhurnal-0.3.1-x86_64.AppImage'), '0.3.1');
    assert.equal(versionInFileName('klassnyi-zhurnal-0.3.1-amd64.deb'), '0.3.1');
    assert.equal(versionInFileName('latest.yml'), null);
    assert.equal(versionInFileName('desktop.ini'), null);
    assert.equal(channelFileFor('win32'), 'latest.yml');
    assert.equal(channelFileFor('linux'), 'latest-linux.yml');
  });
});

describe('the update folder on the share', () => {
  it('offers a newer version whose installer is whole and matches its SHA-512', async () => {
    const { share, folder } = newShare();
    const bytes = putRelease(folder, '0.2.0');
    const v = await check(share, '0.1.0');
    assert.equal(v.kind, 'newer');
    assert.ok(v.kind === 'newer');
    assert.equal(v.version, '0.2.0');
    assert.deepEqual(v.installer, { name: installerName('0.2.0'), size: bytes.length, sha512: sha512(bytes) });
  });

  it('has nothing to offer for the running version, an empty share or a share without an update folder', async () => {
    const { share, folder } = newShare();
    assert.deepEqual(await check(share), { kind: 'nothing' });
    putRelease(folder, '0.1.0');
    assert.deepEqual(await check(share, '0.1.0'), { kind: 'current', version: '0.1.0' });
    const bare = path.join(TMP, 'bare-share');
    fs.mkdirSync(bare);
    assert.deepEqual(await check(bare), { kind: 'nothing' });
    assert.equal(fs.existsSync(updateFolderOf(bare)), false, 'the check does not make the folder');
  });

  it('says the share is missing during the check, and changes nothing', async () => {
    const gone = path.join(TMP, 'no-such-share');
    const v = await check(gone);
    assert.equal(v.kind, 'no-share');
    assert.ok(v.kind === 'no-share');
    assert.match(v.message, /Сетевая папка «.*no-such-share» недоступна/);
    assert.match(v.message, /проверит их снова/);
    assert.equal(fs.existsSync(gone), false);
  });

  it('refuses a half-copied installer (shorter than latest.yml says)', async () => {
    const { share, folder } = newShare();
    const bytes = putRelease(folder, '0.2.0');
    fs.writeFileSync(path.join(folder, installerName('0.2.0')), bytes.subarray(0, 100_000));
    const message = await refusedWith(share, 'incomplete');
    assert.match(message, /скопирован не полностью: 100000 из 262144 байт/);
  });

  it('refuses a damaged installer: same size, another SHA-512 (or a half-copied one the copier already sized)', async () => {
    const { share, folder } = newShare();
    const bytes = putRelease(folder, '0.2.0');
    const damaged = Buffer.from(bytes);
    damaged[12345] = damaged[12345]! ^ 0xff;
    fs.writeFileSync(path.join(folder, installerName('0.2.0')), damaged);
    const message = await refusedWith(share, 'damaged');
    assert.match(message, /повреждён или ещё копируется: его контрольная сумма SHA-512 не совпадает/);
    // A copier that sets the file's full size first and fills it later: zeros at the end.
    const sized = Buffer.concat([bytes.subarray(0, 1000), Buffer.alloc(bytes.length - 1000)]);
    fs.writeFileSync(path.join(folder, installerName('0.2.0')), sized);
    await refusedWith(share, 'damaged');
  });

  it('refuses an installer longer than latest.yml says', async () => {
    const { share, folder } = newShare();
    const bytes = putRelease(folder, '0.2.0');
    fs.writeFileSync(path.join(folder, installerName('0.2.0')), Buffer.concat([bytes, Buffer.from('x')]));
    assert.match(await refusedWith(share, 'damaged'), /его размер 262145 байт, а в latest\.yml указано 262144/);
  });

  it('refuses an older version than the running one', async () => {
    const { share, folder } = newShare();
    putRelease(folder, '0.1.5');
    const message = await refusedWith(share, 'older', '0.2.0');
    assert.match(message, /В папке обновлений версия 0\.1\.5, а на этом компьютере установлена более новая версия 0\.2\.0/);
  });

  it('refuses two versions at once in the update folder', async () => {
    const { share, folder } = newShare();
    putRelease(folder, '0.2.0');
    putRelease(folder, '0.3.0'); // latest.yml now names 0.3.0; the 0.2.0 installer is still there
    const message = await refusedWith(share, 'two-versions');
    assert.match(message, /файлы нескольких версий программы \(0\.2\.0, 0\.3\.0\)/);
    assert.match(message, /Оставьте в ней файлы только одной версии/);
    // The blockmap of another version alone is enough to be told.
    fs.rmSync(path.join(folder, installerName('0.2.0')));
    await refusedWith(share, 'two-versions');
    fs.rmSync(path.join(folder, `${installerName('0.2.0')}.blockmap`));
    assert.equal((await check(share)).kind, 'newer');
  });

  it('refuses a latest.yml that does not parse, or names no installer', async () => {
    const { share, folder } = newShare();
    putRelease(folder, '0.2.0');
    const yml = path.join(folder, 'latest.yml');
    fs.writeFileSync(yml, 'version: 0.2.0\nfiles:\n  - url: [klassnyi\n    sha512: abc\n');
    assert.match(await refusedWith(share, 'unreadable'), /Файл latest\.yml в папке обновлений не читается \(ошибка в строке \d+\)/);
    fs.writeFileSync(yml, 'version: 0.2.0\nreleaseDate: today\n');
    assert.match(await refusedWith(share, 'unreadable'), /заполнен неверно/);
    fs.writeFileSync(yml, '');
    await refusedWith(share, 'unreadable');
    fs.writeFileSync(yml, `version: второй\npath: ${installerName('0.2.0')}\nsha512: abc\nsize: 10\n`);
    assert.match(await refusedWith(share, 'unreadable'), /версия «второй» записана неверно/);
    // A half-copied latest.yml: cut in the middle of the checksum.
    putRelease(folder, '0.2.0');
    const whole = fs.readFileSync(yml, 'utf8');
    fs.writeFileSync(yml, whole.slice(0, whole.indexOf('size:')));
    await refusedWith(share, 'unreadable');
  });

  it('refuses an installer path that leaves the update folder', async () => {
    const { share, folder } = newShare();
    const bytes = putRelease(folder, '0.2.0');
    fs.writeFileSync(path.join(share, 'evil.exe'), bytes);
    for (const url of ['../evil.exe', '..\\evil.exe', 'C:evil.exe', 'sub/evil.exe']) {
      fs.writeFileSync(path.join(folder, 'latest.yml'), `version: 0.2.0\nfiles:\n  - url: '${url}'\n    sha512: ${sha512(bytes)}\n    size: ${bytes.length}\n`);
      assert.match(await refusedWith(share, 'unreadable'), /недопустимый путь к установщику/, url);
    }
  });

  it('says what is missing: latest.yml beside an installer, or the installer latest.yml names', async () => {
    const { share, folder } = newShare();
    putRelease(folder, '0.2.0');
    fs.rmSync(path.join(folder, 'latest.yml'));
    assert.match(await refusedWith(share, 'no-channel-file'), /нет файла latest\.yml/);
    putRelease(folder, '0.2.0');
    fs.rmSync(path.join(folder, installerName('0.2.0')));
    assert.match(await refusedWith(share, 'no-installer'), /нет установщика «klassnyi-zhurnal-0\.2\.0-setup\.exe»/);
  });

  it('on Linux reads latest-linux.yml and checks the installer type this computer takes', async () => {
    const { share, folder } = newShare();
    const image = randomBytes(4096);
    const deb = randomBytes(2048);
    fs.writeFileSync(path.join(folder, 'klassnyi-zhurnal-0.2.0-x86_64.AppImage'), image);
    fs.writeFileSync(path.join(folder, 'klassnyi-zhurnal-0.2.0-amd64.deb'), deb.subarray(0, 100));
    fs.writeFileSync(path.join(folder, 'latest-linux.yml'), [
      'version: 0.2.0', 'files:',
      `  - url: klassnyi-zhurnal-0.2.0-x86_64.AppImage`, `    sha512: ${sha512(image)}`, `    size: ${image.length}`,
      `  - url: klassnyi-zhurnal-0.2.0-amd64.deb`, `    sha512: ${sha512(deb)}`, `    size: ${deb.length}`, '',
    ].join('\n'));
    const appImage = await check(share, '0.1.0', { channelFile: 'latest-linux.yml', installerExt: '.AppImage' });
    assert.equal(appImage.kind, 'newer');
    const debian = await check(share, '0.1.0', { channelFile: 'latest-linux.yml', installerExt: '.deb' });
    assert.equal(debian.kind === 'refused' && debian.reason, 'incomplete');
  });

  it('parses what electron-builder writes, in both its forms', () => {
    const info = parseChannelFile("version: 1.0.0\npath: a.exe\nsha512: QUJD\nsize: 3\nreleaseDate: '2026-11-20'\n", 'latest.yml');
    assert.deepEqual(info, { version: '1.0.0', files: [{ name: 'a.exe', size: 3, sha512: 'QUJD' }] });
    assert.ok('problem' in parseChannelFile('version: 1.0.0\nfiles:\n  - url: a.exe\n    sha512: QUJD\n    size: -3\n', 'latest.yml'));
    assert.ok(isPlainName('klassnyi-zhurnal-0.2.0-setup.exe'));
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', 'C:x', 'a\0b']) assert.equal(isPlainName(bad), false, JSON.stringify(bad));
  });
});

describe('who may install', () => {
  it('an administrator of the computer installs at quit; anyone else is told to ask the school administrator', () => {
    const admin = '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"\n"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group"';
    const user = '"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"';
    assert.equal(isWindowsAdministrator(admin), true);
    assert.equal(isWindowsAdministrator(user), false);
    assert.equal(isLinuxAdministrator('teacher users', 1000), false);
    assert.equal(isLinuxAdministrator('admin1 sudo users', 1000), true);
    assert.equal(isLinuxAdministrator('', 0), true);
    assert.equal(offerMessage('0.2.0', true), 'Доступна версия 0.2.0, установится при выходе из программы.');
    assert.match(offerMessage('0.2.0', false), /только администратор компьютера: обратитесь к администратору школы/);
  });
});

// ---- the loopback server ----------------------------------------------------------------------

interface Reply {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

function request(port: number, urlPath: string, method = 'GET', host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path: urlPath, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback server of the update folder', () => {
  let server: UpdateServer;
  let folder: string;
  let share: string;
  let secret: string;
  let installer: Buffer;

  before(async () => {
    ({ share, folder } = newShare());
    installer = putRelease(folder, '0.2.0');
    fs.writeFileSync(path.join(share, 'secret.txt'), 'outside the update folder');
    fs.mkdirSync(path.join(folder, 'sub'));
    fs.writeFileSync(path.join(folder, 'sub', 'inner.txt'), 'in a sub-folder');
    server = await startUpdateServer(folder);
    secret = new URL(server.url).pathname.split('/')[1]!;
  });
  after(() => server.close());

  it('listens on 127.0.0.1 only, under a random secret of this run', async () => {
    const url = new URL(server.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.match(secret, /^[0-9a-f]{48}$/);
    const other = await startUpdateServer(folder);
    assert.notEqual(new URL(other.url).pathname, url.pathname, 'each run has its own secret');
    await other.close();
    // Not reachable on the computer's other addresses.
    const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (lan) await assert.rejects(request(server.port, `/${secret}/latest.yml`, 'GET', lan.address), /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/);
  });

  it('serves the release files with the secret, as electron-updater asks for them', async () => {
    const yml = await request(server.port, `${new URL(server.url).pathname}latest.yml`);
    assert.equal(yml.status, 200);
    assert.equal(yml.body.toString('utf8'), fs.readFileSync(path.join(folder, 'latest.yml'), 'utf8'));
    // electron-updater's generic provider resolves the file names against the feed URL.
    const exe = await request(server.port, new URL(installerName('0.2.0'), server.url).pathname);
    assert.equal(exe.status, 200);
    assert.equal(sha512(exe.body), sha512(installer));
    assert.equal(exe.headers['content-length'], String(installer.length));
    const head = await request(server.port, `/${secret}/${installerName('0.2.0')}.blockmap`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    // A query string (electron-updater may add one to avoid caches) is ignored.
    assert.equal((await request(server.port, `/${secret}/latest.yml?noCache=1abc`)).status, 200);
  });

  it('serves nothing without the secret or with a wrong one', async () => {
    for (const p of ['/latest.yml', `/${installerName('0.2.0')}`, '/', `/${secret}`, `/${secret.slice(0, -1)}0/latest.yml`, `/${secret.toUpperCase()}/latest.yml`, `/x/${secret}/latest.yml`]) {
      const r = await request(server.port, p);
      assert.equal(r.status, 404, p);
      assert.equal(r.body.length, 0, p);
    }
  });

  it('serves only files directly in the update folder: no path traversal, no sub-folders', async () => {
    for (const p of [
      `/${secret}/../secret.txt`, `/${secret}/..%2fsecret.txt`, `/${secret}/%2e%2e%2fsecret.txt`, `/${secret}/%2e%2e/secret.txt`, `/${secret}/..%5csecret.txt`,
      `/${secret}/sub/inner.txt`, `/${secret}/sub%2finner.txt`, `/${secret}/sub`, `/${secret}/`, `/${secret}/%`, `/${secret}/LATEST.YML`, `/${secret}/latest.yml%00.exe`,
      `/${secret}/${encodeURIComponent(path.join(share, 'secret.txt'))}`,
    ]) {
      const r = await request(server.port, p);
      assert.equal(r.status, 404, p);
      assert.ok(!r.body.toString().includes('outside the update folder'), p);
    }
    assert.equal(requestedName(`/${secret}/../secret.txt`, secret), null);
    assert.equal(requestedName(`/${secret}/latest.yml`, secret), 'latest.yml');
  });

  it('answers only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) assert.equal((await request(server.port, `/${secret}/latest.yml`, method)).status, 405, method);
    assert.ok(fs.existsSync(path.join(folder, 'latest.yml')));
  });

  it('reads the folder afresh: a release copied later is served, a removed file is not', async () => {
    fs.writeFileSync(path.join(folder, 'later.txt'), 'later');
    assert.equal((await request(server.port, `/${secret}/later.txt`)).body.toString(), 'later');
    fs.rmSync(path.join(folder, 'later.txt'));
    assert.equal((await request(server.port, `/${secret}/later.txt`)).status, 404);
  });
});

describe("electron-updater's own refusals in the window's words", () => {
  it('a signature that is not the publisher\'s, a checksum that changed during the download, anything else', () => {
    assert.match(updaterErrorMessage(Object.assign(new Error('New version 0.2.0 is not signed by the application owner'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' })), /не подписан издателем программы/);
    assert.match(updaterErrorMessage(Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' })), /контрольная сумма не совпала/);
    assert.match(updaterErrorMessage(new Error('socket hang up')), /Программа попробует снова позже/);
    assert.doesNotMatch(updaterErrorMessage(new Error('socket hang up')), /socket/);
  });
});
