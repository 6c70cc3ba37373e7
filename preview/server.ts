// The browser preview: the real renderer (dist/renderer) served on 127.0.0.1, with the
// same service API reached through a bridge instead of Electron's IPC. Calls must carry
// the per-run secret; each browser tab is its own caller with its own session. Used by
// `npm run preview:browser` and the end-to-end tests (Chromium cannot run Electron here).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CSP } from '../shared/csp';
import { closePrintJobs } from '../print/jobs/manager';
import { ServiceHost } from '../service/host';
import { openOrCreateJournal } from '../service/open-or-create';

const MAX_BODY = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker (a module script: served with a script type, or nosniff refuses it).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface PreviewOptions {
  db: string;
  port: number;
  rendererDir: string;
  /** Fixed "now" for reproducible screens (ISO date or date-time). */
  now?: string;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startPreview(opts: PreviewOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { db } = await openOrCreateJournal(opts.db);
  const fixedNow = opts.now ? new Date(opts.now.length === 10 ? `${opts.now}T09:00:00` : opts.now) : null;
  const host = new ServiceHost(db, { now: () => fixedNow ?? new Date() });
  const secret = crypto.randomBytes(24).toString('hex');
  const root = path.resolve(opts.rendererDir);

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/api/invoke') {
        if (req.method !== 'POST') return send(res, 405, '', 'text/plain');
        const given = String(req.headers['x-bridge-secret'] ?? '');
        const ok = given.length === secret.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(secret));
        const client = String(req.headers['x-bridge-client'] ?? '');
        if (!ok || !/^[0-9a-f-]{8,64}$/.test(client)) return send(res, 403, JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'Нет доступа к мосту предпросмотра.' } }), 'application/json');
        let call: { method?: unknown; args?: unknown };
        try {
          call = JSON.parse(await readBody(req)) as typeof call;
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: 'Неверный запрос.' } }), 'application/json');
        }
        const result = await host.call(`preview:${client}`, call.method, call.args);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (req.method !== 'GET') return send(res, 405, '', 'text/plain');
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, 'Не найдено', 'text/plain; charset=utf-8');
      send(res, 200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
    })().catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) send(res, 500, 'Ошибка', 'text/plain; charset=utf-8');
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/#bridge=${secret}`,
    // host.db: the database open now (another file after a restore from a backup).
    // server.close waits for every connection to end; a page that goes on polling keeps
    // its keep-alive connection busy, so idle ones are closed until they are all gone (the
    // requests under way still get their answers; the page's next poll finds no server).
    close: () => new Promise<void>((resolve) => {
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.close(() => {
        clearInterval(idle);
        void closePrintJobs(host.db).then(() => host.db.close()).then(resolve);
      });
      server.closeIdleConnections();
    }),
  };
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, now: { type: 'string' }, renderer: { type: 'string' } },
  });
  const preview = await startPreview({
    db: values.db ?? process.env.JOURNAL_DB ?? path.resolve('.tmp/preview/journal.sqlite'),
    port: values.port ? Number(values.port) : 5174,
    rendererDir: values.renderer ?? path.resolve(__dirname, '..', 'renderer'),
    now: values.now,
  });
  process.stdout.write(`${JSON.stringify({ url: preview.url })}\n`);
  process.stderr.write(`Предпросмотр в браузере: ${preview.url}\n`);
  const stop = () => void preview.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (typeof require !== 'undefined' && require.main === module) void cli().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
