// The share's update folder served to the app's own electron-updater (issue 15 item 2).
// electron-updater downloads over http(s) only, never from a file:// or UNC path
// (LESSONS.md), so the main process serves the folder on the loopback interface:
//   http://127.0.0.1:<port>/<secret>/<file name>
// - bound to 127.0.0.1 only: no other computer can reach it;
// - the secret (random, made for each run) is the first part of every path, so another
//   program on this computer cannot read through it by guessing the port;
// - only plain files directly in the update folder, by their exact name (no '..', no
//   sub-folders, no links, no encoded separators), with GET and HEAD.
// No Electron here: tests/unit/update-feed.test.ts makes real requests to it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isPlainName } from '../../service/update/feed';

export interface UpdateServer {
  /** The feed URL for electron-updater's generic provider (ends with '/'). */
  readonly url: string;
  readonly folder: string;
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** The file name a request path asks for under /<secret>/, or null when it asks for anything else. */
export function requestedName(urlPath: string, secret: string): string | null {
  const q = urlPath.indexOf('?');
  const raw = q >= 0 ? urlPath.slice(0, q) : urlPath;
  const prefix = `/${secret}/`;
  const head = Buffer.from(raw.slice(0, prefix.length));
  const want = Buffer.from(prefix);
  if (head.length !== want.length || !timingSafeEqual(head, want)) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw.slice(prefix.length));
  } catch {
    return null;
  }
  return isPlainName(name) ? name : null;
}

export async function startUpdateServer(folder: string, secret: string = randomBytes(24).toString('hex')): Promise<UpdateServer> {
  const server = http.createServer((req, res) => {
    void serve(folder, secret, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}/${secret}/`,
    folder,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function serve(folder: string, secret: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const refuse = (code: number) => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end();
  };
  // Only this computer (the socket is bound to 127.0.0.1; this guards against a change of that).
  if (req.socket.remoteAddress !== LOOPBACK && req.socket.remoteAddress !== `::ffff:${LOOPBACK}`) return refuse(403);
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405);
  const name = requestedName(req.url ?? '', secret);
  if (name === null) return refuse(404);
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return refuse(404);
  }
  // The exact name as listed: a case-folded or otherwise aliased name is not served.
  if (!names.includes(name)) return refuse(404);
  const file = path.join(folder, name);
  let size: number;
  try {
    const st = await fs.lstat(file);
    if (!st.isFile()) return refuse(404);
    size = st.size;
  } catch {
    return refuse(404);
  }
  const type = name.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(size), 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
