// Updates over the school's network (issue 15 item 2), end to end without the Electron binary:
// a release copied into a temporary share's update folder is checked by the app
// (service/update/feed.ts), served on 127.0.0.1 under the run's secret
// (electron/update/server.ts), and read by electron-updater's own generic provider and
// downloaded by its own HTTP executor with its SHA-512 check — the code that runs in the app,
// with Node's http in place of Electron's net (as electron-updater's ElectronHttpExecutor
// does with net.request). The publisher's signature check (Windows) needs Windows.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkUpdateFolder, updaterErrorMessage, updateFolderOf } from '../../service/update/feed';
import { startUpdateServer } from '../../electron/update/server';

const require = createRequire(import.meta.url);

interface UpdateFileInfo {
  url: string;
  sha512: string;
  size: number;
}
interface UpdateInfo {
  version: string;
  files: UpdateFileInfo[];
}
interface Provider {
  getLatestVersion(): Promise<UpdateInfo>;
  resolveFiles(info: UpdateInfo): { url: URL; info: UpdateFileInfo }[];
}
interface DownloadOptions {
  sha512: string;
  cancellationToken: CancellationToken;
}
interface CancellationToken {
  createPromise<T>(run: (resolve: (v: T) => void, reject: (e: unknown) => void, onCancel: unknown) => void): Promise<T>;
}
interface HttpExecutor {
  doDownload(requestOptions: object, options: object, redirectCount: number): void;
}
const runtime = require('builder-util-runtime') as {
  HttpExecutor: new () => HttpExecutor;
  CancellationToken: new () => CancellationToken;
  configureRequestUrl(url: URL, options: object): void;
  configureRequestOptions(options: object): object;
};
const { GenericProvider } = require('electron-updater/out/providers/GenericProvider.js') as {
  GenericProvider: new (config: { provider: 'generic'; url: string }, updater: object, options: object) => Provider;
};

/**
 * electron-updater's HTTP executor with Node's http in place of Electron's net: `download` is
 * ElectronHttpExecutor's own (electron-updater/out/electronHttpExecutor.js), so the file goes
 * through builder-util-runtime's doDownload and its SHA-512 check as in the app.
 */
class LoopbackExecutor extends runtime.HttpExecutor {
  createRequest(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): ClientRequest {
    return http.request({ ...options, agent: false }, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: undefined, redirect: 'manual' };
      runtime.configureRequestUrl(url, requestOptions);
      runtime.configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error: unknown) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}
type Executor = LoopbackExecutor;

function updaterFor(feedUrl: string, platform: NodeJS.Platform): { provider: Provider; executor: Executor } {
  const executor = new LoopbackExecutor();
  // The updater fields the provider reads (AppUpdater's channel and no-cache query).
  const updater = { channel: null, isAddNoCacheQuery: true };
  const provider = new GenericProvider({ provider: 'generic', url: feedUrl }, updater, { isUseMultipleRangeRequest: false, platform, executor });
  return { provider, executor };
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'update-loopback-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));
const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');

function putRelease(folder: string, channelFile: string, name: string, version: string): Buffer {
  const bytes = randomBytes(300 * 1024);
  fs.writeFileSync(path.join(folder, name), bytes);
  fs.writeFileSync(path.join(folder, channelFile), `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512(bytes)}\n    size: ${bytes.length}\npath: ${name}\nsha512: ${sha512(bytes)}\nreleaseDate: '2026-11-20T10:00:00.000Z'\n`);
  return bytes;
}

describe('a release from the share, through the loopback server, to electron-updater', () => {
  it('Windows: the checked installer is read by the generic provider and downloaded with its SHA-512 checked', async () => {
    const share = path.join(TMP, 'win');
    const folder = updateFolderOf(share);
    fs.mkdirSync(folder, { recursive: true });
    const name = 'klassnyi-zhurnal-0.2.0-setup.exe';
    const bytes = putRelease(folder, 'latest.yml', name, '0.2.0');
    const verdict = await checkUpdateFolder({ share, folder, currentVersion: '0.1.0', channelFile: 'latest.yml', installerExt: '.exe' });
    assert.equal(verdict.kind, 'newer');

    const server = await startUpdateServer(folder);
    try {
      const { provider, executor } = updaterFor(server.url, 'win32');
      const info = await provider.getLatestVersion();
      assert.equal(info.version, '0.2.0');
      const [file] = provider.resolveFiles(info);
      assert.ok(file);
      assert.equal(file.url.origin, new URL(server.url).origin);
      assert.ok(file.url.pathname.startsWith(new URL(server.url).pathname), 'the installer is asked for under the secret');
      const dest = path.join(TMP, 'downloaded.exe');
      await executor.download(file.url, dest, { sha512: file.info.sha512, cancellationToken: new runtime.CancellationToken() });
      assert.equal(sha512(fs.readFileSync(dest)), sha512(bytes));

      // The installer is replaced after the app's check (a copy over it): electron-updater's own
      // SHA-512 check refuses it, and the window says so in Russian.
      const damaged = Buffer.from(bytes);
      damaged[1000] = damaged[1000]! ^ 0x01;
      fs.writeFileSync(path.join(folder, name), damaged);
      const err = await executor.download(file.url, path.join(TMP, 'damaged.exe'), { sha512: file.info.sha512, cancellationToken: new runtime.CancellationToken() }).then(() => null, (e: unknown) => e);
      assert.equal((err as { code?: string } | null)?.code, 'ERR_CHECKSUM_MISMATCH');
      assert.match(updaterErrorMessage(err), /контрольная сумма не совпала/);
    } finally {
      await server.close();
    }
  });

  it('Linux: the provider asks for latest-linux.yml from the same folder', async () => {
    const share = path.join(TMP, 'linux');
    const folder = updateFolderOf(share);
    fs.mkdirSync(folder, { recursive: true });
    putRelease(folder, 'latest-linux.yml', 'klassnyi-zhurnal-0.3.0-x86_64.AppImage', '0.3.0');
    const server = await startUpdateServer(folder);
    try {
      const info = await updaterFor(server.url, 'linux').provider.getLatestVersion();
      assert.equal(info.version, '0.3.0');
    } finally {
      await server.close();
    }
  });

  it('without the secret electron-updater finds no feed', async () => {
    const share = path.join(TMP, 'secret');
    const folder = updateFolderOf(share);
    fs.mkdirSync(folder, { recursive: true });
    putRelease(folder, 'latest.yml', 'klassnyi-zhurnal-0.2.0-setup.exe', '0.2.0');
    const server = await startUpdateServer(folder);
    try {
      const guessed = `http://127.0.0.1:${server.port}/`;
      await assert.rejects(updaterFor(guessed, 'win32').provider.getLatestVersion(), /404|Cannot find/);
    } finally {
      await server.close();
    }
  });
});
