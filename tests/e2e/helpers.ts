// Shared steps of the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from '../../db/connection';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export const SHOTS = new URL('./artifacts/screenshots/', import.meta.url).pathname;

export function appUrl(): string {
  const url = process.env.E2E_URL;
  if (!url) throw new Error('E2E_URL is not set: the global setup did not run');
  return url;
}

/** Opens the app (the run's demo school unless another server's url is given) and signs in. */
export async function signIn(page: Page, login: string, password = 'demo', url = appUrl()): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-input').fill(login);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

/** signIn on the office screen size the screenshots are taken at (1366×768). */
export async function signInWide(page: Page, login: string, url: string, password = 'demo'): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, login, password, url);
}

export type Db = ReturnType<typeof openDatabase>;

/** Opens a database file directly, to compare screens with the data or to set up a test's own school. */
export async function readDb<T>(file: string, fn: (knex: Db) => Promise<T>): Promise<T> {
  const knex = openDatabase(file);
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

/** Reads the e2e database directly (read-only use), to compare screens with the data. */
export function withDb<T>(fn: (knex: Db) => Promise<T>): Promise<T> {
  return readDb(process.env.E2E_DB!, fn);
}

export interface FreshServer {
  readonly url: string;
  readonly db: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** What the server's database file holds before it starts; nothing (a fresh install) unless said. */
export interface ServerSchool {
  /** A demo school made into the file by `journal demo` with this seed, first year and size. */
  readonly demo?: {
    readonly seed: number; readonly year: number; readonly students: number;
    /** The day the school is made for (journal demo --today); without it, as at the end of its first period (--first-period). */
    readonly today?: string;
  };
  /** A consistent copy (VACUUM INTO) of this database file, e.g. the run's school. */
  readonly copyOf?: string;
  /** A test's own changes to the file, made after the demo or the copy and before the server starts. */
  readonly prepare?: (db: string) => Promise<unknown>;
}

async function makeSchool(db: string, school: ServerSchool): Promise<void> {
  if (school.demo) {
    const { seed, year, students, today: day } = school.demo;
    const when = day ? ['--today', day] : ['--first-period'];
    const demo = spawnSync(process.execPath, [path.join(ROOT, 'bin/journal.cjs'), 'demo', '--db', db, '--seed', String(seed), '--year', String(year), '--students', String(students), ...when], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`journal demo failed: ${demo.stdout}${demo.stderr}`);
  }
  if (school.copyOf) {
    await readDb(school.copyOf, (k) => k.raw('VACUUM INTO ?', [db]));
  }
  await school.prepare?.(db);
}

/**
 * A preview server of its own with «today» fixed to `today` (YYYY-MM-DD), on a database file in a
 * folder of its own: a fresh install unless `school` has a demo school made or a database copied
 * into it first; the shared demo of the run is not touched. `stop()` removes the folder.
 */
export async function freshServer(today: string, prefix = 'journal-fresh-', school: ServerSchool = {}): Promise<FreshServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = path.join(dir, 'journal.sqlite');
  try {
    await makeSchool(db, school);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/preview/server.cjs'), '--db', db, '--port', '0', '--now', today], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`preview server exited with ${code}`)));
    setTimeout(() => reject(new Error('preview server did not start in 60 s')), 60_000);
  });
  return {
    url, db, dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One preview server for the tests of a file (freshServer): started before them, given up
 * to `startMs` to make its school, and stopped after them. The getter fails until it runs.
 */
export function serverForFile(today: string, prefix: string, school: ServerSchool, startMs = 240_000): () => FreshServer {
  let server: FreshServer | null = null;
  test.beforeAll(async () => {
    test.setTimeout(startMs);
    server = await freshServer(today, prefix, school);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the preview server of this file has not started');
    return server;
  };
}

/** Collects console errors and CSP violations of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The school and its first administrator, as typed on «Создать нашу школу» of the first start. */
export interface NewSchool {
  readonly fullName: string;
  readonly shortName: string;
  readonly address: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly login: string;
  readonly password: string;
}

/** Fills the first start's form for our school (the caller submits it). */
export async function fillNewSchool(page: Page, s: NewSchool): Promise<void> {
  await page.getByTestId('first-start-create').click();
  await page.getByTestId('create-full-name').fill(s.fullName);
  await page.getByTestId('create-short-name').fill(s.shortName);
  await page.getByTestId('create-address').fill(s.address);
  await page.getByTestId('create-last-name').fill(s.lastName);
  await page.getByTestId('create-first-name').fill(s.firstName);
  await page.getByTestId('create-middle-name').fill(s.middleName);
  await page.getByTestId('create-login').fill(s.login);
  await page.getByTestId('create-password').fill(s.password);
  await page.getByTestId('create-password2').fill(s.password);
}

/** «Настройка учебного года», step «Классы»: one class with its class teacher and room. */
export async function addClass(page: Page, c: { grade: string; letter: string; teacher: string; room: string }): Promise<void> {
  await page.getByTestId('class-add').click();
  const row = page.getByTestId('class-row').last();
  await row.getByTestId('class-grade').selectOption(c.grade);
  await row.getByTestId('class-letter').fill(c.letter);
  await row.getByTestId('class-teacher').selectOption({ label: c.teacher });
  await row.getByTestId('class-room').fill(c.room);
  await row.getByTestId('class-save').click();
  await expect(page.locator(`[data-testid=class-row][data-name="${c.grade}${c.letter}"]`)).toBeVisible();
}

/** Step «Предметы и учебный план»: a subject added to the school's list. */
export async function addSubject(page: Page, s: { name: string; short: string }): Promise<void> {
  await page.getByTestId('subject-name').fill(s.name);
  await page.getByTestId('subject-short').fill(s.short);
  await page.getByTestId('subject-add').click();
  await expect(page.getByTestId('subject-item').filter({ hasText: s.name })).toBeVisible();
}

/** Step «Нагрузка»: the class's subject given to a teacher (hours from the plan). */
export async function assignLoad(page: Page, cls: string, subject: string, teacher: string): Promise<void> {
  await page.getByTestId('load-class').selectOption({ label: cls });
  await page.getByTestId('load-subject').selectOption({ label: subject });
  await page.getByTestId('load-teacher').selectOption({ label: teacher });
  await page.getByTestId('load-save').click();
  await expect(page.getByTestId('load-saved')).toContainText(`${subject}, ${cls}`);
}
