// The print benchmark (issue 5, "Speed"; issue 16 on the full year): the whole demo
// school's copy for one period — every class, its term (quarter for grades 1–9, half-year
// for 10–11) holding --on-date, by default the third quarter's 15 February when the
// journal reaches it, else the first term — drawn by the app's react-pdf document and,
// side by side in the same run, by bare pdfkit drawing the very same pages (the same
// paint functions on a PDFDocument). Usage:
//   npm run bench:print -- [--students N] [--classes N] [--db FILE] [--on-date YYYY-MM-DD]
// Default: the demo school ×3 (1800 students), every class; --db FILE keeps (or reuses) the
// demo database there. Reports the time ratio (goal
// ≤ 2), the peak resident memory of this rendering process (goal < 500 MB) and the file
// size per page (goal < 20 KB); prints a markdown table and writes
// bench/results/print-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { openJournal } from '../db/journal-db';
import { composeClassCopy } from '../print/compose/class-copy';
import { loadClassCopy } from '../print/data/class-copy';
import type { PrintDocument } from '../print/document';
import type { Painter } from '../print/draw/painter';
import { renderPdf } from '../print/pdf/react-pdf';
import { figure, isMain, machine, writeResult, type Figure } from './common';


/** Bare pdfkit drawing the same pages (react-pdf wraps each paint in save/translate/restore too). */
function renderWithPdfkit(doc: PrintDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ autoFirstPage: false, compress: true, info: { Title: doc.title, Subject: doc.subject, Creator: 'bench' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    for (const page of doc.pages) {
      pdf.addPage({ size: [page.size.width, page.size.height], margin: 0 });
      const painter = pdf as unknown as Painter;
      painter.save();
      page.paint(painter, page.size.width, page.size.height);
      painter.restore();
    }
    pdf.end();
  });
}

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};

export interface PrintBenchOptions {
  /** Only the first N classes (a quick check). */
  classes?: number;
  /**
   * The period printed: each class's term (quarter or half-year) holding this date. Default:
   * the third quarter's (and second half-year's) 15 February where the journal has lessons
   * then — the longest term of the year — else each class's first term.
   */
  onDate?: string;
  log?: (line: string) => void;
}

/**
 * The whole school's paper copy for one period, read from `file` (not changed), drawn by
 * the app and by bare pdfkit; peak memory is of this process, so run it in a process of
 * its own (as the app's utility process renders).
 */
export async function benchPrint(file: string, opts: PrintBenchOptions = {}): Promise<{ result: Record<string, unknown>; figures: Figure[] }> {
  const classLimit = opts.classes ?? Infinity;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = await openJournal(file);
  const studentsInDb = Number(((await db.knex('student').count('id as n').first()) as { n: number }).n);
  try {
    const firstYear: { id: string; starts_on: string } = await db.knex('academic_year').orderBy('starts_on').first('id', 'starts_on');
    const classes: { id: string; name: string; grade: number; year_id: string }[] = await db.knex('class').where({ year_id: firstYear.id }).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade', 'year_id');
    const periods: { id: string; year_id: string; grade_from: number; grade_to: number; starts_on: string; ends_on: string }[] = await db.knex('period').where({ year_id: firstYear.id }).whereNot({ kind: 'year' }).orderBy('starts_on').select('id', 'year_id', 'grade_from', 'grade_to', 'starts_on', 'ends_on');
    const lastLesson = ((await db.knex('lesson').max('date as d').first()) as { d: string | null }).d ?? firstYear.starts_on;
    const february = `${Number(firstYear.starts_on.slice(0, 4)) + 1}-02-15`;
    const onDate = opts.onDate ?? (lastLesson >= february ? february : null);
    const jobs = classes.slice(0, classLimit).map((c) => {
      const own = periods.filter((p) => p.grade_from <= c.grade && c.grade <= p.grade_to);
      return { c, period: (onDate ? own.find((p) => p.starts_on <= onDate && onDate <= p.ends_on) : undefined) ?? own[0]! };
    });

    // Warm up both paths (font files, module loading) on the first class, unmeasured.
    {
      const data = await loadClassCopy(db.knex, jobs[0]!.c.id, jobs[0]!.period.id);
      const doc = composeClassCopy(data, { docNo: 'BENCH-0000', printedOn: '2026-12-28', warning: null });
      await renderPdf(doc);
      await renderWithPdfkit(doc);
    }
    global.gc?.();
    peakRss = 0;
    const timer = setInterval(sample, 25);
    let loadMs = 0, reactMs = 0, pdfkitMs = 0, pages = 0, sheets = 0, reactBytes = 0, pdfkitBytes = 0;
    const perClass: { className: string; pages: number; reactMs: number; pdfkitMs: number; kbPerPage: number }[] = [];
    const t0 = performance.now();
    for (const [i, { c, period }] of jobs.entries()) {
      let t = performance.now();
      const data = await loadClassCopy(db.knex, c.id, period.id);
      const doc = composeClassCopy(data, { docNo: `BENCH-${String(i + 1).padStart(4, '0')}`, printedOn: '2026-12-28', warning: null });
      loadMs += performance.now() - t;
      if (data.blocks.length === 0) continue;
      // Alternate which goes first, so that neither always runs on a warmer heap.
      let r = 0, k = 0;
      const react = async () => {
        t = performance.now();
        const bytes = await renderPdf(doc);
        r = performance.now() - t;
        reactBytes += bytes.length;
        sample();
      };
      const kit = async () => {
        t = performance.now();
        const bytes = await renderWithPdfkit(doc);
        k = performance.now() - t;
        pdfkitBytes += bytes.length;
        sample();
      };
      if (i % 2 === 0) { await react(); await kit(); } else { await kit(); await react(); }
      reactMs += r;
      pdfkitMs += k;
      pages += doc.pages.length;
      sheets += doc.sheetCount;
      perClass.push({ className: c.name, pages: doc.pages.length, reactMs: Math.round(r), pdfkitMs: Math.round(k), kbPerPage: Math.round((reactBytes / pages / 1024) * 10) / 10 });
      log(`[${i + 1}/${jobs.length}] ${c.name}: ${doc.pages.length} pages, react-pdf ${r.toFixed(0)} ms, pdfkit ${k.toFixed(0)} ms, rss ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB`);
    }
    clearInterval(timer);
    sample();
    const wall = performance.now() - t0;
    const result = {
      when: new Date().toISOString(),
      machine: machine(),
      school: { students: studentsInDb, classes: perClass.length, pages, sheets, periods: [...new Set(jobs.map((j) => j.period.id))].length, onDate },
      time: {
        loadSeconds: loadMs / 1000, reactPdfSeconds: reactMs / 1000, pdfkitSeconds: pdfkitMs / 1000, wallSeconds: wall / 1000,
        reactPdfMsPerPage: reactMs / pages, pdfkitMsPerPage: pdfkitMs / pages, ratio: reactMs / pdfkitMs, target: '≤ 2',
      },
      memory: { peakRssMB: peakRss / 2 ** 20, maxRssMBProcess: process.resourceUsage().maxRSS / 1024, target: '< 500 MB' },
      size: { reactPdfKBPerPage: reactBytes / pages / 1024, pdfkitKBPerPage: pdfkitBytes / pages / 1024, reactPdfMB: reactBytes / 2 ** 20, target: '< 20 KB' },
      perClass,
    };
    const figures = [figure({
      id: 'print', what: `the whole school's paper copy for a period (${perClass.length} classes, ${pages} pages) drawn by the app (react-pdf)`,
      baseline: 'bare pdfkit drawing the same pages', statistic: 'total', appMs: reactMs, baselineMs: pdfkitMs, goal: 2,
      peakMemoryMB: Math.round(result.memory.peakRssMB), memoryGoalMB: 500,
      extra: { kbPerPage: Math.round(result.size.reactPdfKBPerPage * 10) / 10, kbPerPageGoal: 20, pages, loadSeconds: Math.round(result.time.loadSeconds * 10) / 10 },
      extraMet: result.size.reactPdfKBPerPage < 20,
    })];
    return { result, figures };
  } finally {
    await db.close();
  }
}

