// Closing the year, measured against its honest limit (issue 16 item 4). Usage:
//   npm run bench:year-close -- [--db FILE] [--students N] [--rounds N]
//   close  yearClose.close through the service, as the administrator does it after the
//          last school day (the year's end read: every student's year marks, debts and
//          proposal; every decision checked; promotions, next year's enrolments, this
//          year's enrolments and subgroups ended, the years' status — one signed batch)
//          vs a batched raw bulk insert of the same rows it wrote — its journal rows (the
//          changed ones as upserts) and its change-log entries, signatures included, as the
//          sync apply's baseline (bench/sync.ts) — in multi-row INSERTs of up to 500, one
//          transaction, on a plain sqlite3 connection, on a copy of the same database as
//          it was before the close.
// Next year is prepared (yearClose.prepareNextYear) before, unmeasured; so are the missing
// year marks, acknowledged as the administrator would. Each round starts from fresh copies;
// the ratio is of the medians. bench/all.ts calls benchYearClose on the full-year demo ×5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoFile } from '../db/demo-file';
import { openJournal } from '../db/journal-db';
import { JOURNAL_FIELDS, type JournalTable } from '../db/schema';
import { LOG_COLUMNS, ROW_CREATED } from '../db/writer/types';
import { ServiceHost } from '../service/host';
import { batchedInserts, copyDb, figure, isMain, machine, removeDb, writeResult, type Figure } from './common';
import { RawDb } from './raw-sqlite';
import { summarize } from './stats';

export interface YearCloseBenchOptions {
  rounds?: number;
  log?: (line: string) => void;
}

interface Written { table: JournalTable; rows: Record<string, unknown>[]; upsert: boolean }

