// The term-end certification of every period the demo school has finished (R-PRINT-2,
// R-PRINT-3, file 004 §4): the rows the five days of service/methods/campaign.ts write,
// each on its day, by the people the campaign names —
//   day 1  every subject teacher confirms the period marks (certification_subject)
//   day 2  the deputy makes the backup (backup_log; the medium taken from the secretary's
//          safe and put back, backup_medium_use), records it, and prints each class's copy
//          (print_register, certification_class)
//   day 3  every teacher signs the sheets of their subject
//   day 4  the class teacher certifies the title page
//   day 5  the deputy hands the copy to the secretary (strict_document_log), the director
//          signs, the secretary seals, binds and files it in the period's folder (also
//          entered in the register)
// A step whose day is today or later is not done yet (nothing dated after today). The ids
// follow service/certification/state.ts (a campaign's id from its period, its rows' from
// the campaign and the class or assignment), so the app takes these rows for its own.
// The copies are entered in the register with the data hashes the real print would have
// (DemoCopyFacts, computed by print/demo-copies.ts: the db layer cannot draw documents),
// without a PDF file: printing every class's copy of every period is too slow for a demo.
import type { Knex } from 'knex';
import { openDatabase } from '../connection';
import { keyId } from '../ids';
import type { JournalDb } from '../journal-db';
import type { FieldValue, JournalTable } from '../schema';
import { russianHolidays } from '../regulation/calendar';
import { addDays, weekday } from './dates';
import type { PeriodDef } from './calendar';
import type { DemoIds } from './random';
import type { SchoolSetup } from './school';
import type { TaughtSpan } from './today';

/** The register's facts of a class copy, as its print would record them. */
export interface DemoCopyFacts {
  readonly title: string;
  readonly hash: string;
  /** The hashes of its parts and sheets (print/verify/hash.ts PartHash, SheetHash), stored as JSON. */
  readonly parts: readonly object[];
  readonly sheets: readonly object[];
  readonly sheetCount: number;
  readonly pages: number;
}

export type DemoCopyMaker = (knex: JournalDb['knex'], classId: string, periodId: string, docNo: string, printedOn: string) => Promise<DemoCopyFacts>;

export interface CertifyPeople {
  readonly deputy: string;
  readonly director: string;
  readonly secretary: string;
}

export interface CertificationSummary {
  readonly campaigns: number;
  readonly copies: number;
}

/** A moment of a day in Moscow time (UTC+3, no daylight saving), as an ISO instant. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+03:00`).toISOString();

/** The five working days after a period's end (service/methods/campaign.ts suggestDays). */
function fiveDays(endsOn: string, off: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (let d = addDays(endsOn, 1); days.length < 5; d = addDays(d, 1)) {
    if (weekday(d) <= 5 && !off.has(d) && d.slice(5) !== '01-01') days.push(d);
  }
  return days;
}

/** A sha256-looking hex of a backup file, from the seeded ids (reproducible). */
const fakeSha = (ids: DemoIds, day: string) => (ids.next(day) + ids.next(day)).replace(/-/g, '').slice(0, 64);

export async function certifyEndedPeriods(
  db: JournalDb, setup: SchoolSetup, span: TaughtSpan, people: CertifyPeople, ids: DemoIds, makeCopy: DemoCopyMaker,
): Promise<CertificationSummary> {
  const today = span.today;
  if (today === null) return { campaigns: 0, copies: 0 };
  // Every read on connections of their own (WAL: readers of what is committed), so that the
  // reads of several copies run at once, while the writer's connection builds the plain
  // indexes (write.ts); the rows are written on it at the end.
  const readers: Knex[] = db.file === ':memory:' ? [] : [openDatabase(db.file), openDatabase(db.file), openDatabase(db.file)];
  try {
    return await certify(db, readers.length > 0 ? readers : [db.knex], setup, span, people, ids, makeCopy, today);
  } finally {
    await Promise.all(readers.map((r) => r.destroy()));
  }
}

