// The demo school's generation, measured side by side against its honest limit (issue 16):
//   demo  `journal demo --today DATE --students N` as the CLI makes it (the model of the
//         school, the rows through the journal writer's bulk path with its change log, the
//         certification with the copies' data hashes)
//   raw   a batched raw bulk insert of the SAME rows (every row of every journal table of the
//         demo made AND its change_log entries — the journal's history that sync and the
//         cell history need — read back first, as bench/year-close.ts does): multi-row
//         INSERT statements in one transaction on a
//         plain sqlite3 connection (bench/raw-sqlite.ts, the app's pragmas, and the same
//         page cache as the demo's connection) into an empty database of the same schema,
//         loaded the fastest way the demo knows too: its plain (non-unique) indexes dropped
//         for the insert and built once at the end, in the timed part.
// Reports both times, the ratio (goal: at most 2x for the full year x5:
// --today 2027-06-20 --students 3000), the demo file's size on disk and bytes per mark.
//   npm run bench:demo -- [--today 2027-06-20] [--students 3000] [--seed 11]
// benchDemo(opts) is the same as a function, for bench:all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoFile, DEMO_CACHE_KIB } from '../db/demo-file';
import { openJournal } from '../db/journal-db';
import { JOURNAL_FIELDS, type JournalTable } from '../db/schema';
import { WRITE_ORDER } from '../db/demo/rows';
import { LOG_COLUMNS } from '../db/writer/types';
import { demoClassCopyFacts } from '../print/demo-copies';
import { RawDb } from './raw-sqlite';

export interface DemoBenchOptions {
  /** The day the demo is made for (default 2027-06-20: the whole year). */
  readonly today?: string;
  /** Students (default 3000: the demo x5). */
  readonly students?: number;
  readonly seed?: number;
  /** A folder for the files (default: a new temporary one, removed at the end). */
  readonly dir?: string;
  /** Keep the demo file (its path is in the result). */
  readonly keep?: boolean;
  readonly log?: (line: string) => void;
}

export interface DemoBenchResult {
  readonly today: string;
  readonly students: number;
  /** Seconds to make the demo school (CLI path). */
  readonly demoSeconds: number;
  /** Seconds of the batched raw bulk insert of the same rows. */
  readonly rawSeconds: number;
  /** demoSeconds / rawSeconds (goal: at most 2). */
  readonly ratio: number;
  readonly goal: 2;
  /** The journal rows inserted by both (besides the change-log entries). */
  readonly rows: number;
  /** The change-log entries, inserted by both (the demo's log, read back for the raw insert). */
  readonly logEntries: number;
  /** The demo's seconds by phase: the model in memory, the rows written, the certification. */
  readonly phases: { model: number; write: number; certification: number };
  readonly marks: number;
  readonly lessons: number;
  /** The demo file's size on disk (after its WAL checkpoint), bytes. */
  readonly fileBytes: number;
  readonly bytesPerMark: number;
  readonly file: string | null;
}

/** Every journal table the demo writes, parents before children (raw inserts check foreign keys too). */
const TABLES: readonly JournalTable[] = [
  ...WRITE_ORDER,
  'backup_log', 'backup_medium_use', 'certification_campaign', 'certification_subject', 'print_register', 'strict_document_log', 'certification_class',
  ...(Object.keys(JOURNAL_FIELDS) as JournalTable[]).filter((t) => !WRITE_ORDER.includes(t) && !['backup_log', 'backup_medium_use', 'certification_campaign', 'certification_subject', 'print_register', 'strict_document_log', 'certification_class'].includes(t)),
];

/** SQLite's limit of bound values in one statement (SQLITE_MAX_VARIABLE_NUMBER of the bundled build). */
const MAX_VARS = 32_000;