/** The school in `file` is not changed: each round works on copies beside it. */
export async function benchYearClose(file: string, opts: YearCloseBenchOptions = {}): Promise<{ result: Record<string, unknown>; figures: Figure[] }> {
  const rounds = opts.rounds ?? 3;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), 'journal-bench-year-close-'));
  try {
    // The year prepared once: next year made, the missing year marks listed.
    const prepared = path.join(dir, 'prepared.sqlite');
    copyDb(file, prepared);
    let db = await openJournal(prepared);
    const year: { id: string; ends_on: string; name: string } = await db.knex('academic_year').orderBy('starts_on').first('id', 'ends_on', 'name');
    const now = new Date(`${year.ends_on}T12:00:00`);
    let host = new ServiceHost(db, { now: () => now });
    const signIn = async (h: ServiceHost) => {
      const r = await h.call('bench', 'auth.login', { login: 'admin', password: 'demo' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    };
    await signIn(host);
    let t = performance.now();
    const next = await host.call('bench', 'yearClose.prepareNextYear', { yearId: year.id });
    if (!next.ok) throw new Error(JSON.stringify(next.error));
    const prepareMs = performance.now() - t;
    const status = await host.call('bench', 'yearClose.status', { yearId: year.id });
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    const st = status.value as { year: { lastDay: string }; missing: { key: string }[]; totals: { students: number } };
    await db.close();
    log(`year close: next year prepared in ${prepareMs.toFixed(0)} ms; ${st.totals.students} students, ${st.missing.length} year marks missing`);
    const args = { yearId: year.id, orderNumber: '77-у', orderDate: st.year.lastDay, acknowledgeMissing: st.missing.map((m) => m.key) };

    const app: number[] = [];
    const base: number[] = [];
    let written: Written[] = [];
    let logRows: unknown[][] = [];
    let counts: unknown = null;
    for (let r = 0; r < rounds; r++) {
      const appFile = path.join(dir, `app-${r}.sqlite`);
      copyDb(prepared, appFile);
      db = await openJournal(appFile);
      host = new ServiceHost(db, { now: () => now });
      await signIn(host);
      const before = ((await db.knex('change_log').max('seq as s').first()) as { s: number }).s;
      t = performance.now();
      const closed = await host.call('bench', 'yearClose.close', args);
      app.push(performance.now() - t);
      if (!closed.ok) throw new Error(JSON.stringify(closed.error));
      counts = (closed.value as { counts: unknown }).counts;
      if (r === 0) {
        // The rows it wrote, as they are now, per table: new rows inserted, the others upserted.
        const entries: { table_name: string; row_id: string; field: string }[] = await db.knex('change_log').where('seq', '>', before).select('table_name', 'row_id', 'field');
        const byTable = new Map<JournalTable, { ids: Set<string>; inserted: Set<string> }>();
        for (const e of entries) {
          const tn = e.table_name as JournalTable;
          if (!byTable.has(tn)) byTable.set(tn, { ids: new Set(), inserted: new Set() });
          byTable.get(tn)!.ids.add(e.row_id);
          if (e.field === ROW_CREATED) byTable.get(tn)!.inserted.add(e.row_id);
        }
        written = [];
        for (const [table, { ids, inserted }] of byTable) {
          const list = [...ids];
          const rows: Record<string, unknown>[] = [];
          for (let i = 0; i < list.length; i += 500) rows.push(...(await db.knex(table).whereIn('id', list.slice(i, i + 500)).select('*')));
          written.push({ table, rows: rows.filter((x) => inserted.has(x.id as string)), upsert: false });
          written.push({ table, rows: rows.filter((x) => !inserted.has(x.id as string)), upsert: true });
        }
        written = written.filter((w) => w.rows.length > 0);
        logRows = (await db.knex('change_log').where('seq', '>', before).orderBy('seq').select(LOG_COLUMNS)).map((e: Record<string, unknown>) => LOG_COLUMNS.map((c) => e[c]));
      }
      await db.close();
      removeDb(appFile);

      // The baseline: the same rows, batched, one transaction, on a copy of the prepared year.
      const baseFile = path.join(dir, `base-${r}.sqlite`);
      copyDb(prepared, baseFile);
      const statements = [...written.flatMap((w) => {
        const cols = ['id', ...JOURNAL_FIELDS[w.table]];
        return batchedInserts(w.table, cols, w.rows.map((x) => cols.map((c) => x[c])), w.upsert);
      }), ...batchedInserts('change_log', LOG_COLUMNS, logRows)];
      const raw = await RawDb.open(baseFile);
      t = performance.now();
      await raw.run('BEGIN IMMEDIATE');
      for (const s of statements) await raw.run(s.sql, s.params);
      await raw.run('COMMIT');
      base.push(performance.now() - t);
      await raw.close();
      removeDb(baseFile);
      log(`year close round ${r + 1}: app ${app[r]!.toFixed(0)} ms, batched raw insert ${base[r]!.toFixed(0)} ms`);
    }
    const a = summarize(app);
    const b = summarize(base);
    const rows = { ...Object.fromEntries(written.map((w) => [`${w.table}${w.upsert ? ' (changed)' : ''}`, w.rows.length])), change_log: logRows.length };
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      year: year.name,
      students: st.totals.students,
      missingYearMarks: st.missing.length,
      decisions: counts,
      rowsWritten: rows,
      prepareNextYearMs: Math.round(prepareMs),
      close: { appMs: a, baselineMs: b, ratio: a.p50 / b.p50, goal: 5 },
    };
    const figures = [figure({
      id: 'yearClose', what: `yearClose.close through the service (${st.totals.students} students; ${written.reduce((n, w) => n + w.rows.length, 0)} journal rows and ${logRows.length} change-log entries written)`,
      baseline: 'a batched bulk insert of the same rows: journal rows (the changed ones as upserts) and change-log entries, multi-row INSERTs, one transaction, plain connection',
      statistic: 'p50 of rounds', appMs: a.p50, baselineMs: b.p50, goal: 5, extra: { rounds, prepareNextYearMs: Math.round(prepareMs) },
    })];
    return { result, figures };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { students: { type: 'string' }, rounds: { type: 'string' }, db: { type: 'string' } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-year-close-school-'));
  try {
    let file = values.db;
    if (!file) {
      const students = Number(values.students ?? 1000);
      file = path.join(dir, 'demo.sqlite');
      const t = Date.now();
      await createDemoFile(file, { seed: 13, students, startYear: 2026 });
      console.error(`demo school of ${students} students made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const { result } = await benchYearClose(file, { rounds: values.rounds === undefined ? undefined : Number(values.rounds) });
    console.log(JSON.stringify(result, null, 2));
    writeResult('year-close', result);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await main();
