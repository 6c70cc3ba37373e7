// The school's regulation profile: the rules of ../shared/REGULATIONS.md as settings with
// their defaults (in db/: the sync applies them to other computers' changes too). Stored in the synced `setting` table, one row per key (so each change
// has its own history); a key without a row has its default.
import type { Knex } from 'knex';
import { z } from 'zod';
import { JournalWriter } from '../journal-writer';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в виде ЧЧ:ММ');

export const PROFILE_SCHEMA = z.object({
  /** R-REC-2: marks 2–5; 1 where the school uses it. */
  markScale: z.array(z.enum(['1', '2', '3', '4', '5'])).min(2),
  /** R-TIME-1: lesson topic, homework and absences — until this time of the next day (000 §4.2.4). */
  lessonEntryUntilNextDay: hhmm,
  /** R-TIME-2: an oral answer's mark within this many days of the lesson. */
  oralMarkDays: z.number().int().min(0).max(30),
  /** R-TIME-2: a written work's mark within this many days (grades 2–9 / 10–11, 004). */
  writtenMarkDaysBasic: z.number().int().min(0).max(30),
  writtenMarkDaysSenior: z.number().int().min(0).max(30),
  /** R-TIME-4: marks needed before a quarter's period mark, whatever the weekly hours (003 §5.2). */
  minMarksQuarter: z.number().int().min(1).max(20),
  /**
   * R-TIME-4: marks needed before a half-year's or trimester's period mark, for a subject
   * taught 1 hour a week / 2 or more (001 instr. §3.3).
   */
  minMarksOneHour: z.number().int().min(1).max(20),
  minMarksMoreHours: z.number().int().min(1).max(20),
  /**
   * R-TIME-4, R-REP-3: mark accumulation (накопляемость) checked by the deputies' control
   * report: at least 1 current mark once this many weeks have passed (001)…
   */
  firstMarkAfterWeeks: z.number().int().min(1).max(20),
  /** …and at least 2 once this many have (001). */
  secondMarkAfterWeeks: z.number().int().min(1).max(20),
  /** R-TIME-5: period marks are due this many days before the period ends (003 §5.3). */
  periodMarkDueDaysBeforeEnd: z.number().int().min(0).max(30),
  /** Period marks can be entered from this many days before the period end (R-TIME-6: forecast 2 weeks before)… */
  periodMarkOpensDaysBeforeEnd: z.number().int().min(0).max(60),
  /** …until this many days after it (the holiday check of R-PRINT-2 day 1); later: a correction request (R-TIME-3). */
  periodMarkClosesDaysAfterEnd: z.number().int().min(0).max(30),
  /**
   * R-PRINT-2: the certification of a period that has not ended yet may be opened from this
   * many days before its end (the deputy plans the holidays' five days ahead).
   */
  campaignOpensDaysBeforeEnd: z.number().int().min(0).max(60),
  /** R-ROLE-7: a session locks itself after this many idle minutes. */
  idleLockMinutes: z.number().int().min(1).max(240),
  /**
   * R-TIME-3: a change from another computer that reached the share this many days after
   * its entry window closed is listed for the deputy as a late arrival (a computer may
   * really have been offline that long; db/sync/late.ts).
   */
  lateArrivalAllowanceDays: z.number().int().min(0).max(30),
  /**
   * R-REP-4: the weights of the СОУ (степень обученности учащихся) for the marks 5, 4, 3, 2
   * and Н/А: СОУ = (w5·n5 + w4·n4 + w3·n3 + w2·n2 + wНА·nНА) / N (db/reports/results-math.ts).
   */
  souWeight5: z.number().int().min(0).max(100),
  souWeight4: z.number().int().min(0).max(100),
  souWeight3: z.number().int().min(0).max(100),
  souWeight2: z.number().int().min(0).max(100),
  souWeightNa: z.number().int().min(0).max(100),
}).strict();

export type RegulationProfile = z.infer<typeof PROFILE_SCHEMA>;

export const DEFAULT_PROFILE: RegulationProfile = {
  markScale: ['2', '3', '4', '5'],
  lessonEntryUntilNextDay: '12:00',
  oralMarkDays: 1,
  writtenMarkDaysBasic: 5,
  writtenMarkDaysSenior: 7,
  minMarksQuarter: 3,
  minMarksOneHour: 3,
  minMarksMoreHours: 5,
  firstMarkAfterWeeks: 3,
  secondMarkAfterWeeks: 4,
  periodMarkDueDaysBeforeEnd: 2,
  periodMarkOpensDaysBeforeEnd: 14,
  periodMarkClosesDaysAfterEnd: 7,
  campaignOpensDaysBeforeEnd: 7,
  idleLockMinutes: 10,
  lateArrivalAllowanceDays: 3,
  souWeight5: 100,
  souWeight4: 64,
  souWeight3: 36,
  souWeight2: 16,
  souWeightNa: 7,
};

export const PROFILE_KEYS = Object.keys(DEFAULT_PROFILE) as (keyof RegulationProfile)[];
export const settingId = (key: keyof RegulationProfile) => `regulation.${key}`;

/** The last profile read per database, with the version of `setting` it was read at. */
const cache = new WeakMap<Knex, { version: number; profile: RegulationProfile }>();

/**
 * The profile as stored now. Read once and then kept until the `setting` table changes:
 * every change goes through the journal writer, whose version('setting') then grows
 * (db/journal-writer.ts). The result is frozen: it is shared between callers.
 */
export async function loadProfile(knex: Knex): Promise<RegulationProfile> {
  const writer = JournalWriter.of(knex);
  if (!writer) return readProfile(knex);
  const version = writer.version('setting');
  const hit = cache.get(knex);
  if (hit && hit.version === version) return hit.profile;
  const read = await readProfile(knex);
  const profile = Object.freeze({ ...read, markScale: Object.freeze([...read.markScale]) }) as RegulationProfile;
  // Kept under the version seen before the read: a change meanwhile makes it stale at once.
  cache.set(knex, { version, profile });
  return profile;
}

async function readProfile(knex: Knex): Promise<RegulationProfile> {
  const rows: { id: string; value: string }[] = await knex('setting').where('id', 'like', 'regulation.%').select('id', 'value');
  const stored: Record<string, unknown> = {};
  for (const r of rows) {
    const key = r.id.slice('regulation.'.length);
    if (key in DEFAULT_PROFILE) stored[key] = JSON.parse(r.value);
  }
  const merged = PROFILE_SCHEMA.safeParse({ ...DEFAULT_PROFILE, ...stored });
  // A damaged stored value never disables the rules: fall back to the defaults.
  return merged.success ? merged.data : DEFAULT_PROFILE;
}

export type PeriodKind = 'quarter' | 'half_year' | 'trimester' | 'year';

/**
 * Minimum current marks before a period mark of a `periodKind` for a subject taught
 * `hoursPerWeek` (R-TIME-4): a quarter needs minMarksQuarter whatever the hours (003 §5.2);
 * a half-year or trimester (and the year, which spans them) the pair by weekly hours
 * (001 instr. §3.3). The year mark itself is judged by its terms' marks (R-REC-4).
 */
export function minMarksFor(p: RegulationProfile, periodKind: string, hoursPerWeek: number): number {
  if (periodKind === 'quarter') return p.minMarksQuarter;
  return hoursPerWeek >= 2 ? p.minMarksMoreHours : p.minMarksOneHour;
}