export async function benchDemo(opts: DemoBenchOptions = {}): Promise<DemoBenchResult> {
  const today = opts.today ?? '2027-06-20';
  const students = opts.students ?? 3000;
  const log = opts.log ?? (() => undefined);
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-demo-'));
  const demoFile = path.join(dir, `demo-${students}-${today}.sqlite`);
  const rawFile = path.join(dir, 'raw.sqlite');
  try {
    log(`demo: --today ${today} --students ${students}…`);
    let t = performance.now();
    const r = await createDemoFile(demoFile, {
      seed: opts.seed ?? 11, students, startYear: Number(today.slice(0, 4)) - (today.slice(5) >= '09-01' ? 0 : 1), today, copies: demoClassCopyFacts, replace: true,
    });
    const demoSeconds = (performance.now() - t) / 1000;
    const fileBytes = fs.statSync(demoFile).size;
    log(`demo: ${demoSeconds.toFixed(1)} s (model ${r.phases.model.toFixed(1)}, write ${r.phases.write.toFixed(1)}, certification ${r.phases.certification.toFixed(1)}), ${(fileBytes / 1e6).toFixed(1)} MB`);

    // The same rows, read back, and an empty database of the same schema.
    const source = await RawDb.open(demoFile);
    const data: { table: string; columns: string[]; rows: unknown[][] }[] = [];
    let total = 0;
    for (const table of TABLES) {
      const columns = ['id', ...JOURNAL_FIELDS[table]];
      const list = await source.all<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM ${table}`);
      if (list.length === 0) continue;
      data.push({ table, columns, rows: list.map((row) => columns.map((c) => row[c])) });
      total += list.length;
    }
    // Its change log too: the demo file holds one entry per row (the rows' history), so the
    // same rows are those entries as well, in the order of their seq.
    const logList = await source.all<Record<string, unknown>>(`SELECT ${LOG_COLUMNS.join(', ')} FROM change_log ORDER BY seq`);
    const logEntries = logList.length;
    if (logEntries > 0) data.push({ table: 'change_log', columns: [...LOG_COLUMNS], rows: logList.map((row) => LOG_COLUMNS.map((c) => row[c])) });
    await source.close();
    for (const f of [rawFile, `${rawFile}-wal`, `${rawFile}-shm`]) fs.rmSync(f, { force: true });
    await (await openJournal(rawFile)).close();

    log(`raw: ${total} rows and ${logEntries} change-log entries in multi-row INSERTs, one transaction…`);
    const raw = await RawDb.open(rawFile);
    await raw.run(`PRAGMA cache_size = -${DEMO_CACHE_KIB}`); // the same page cache as the demo's connection
    const plain = await raw.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'");
    t = performance.now();
    for (const i of plain) await raw.run(`DROP INDEX "${i.name}"`);
    await raw.run('BEGIN');
    for (const { table, columns, rows } of data) {
      const per = Math.max(1, Math.floor(MAX_VARS / columns.length));
      const one = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        await raw.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat());
      }
    }
    await raw.run('COMMIT');
    for (const i of plain) await raw.run(i.sql);
    await raw.run('PRAGMA wal_checkpoint(TRUNCATE)');
    const rawSeconds = (performance.now() - t) / 1000;
    await raw.close();
    log(`raw: ${rawSeconds.toFixed(1)} s`);

    return {
      today, students, demoSeconds, rawSeconds, ratio: demoSeconds / rawSeconds, goal: 2, rows: total, logEntries, phases: r.phases, marks: r.marks, lessons: r.lessons,
      fileBytes, bytesPerMark: fileBytes / Math.max(1, r.marks), file: opts.keep ? demoFile : null,
    };
  } finally {
    for (const f of [rawFile, `${rawFile}-wal`, `${rawFile}-shm`]) fs.rmSync(f, { force: true });
    if (!opts.keep) for (const f of [demoFile, `${demoFile}-wal`, `${demoFile}-shm`]) fs.rmSync(f, { force: true });
    if (!opts.dir && !opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { today: { type: 'string' }, students: { type: 'string' }, seed: { type: 'string' } } });
  const r = await benchDemo({
    today: values.today, students: values.students ? Number(values.students) : undefined, seed: values.seed ? Number(values.seed) : undefined,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${JSON.stringify({ ...r, ok: r.ratio <= r.goal }, null, 2)}\n`);
  process.stdout.write(`demo ${r.demoSeconds.toFixed(1)} s vs raw bulk insert ${r.rawSeconds.toFixed(1)} s: ${r.ratio.toFixed(2)}x (goal ≤ ${r.goal}x); `
    + `${(r.fileBytes / 1e6).toFixed(1)} MB on disk, ${r.bytesPerMark.toFixed(0)} bytes per mark (${r.marks} marks, ${r.rows} rows + ${r.logEntries} change-log entries)\n`);
}