function print(r: Record<string, unknown>): void {
  const result = r as {
    school: { students: number; classes: number; pages: number; sheets: number };
    time: { reactPdfSeconds: number; reactPdfMsPerPage: number; pdfkitSeconds: number; pdfkitMsPerPage: number; ratio: number; loadSeconds: number; wallSeconds: number };
    size: { reactPdfKBPerPage: number; reactPdfMB: number; pdfkitKBPerPage: number };
    memory: { peakRssMB: number };
  };
  const f = (n: number, d = 1) => n.toFixed(d);
  const { students: studentsInDb, classes, pages, sheets } = result.school;
  console.log([
    `## Print benchmark: the school's term copy (${studentsInDb} students, ${classes} classes, ${pages} pages = ${sheets} sheets)`,
    '',
    '| measure | react-pdf (the app) | bare pdfkit, same pages | goal |',
    '|---|---|---|---|',
    `| time | ${f(result.time.reactPdfSeconds)} s (${f(result.time.reactPdfMsPerPage, 2)} ms/page) | ${f(result.time.pdfkitSeconds)} s (${f(result.time.pdfkitMsPerPage, 2)} ms/page) | ratio ${f(result.time.ratio, 2)} ≤ 2 |`,
    `| file size | ${f(result.size.reactPdfKBPerPage)} KB/page (${f(result.size.reactPdfMB)} MB) | ${f(result.size.pdfkitKBPerPage)} KB/page | < 20 KB/page |`,
    `| peak RSS while rendering | ${f(result.memory.peakRssMB, 0)} MB (both in one process) | | < 500 MB |`,
    '',
    `Reading the journal for all classes: ${f(result.time.loadSeconds)} s. Whole run: ${f(result.time.wallSeconds)} s.`,
  ].join('\n'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { students: { type: 'string' }, classes: { type: 'string' }, db: { type: 'string' }, 'on-date': { type: 'string' } } });
  const students = Number(values.students ?? 1800);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-print-'));
  const file = values.db ?? path.join(dir, 'bench.sqlite');
  try {
    if (!fs.existsSync(file)) {
      // Made by the `journal demo` command in a process of its own, so that this process's
      // memory is the rendering's alone (as in the app's utility process).
      const t = Date.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'cli', 'journal.ts'),
        'demo', '--db', file, '--seed', '11', '--students', String(students), '--year', '2026'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`journal demo failed: ${r.stdout}${r.stderr}`);
      console.error(`demo school of ${students} students made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const { result } = await benchPrint(file, { classes: values.classes === undefined ? undefined : Number(values.classes), onDate: values['on-date'] });
    writeResult('print', result);
    print(result);
  } finally {
    if (!values.db) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await main();
