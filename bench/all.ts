// Every speed goal of issue 16 item 4 on ONE demo school, in one run: `npm run bench:all`.
//   npm run bench:all -- [--students 3000] [--today 2027-06-20] [--seed 11] [--db FILE]
//                        [--only demo,journal,print,sync,yearClose,reports] [--computers 40] [--runs N]
// Default: the full-year demo ×5 (--today 2027-06-20 --students 3000), made once by
// bench/demo.ts (benchDemo: its generation measured against a batched raw insert of the
// same rows) and kept for the other benchmarks; a quick check: -- --students 600 --today
// 2026-12-04. With --db FILE the given school is measured (and the demo's generation not).
// Each benchmark runs in a process of its own (so the print's peak memory is the
// rendering's, as in the app's utility process, and no benchmark runs on another's heap),
// on the same file, each against its own baseline:
//   demo       bench/demo.ts       the demo's generation ≤ 2× a batched raw insert of the same rows
//   journal    bench/run.ts        page open ≤ 3× the raw reads; keystroke p95 ≤ 3× a raw insert
//   print      bench/print.ts      the whole school's copy for a period ≤ 2× bare pdfkit, < 500 MB, < 20 KB a page
//   sync       bench/sync.ts       a day of 40 computers applied ≤ 5× a batched bulk insert; bootstrap ≤ 3× copyFile
//   yearClose  bench/year-close.ts yearClose.close ≤ 5× a batched bulk insert of the rows it writes
//   reports    bench/reports.ts    each report ≤ 3× its single SQL aggregate (run as its own script)
// Writes bench/results/all-<time>.json and all-<time>.md: the machine, the date, the school,
// and each figure (ratio, goal, met or missed, the raw times, peak memory where its goal has one).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyDb, isMain, machine, removeDb, resultsDir, round, type Figure } from './common';

const BENCHES = ['demo', 'journal', 'print', 'sync', 'yearClose', 'reports'] as const;
type Bench = (typeof BENCHES)[number];

interface ChildOutput { figures: Figure[]; result: unknown; file?: string }