async function certify(
  db: JournalDb, conns: readonly Knex[], setup: SchoolSetup, span: TaughtSpan, people: CertifyPeople, ids: DemoIds, makeCopy: DemoCopyMaker, today: string,
): Promise<CertificationSummary> {
  const knex = conns[0]!;
  const startYear = Number(setup.calendar.startsOn.slice(0, 4));
  const off = new Set([startYear, startYear + 1].flatMap((y) => russianHolidays(y).map((d) => d.date)));
  // The term periods that have ended, in the order their campaigns ran.
  const ended: PeriodDef[] = setup.calendar.periods
    .filter((p) => p.kind !== 'year' && p.gradeTo >= 2 && p.endsOn < today)
    .sort((a, b) => (a.endsOn < b.endsOn ? -1 : a.endsOn > b.endsOn ? 1 : a.gradeFrom - b.gradeFrom));
  const rows = new Map<JournalTable, Record<string, FieldValue>[]>();
  const add = (table: JournalTable, row: Record<string, FieldValue>) => {
    const list = rows.get(table) ?? [];
    list.push(row);
    rows.set(table, list);
  };
  const computer = `${db.writer.nodeId} (канцелярия)`;
  let strictNo = 0;
  const docSeq = new Map<string, number>();
  let copies = 0;
  let campaigns = 0;
  const backupOn = new Map<string, string>(); // a day's backup, shared by the campaigns of that day
  const printJobs: { classId: string; periodId: string; docNo: string; printedOn: string; finish: (facts: DemoCopyFacts) => void }[] = [];

  for (const period of ended) {
    const periodId = setup.periodIds.get(period.key)!;
    const days = fiveDays(period.endsOn, off);
    const done = (k: number) => days[k - 1]! < today; // the step of day k is done
    const campaignId = keyId('certification_campaign', periodId);
    campaigns++;

    let backupId: string | null = null;
    if (done(2)) {
      backupId = backupOn.get(days[1]!) ?? null;
      if (!backupId) {
        backupId = ids.next(days[1]!);
        backupOn.set(days[1]!, backupId);
        const medium = 'Флешка «Резервные копии» № 1';
        const purpose = `резервная копия журнала перед печатью копий: ${period.name}`;
        add('backup_medium_use', {
          id: ids.next(days[1]!), happened_at: at(days[1]!, '08:10'), medium, action: 'taken', person_id: people.deputy, purpose,
          room: 'приёмная (сейф)', entered_by: people.secretary, entered_at: at(days[1]!, '08:11'), note: '',
        });
        add('backup_log', {
          id: backupId, action: 'backup', at: at(days[1]!, '08:20'), staff_id: people.deputy, computer,
          location: `E:\\Резервные копии\\журнал-${days[1]!}.sqlite`, sha256: fakeSha(ids, days[1]!), size: 40_000_000 + 3_000_000 * backupOn.size, ok: 1, note: '',
        });
        add('backup_medium_use', {
          id: ids.next(days[1]!), happened_at: at(days[1]!, '08:40'), medium, action: 'returned', person_id: people.deputy, purpose,
          room: 'приёмная (сейф)', entered_by: people.secretary, entered_at: at(days[1]!, '08:41'), note: '',
        });
      }
    }
    add('certification_campaign', {
      id: campaignId, period_id: periodId, day1_on: days[0]!, day2_on: days[1]!, day3_on: days[2]!, day4_on: days[3]!, day5_on: days[4]!,
      opened_by: people.deputy, opened_at: at(addDays(period.endsOn, -3), '15:00'),
      backup_log_id: backupId, backup_recorded_by: backupId ? people.deputy : null, backup_recorded_at: backupId ? at(days[1]!, '08:45') : null,
      status: 'open', note: '', cancelled_by: null, cancelled_at: null, cancel_reason: '',
    });

    // The classes and assignments the campaign covers (service/certification/state.ts).
    const lines: { id: string; class_id: string; class_name: string; grade: number; class_teacher_id: string | null; subject_id: string; teacher_id: string; graded: number }[] =
      await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
        .where('a.year_id', setup.yearId).whereBetween('c.grade', [Math.max(2, period.gradeFrom), period.gradeTo])
        .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.sort_order' }])
        .select('a.id', 'a.class_id', 'c.name as class_name', 'c.grade', 'c.class_teacher_id', 'a.subject_id', 'a.teacher_id', 's.graded');
    const classes = new Map<string, typeof lines>();
    for (const l of lines) classes.set(l.class_id, [...(classes.get(l.class_id) ?? []), l]);

    const folder = `Копии классных журналов: ${period.name}, ${setup.calendar.yearName} уч. г. (${Math.max(2, period.gradeFrom)}–${period.gradeTo} классы)`;
    let minute = 0;
    for (const [classId, subjects] of classes) {
      const first = subjects[0]!;
      const m = ++minute; // each class a minute after the one before
      const hhmm = (h: number) => `${String(h + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      for (const s of subjects) {
        add('certification_subject', {
          id: keyId('certification_subject', campaignId, s.id), campaign_id: campaignId, assignment_id: s.id, class_id: classId,
          subject_id: s.subject_id, teacher_id: s.teacher_id,
          confirmed_by: done(1) && s.graded ? s.teacher_id : null, confirmed_at: done(1) && s.graded ? at(days[0]!, hhmm(10)) : null, confirm_note: '',
          signed_by: done(3) ? s.teacher_id : null, signed_at: done(3) ? at(days[2]!, hhmm(10)) : null, signed_on: done(3) ? days[2]! : null, sign_note: '',
        });
      }
      if (!done(2)) continue;
      const printedOn = days[1]!;
      const prefix = `${printedOn.slice(0, 4)}-${db.writer.nodeId.slice(0, 4).toUpperCase()}-`;
      const seq = (docSeq.get(prefix) ?? 0) + 1;
      docSeq.set(prefix, seq);
      const docNo = `${prefix}${String(seq).padStart(4, '0')}`;
      copies++;
      printJobs.push({ classId, periodId, docNo, printedOn, finish: (facts) => finishCopy(facts) });
      // The rest of the class's rows need the copy's facts: written once they are known, in this order.
      const finishCopy = (facts: DemoCopyFacts) => {
      const bound = done(5);
      add('print_register', {
        id: ids.next(printedOn), doc_no: docNo, kind: 'class_copy', class_id: classId, period_id: periodId, title: facts.title,
        sheets: facts.sheetCount, pages: facts.pages, data_hash: facts.hash, part_hashes: JSON.stringify(facts.parts), sheet_hashes: JSON.stringify(facts.sheets),
        printed_at: at(printedOn, hhmm(9)), printed_by: people.deputy, computer, file_path: '', file_sha256: '', status: 'current',
        stale_since: null, stale_sheets: '[]', bound_on: bound ? days[4]! : null, folder: bound ? folder : '', note: '',
        report_name: '', report_params: '{}',
      });
      let strictId: string | null = null;
      if (bound) {
        strictId = ids.next(days[4]!);
        add('strict_document_log', {
          id: strictId, entry_no: ++strictNo, entered_at: at(days[4]!, hhmm(9)),
          document: `Бумажная копия электронного классного журнала ${first.class_name} класса, ${period.name} ${setup.calendar.yearName} уч. г.`,
          doc_no: docNo, class_id: classId, period_id: periodId, sheets: facts.sheetCount, handed_by: people.deputy, received_by: people.secretary, note: '',
        });
      }
      add('certification_class', {
        id: keyId('certification_class', campaignId, classId), campaign_id: campaignId, class_id: classId,
        print_doc_no: docNo, printed_by: people.deputy, printed_at: at(printedOn, hhmm(9)), print_override_reason: '', print_stale_at: null, print_stale_note: '',
        title_certified_by: done(4) ? first.class_teacher_id : null, title_certified_at: done(4) ? at(days[3]!, hhmm(12)) : null,
        handed_by: bound ? people.deputy : null, handed_at: bound ? at(days[4]!, hhmm(9)) : null, handed_to: bound ? people.secretary : null, strict_log_id: strictId,
        director_signed_by: bound ? people.director : null, director_signed_at: bound ? at(days[4]!, hhmm(11)) : null,
        sealed_by: bound ? people.secretary : null, sealed_at: bound ? at(days[4]!, hhmm(12)) : null,
        bound_by: bound ? people.secretary : null, bound_at: bound ? at(days[4]!, hhmm(13)) : null, bound_on: bound ? days[4]! : null, folder: bound ? folder : '',
      });
      };
    }
  }
  // The copies' facts, two at a time a connection (the reads of one overlap the hashing of
  // another); then every class's rows in the order of the campaigns and classes.
  const facts = new Array<DemoCopyFacts>(printJobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(2 * conns.length, printJobs.length) }, async (_, k) => {
    const on = conns[k % conns.length]!;
    for (let i = next++; i < printJobs.length; i = next++) {
      const j = printJobs[i]!;
      facts[i] = await makeCopy(on, j.classId, j.periodId, j.docNo, j.printedOn);
    }
  }));
  printJobs.forEach((j, i) => j.finish(facts[i]!));
  for (const table of ['backup_log', 'backup_medium_use', 'certification_campaign', 'certification_subject', 'print_register', 'strict_document_log', 'certification_class'] as const) {
    const list = rows.get(table);
    if (list && list.length > 0) await db.writer.insertNew({ userId: null }, table, list);
  }
  return { campaigns, copies };
}
