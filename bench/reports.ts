// The reports' speed (issue 14 "Speed"): each heavy report against the single SQL aggregate
// that computes the same figures, on the largest demo school (full year, ×5: --today
// 2027-06-20 --students 3000), goal: at most 3x, peak memory under 300 MB.
//   npm run bench:reports -- [--db FILE] [--today 2027-06-20] [--students 3000] [--runs 5]
// Each report's benchmark is one module exporting one function; add yours to BENCHES.
//   control  bench/report-control.ts (benchControl): the whole-school journal-control report
//   results  bench/report-results.ts (benchResults): the school results report (R-REP-4)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchControl, type ControlBenchOptions } from './report-control';
import { benchResults } from './report-results';

interface ReportBenchResult {
  readonly id: string;
  readonly ratio: number;
  readonly goal: number;
  readonly peakMemoryMB: number;
  readonly met: boolean;
}

const BENCHES: readonly { readonly name: string; readonly run: (o: ControlBenchOptions) => Promise<ReportBenchResult> }[] = [
  { name: 'control', run: benchControl },
  { name: 'results', run: benchResults },
];

/** Every report benchmark in turn, on the same demo file. */
export async function benchReports(opts: ControlBenchOptions & { only?: string } = {}): Promise<ReportBenchResult[]> {
  const out: ReportBenchResult[] = [];
  for (const b of BENCHES) {
    if (opts.only && b.name !== opts.only) continue;
    out.push(await b.run(opts));
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, today: { type: 'string' }, students: { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' } } });
  const results = await benchReports({
    db: values.db, today: values.today, only: values.only,
    students: values.students ? Number(values.students) : undefined, runs: values.runs ? Number(values.runs) : undefined,
    log: (l) => console.log(l),
  });
  console.log(JSON.stringify(results, null, 2));
  if (results.some((r) => !r.met)) process.exitCode = 1;
}
