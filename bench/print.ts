// The print benchmark (issue 5, "Speed"): the whole demo school's term copy — every class,
// its first term (quarter for grades 1–9, half-year for 10–11) — drawn by the app's
// react-pdf document and, side by side in the same run, by bare pdfkit drawing the very
// same pages (the same paint functions on a PDFDocument). Usage:
//   npm run bench:print -- [--students N] [--classes N] [--db FILE]
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

const { values } = parseArgs({ options: { students: { type: 'string' }, classes: { type: 'string' }, db: { type: 'string' } } });
const students = Number(values.students ?? 1800);
const classLimit = values.classes === undefined ? Infinity : Number(values.classes);

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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-print-'));
  const file = values.db ?? path.join(dir, 'bench.sqlite');
  if (!fs.existsSync(file)) {
    // Made by the `journal demo` command in a process of its own, so that this process's
    // memory is the rendering's alone (as in the app's utility process).
    const t = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'cli', 'journal.ts'),
      'demo', '--db', file, '--seed', '11', '--students', String(students), '--year', '2026'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`journal demo failed: ${r.stdout}${r.stderr}`);
    console.error(`demo school of ${students} students made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const db = await openJournal(file);
  const studentsInDb = Number(((await db.knex('student').count('id as n').first()) as { n: number }).n);
  try {
    const classes: { id: string; name: string; grade: number; year_id: string }[] = await db.knex('class').orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade', 'year_id');
    const periods: { id: string; year_id: string; grade_from: number; grade_to: number; starts_on: string }[] = await db.knex('period').whereNot({ kind: 'year' }).orderBy('starts_on').select('id', 'year_id', 'grade_from', 'grade_to', 'starts_on');
    const jobs = classes.slice(0, classLimit).map((c) => ({ c, period: periods.find((p) => p.year_id === c.year_id && p.grade_from <= c.grade && c.grade <= p.grade_to)! }));

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
      process.stderr.write(`[${i + 1}/${jobs.length}] ${c.name}: ${doc.pages.length} pages, react-pdf ${r.toFixed(0)} ms, pdfkit ${k.toFixed(0)} ms, rss ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB\n`);
    }
    clearInterval(timer);
    sample();
    const wall = performance.now() - t0;
    const result = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      school: { students: studentsInDb, classes: perClass.length, pages, sheets },
      time: {
        loadSeconds: loadMs / 1000, reactPdfSeconds: reactMs / 1000, pdfkitSeconds: pdfkitMs / 1000, wallSeconds: wall / 1000,
        reactPdfMsPerPage: reactMs / pages, pdfkitMsPerPage: pdfkitMs / pages, ratio: reactMs / pdfkitMs, target: '≤ 2',
      },
      memory: { peakRssMB: peakRss / 2 ** 20, maxRssMBProcess: process.resourceUsage().maxRSS / 1024, target: '< 500 MB' },
      size: { reactPdfKBPerPage: reactBytes / pages / 1024, pdfkitKBPerPage: pdfkitBytes / pages / 1024, reactPdfMB: reactBytes / 2 ** 20, target: '< 20 KB' },
      perClass,
    };
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'results', `print-${result.when.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
    const f = (n: number, d = 1) => n.toFixed(d);
    console.log([
      `## Print benchmark: the demo school's term copy (${studentsInDb} students, ${perClass.length} classes, ${pages} pages = ${sheets} sheets)`,
      '',
      '| measure | react-pdf (the app) | bare pdfkit, same pages | goal |',
      '|---|---|---|---|',
      `| time | ${f(result.time.reactPdfSeconds)} s (${f(result.time.reactPdfMsPerPage, 2)} ms/page) | ${f(result.time.pdfkitSeconds)} s (${f(result.time.pdfkitMsPerPage, 2)} ms/page) | ratio ${f(result.time.ratio, 2)} ≤ 2 |`,
      `| file size | ${f(result.size.reactPdfKBPerPage)} KB/page (${f(result.size.reactPdfMB)} MB) | ${f(result.size.pdfkitKBPerPage)} KB/page | < 20 KB/page |`,
      `| peak RSS while rendering | ${f(result.memory.peakRssMB, 0)} MB (both in one process) | | < 500 MB |`,
      '',
      `Reading the journal for all classes: ${f(result.time.loadSeconds)} s. Whole run: ${f(result.time.wallSeconds)} s.`,
    ].join('\n'));
  } finally {
    await db.close();
    if (!values.db) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