const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** One benchmark, in this process (the child's side). */
async function runOne(name: Bench, file: string, opts: Record<string, string | undefined>, work: string): Promise<ChildOutput> {
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  switch (name) {
    case 'demo': {
      const { benchDemo } = await import('./demo');
      const r = await benchDemo({ today: opts.today, students: num(opts.students), seed: num(opts.seed), dir: work, keep: true, log });
      return {
        file: r.file ?? undefined, result: r,
        figures: [{
          id: 'demo', what: `journal demo --today ${r.today} --students ${r.students} (the model, the rows with their change log, the certification)`,
          baseline: 'a batched raw bulk insert of the same rows (multi-row INSERTs, one transaction, plain connection) into an empty database of the same schema, its plain indexes dropped for the insert and built at the end',
          ratio: round(r.ratio), goal: r.goal, met: r.ratio <= r.goal, statistic: 'one run', appMs: Math.round(r.demoSeconds * 1000), baselineMs: Math.round(r.rawSeconds * 1000),
          extra: { fileMB: round(r.fileBytes / 1e6, 1), bytesPerMark: Math.round(r.bytesPerMark), marks: r.marks, lessons: r.lessons, rows: r.rows },
        }],
      };
    }
    case 'journal': {
      const { benchJournal } = await import('./run');
      const copy = path.join(work, 'journal.sqlite');
      copyDb(file, copy);
      try {
        return await benchJournal(copy, { rounds: num(opts.runs) });
      } finally {
        removeDb(copy);
      }
    }
    case 'print': {
      const { benchPrint } = await import('./print');
      global.gc?.();
      return benchPrint(file, { log: () => undefined });
    }
    case 'sync': {
      const { benchSync } = await import('./sync');
      return benchSync(file, { computers: num(opts.computers), runs: num(opts.runs === undefined ? undefined : String(Math.min(5, Number(opts.runs)))), workDir: work, log });
    }
    case 'yearClose': {
      const { benchYearClose } = await import('./year-close');
      return benchYearClose(file, { log });
    }
    case 'reports':
      throw new Error('the reports run as their own script');
  }
}

function spawnNode(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** One benchmark in a process of its own; its output comes back through a JSON file. */
async function inChild(name: Bench, file: string, opts: Record<string, string | undefined>, work: string): Promise<ChildOutput> {
  const out = path.join(work, `${name}.json`);
  const r = await spawnNode(['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', name, '--file', file, '--work', work, '--out', out, '--opts', JSON.stringify(opts)]);
  process.stdout.write(r.stdout);
  if (r.code !== 0 || !fs.existsSync(out)) throw new Error(`${name}: the benchmark failed (exit code ${r.code})`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ChildOutput;
}

/**
 * The reports' benchmarks (bench/reports.ts, written with the reports of issue 14) run as
 * their own script, which prints its figures as JSON at the end; each is a Figure.
 */
async function reportFigures(file: string, work: string): Promise<ChildOutput> {
  const script = path.join(import.meta.dirname, 'reports.ts');
  if (!fs.existsSync(script)) throw new Error('bench/reports.ts is not there: no report benchmark to run');
  const copy = path.join(work, 'reports.sqlite');
  copyDb(file, copy);
  try {
    const r = await spawnNode(['--expose-gc', '--import', 'tsx', script, '--db', copy]);
    const at = r.stdout.lastIndexOf('\n[');
    const json = at >= 0 ? r.stdout.slice(at + 1) : r.stdout.trimStart().startsWith('[') ? r.stdout.trimStart() : '';
    if (!json) throw new Error(`bench/reports.ts printed no figures (exit code ${r.code})`);
    const list = JSON.parse(json) as (Partial<Figure> & { id: string; ratio: number; goal: number; met: boolean })[];
    return {
      result: list,
      figures: list.map((f) => ({
        id: f.id, what: f.what ?? f.id, baseline: f.baseline ?? 'its single SQL aggregate', ratio: round(f.ratio), goal: f.goal, met: f.met,
        statistic: f.statistic ?? 'p50', appMs: f.appMs ?? NaN, baselineMs: f.baselineMs ?? NaN, peakMemoryMB: f.peakMemoryMB, memoryGoalMB: f.memoryGoalMB, extra: f.extra,
      })),
    };
  } finally {
    removeDb(copy);
  }
}

const ms = (x: number) => (Number.isNaN(x) ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(2)} ms`);

export function markdown(r: AllResult): string {
  const lines = [
    `# bench:all — ${r.date}`,
    '',
    `Machine: ${r.machine.cpuModel}, ${r.machine.cpuCount} cores, ${r.machine.totalMemoryGiB} GiB, ${r.machine.platform}, Node ${r.machine.node} (${r.machine.note}).`,
    `School: ${r.school.description}.`,
    '',
    '| figure | app | baseline | ratio | goal | met | peak memory |',
    '|---|---|---|---|---|---|---|',
    ...r.figures.map((f) => `| ${f.id}: ${f.what} | ${ms(f.appMs)} (${f.statistic}) | ${ms(f.baselineMs)} — ${f.baseline} | **${f.ratio.toFixed(2)}×** | ≤ ${f.goal}× | ${f.met ? 'met' : '**missed**'} | ${f.peakMemoryMB === undefined ? '—' : `${Math.round(f.peakMemoryMB)} MB${f.memoryGoalMB ? ` (< ${f.memoryGoalMB} MB)` : ''}`} |`),
    '',
    ...r.figures.filter((f) => f.extra).map((f) => `- ${f.id}: ${Object.entries(f.extra!).map(([k, v]) => `${k} ${v}`).join(', ')}`),
    ...(r.failed.length > 0 ? ['', 'Not measured:', ...r.failed.map((x) => `- ${x.bench}: ${x.error}`)] : []),
    '',
  ];
  return lines.join('\n');
}

interface AllResult {
  date: string;
  machine: ReturnType<typeof machine>;
  school: { description: string; file: string; students: number | null; today: string | null; bytes: number };
  figures: Figure[];
  failed: { bench: string; error: string }[];
  seconds: Record<string, number>;
  details: Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      students: { type: 'string' }, today: { type: 'string' }, seed: { type: 'string' }, db: { type: 'string' }, only: { type: 'string' },
      computers: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' },
      child: { type: 'string' }, file: { type: 'string' }, work: { type: 'string' }, out: { type: 'string' }, opts: { type: 'string' },
    },
  });
  if (values.child) {
    const r = await runOne(values.child as Bench, values.file!, JSON.parse(values.opts ?? '{}') as Record<string, string | undefined>, values.work!);
    fs.writeFileSync(values.out!, JSON.stringify(r));
    return;
  }
  const only = values.only ? values.only.split(',') : [...BENCHES];
  for (const o of only) if (!(BENCHES as readonly string[]).includes(o)) throw new Error(`unknown benchmark ${o} (${BENCHES.join(', ')})`);
  const opts = { students: values.students ?? '3000', today: values.today ?? '2027-06-20', seed: values.seed, computers: values.computers, runs: values.runs };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-all-'));
  const started = new Date();
  const figures: Figure[] = [];
  const failed: { bench: string; error: string }[] = [];
  const seconds: Record<string, number> = {};
  const details: Record<string, unknown> = {};
  let file = values.db ? path.resolve(values.db) : '';
  try {
    const order = (values.db ? only.filter((b) => b !== 'demo') : ['demo', ...only.filter((b) => b !== 'demo')]) as Bench[];
    for (const name of order) {
      log(`${name}…`);
      const t = performance.now();
      try {
        const r = name === 'reports' ? await reportFigures(file, work) : await inChild(name, file, opts, work);
        if (name === 'demo') {
          if (!r.file) throw new Error('the demo file was not kept');
          file = r.file;
        }
        if (name !== 'demo' || only.includes('demo')) figures.push(...r.figures);
        details[name] = r.result;
        for (const f of r.figures) log(`  ${f.id}: ${f.ratio.toFixed(2)}× (goal ≤ ${f.goal}×) ${f.met ? 'met' : 'MISSED'}`);
      } catch (err) {
        if (name === 'demo') throw err;
        failed.push({ bench: name, error: (err as Error).message });
        log(`  ${name} failed: ${(err as Error).message}`);
      }
      seconds[name] = round((performance.now() - t) / 1000, 1);
    }
    const { openJournal } = await import('../db/journal-db');
    const db = await openJournal(file);
    const students = Number(((await db.knex('student').count('id as n').first()) as { n: number }).n);
    const classes = Number(((await db.knex('class').count('id as n').first()) as { n: number }).n);
    const lessons = Number(((await db.knex('lesson').count('id as n').first()) as { n: number }).n);
    const marks = Number(((await db.knex('mark').count('id as n').first()) as { n: number }).n);
    const lastLesson = ((await db.knex('lesson').max('date as d').first()) as { d: string | null }).d;
    await db.close();
    const bytes = fs.statSync(file).size;
    const today = values.db ? null : opts.today;
    const result: AllResult = {
      date: started.toISOString(),
      machine: machine(),
      school: {
        description: `${values.db ? `the school in ${values.db}` : `journal demo --today ${opts.today} --students ${opts.students}`}: ${students} students, ${classes} classes, ${lessons} lessons up to ${lastLesson}, ${marks} marks, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
        file: values.db ?? '(made for this run)', students, today, bytes,
      },
      figures, failed, seconds, details,
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    const base = path.join(resultsDir, `all-${started.toISOString().replace(/[:.]/g, '-')}`);
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(`${base}.md`, markdown(result));
    console.log(markdown(result));
    console.log(`written to ${path.relative(process.cwd(), base)}.json and .md`);
  } finally {
    if (values.keep) log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
