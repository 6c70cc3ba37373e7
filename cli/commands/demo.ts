// journal demo --db FILE [--today YYYY-MM-DD | --first-period] [--seed N] [--students N] [--year YYYY] [--force]
// The demo school as it stands on --today (default: today by this computer's clock, the
// app's clock): the periods that have ended taught, marked and certified, the one under
// way taught up to yesterday (db/demo/today.ts). The year is the one --today falls in
// (1 September to 31 August); with --year alone, that year as it stands today (a year
// already over: as on its last day, 31 August). --first-period makes the school as at the
// end of each grade's first period (Q1, H1) without certification, whatever the day: the
// fixed school the e2e suite's shared demo is built on.
import { createDemoFile, DemoTargetExistsError } from '../../db/demo-file';
import { DemoOptionError } from '../../db/demo/generate';
import { DemoDateError, demoDayRange, demoStartYear } from '../../db/demo/today';
import { toIsoDate } from '../../shared/dates';
import { demoClassCopyFacts } from '../../print/demo-copies';
import { CliError } from '../output';

export interface DemoArgs {
  db: string;
  seed: number;
  students: number;
  /** The academic year by its first calendar year; null: the one `today` falls in. */
  year: number | null;
  /** YYYY-MM-DD; null: today by the computer's clock. */
  today: string | null;
  force: boolean;
  /** As at the end of the first period, not certified (no day). */
  firstPeriod?: boolean;
  /** The clock (tests); default: now. */
  now?: Date;
}

/** The day and year a demo is made for, from the options (refusals as CLI errors). */
export function demoDay(a: Pick<DemoArgs, 'year' | 'today' | 'now'>): { today: string; year: number } {
  if (a.today !== null) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.today) || toIsoDate(new Date(`${a.today}T12:00:00`)) !== a.today) {
      throw new CliError('USAGE', `--today: «${a.today}» — не дата; укажите её как ГГГГ-ММ-ДД, например 2026-12-04.`);
    }
    return { today: a.today, year: a.year ?? demoStartYear(a.today) };
  }
  const now = toIsoDate(a.now ?? new Date());
  if (a.year === null) return { today: now, year: demoStartYear(now) };
  const range = demoDayRange(a.year);
  return { today: now > range.to ? range.to : now, year: a.year };
}

export async function runDemo(a: DemoArgs) {
  if (a.firstPeriod && a.today !== null) throw new CliError('USAGE', 'Укажите либо --today, либо --first-period.');
  const { today, year } = demoDay(a);
  try {
    const day = a.firstPeriod ? {} : { today, copies: demoClassCopyFacts };
    return await createDemoFile(a.db, { seed: a.seed, students: a.students, startYear: year, ...day, replace: a.force });
  } catch (err) {
    if (err instanceof DemoTargetExistsError) throw new CliError(err.code, err.message);
    if (err instanceof DemoDateError || err instanceof DemoOptionError) throw new CliError(err.code, err.message);
    throw err;
  }
}
