// The state of a certification campaign (R-PRINT-2, 004 §4): what is done, by whom and
// when, for every class × subject and every class, read from the campaign's rows and the
// teaching assignments of the period. One read per campaign; the dashboard, the to-do
// lists and the order checks of the methods all work from this one picture.
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { keyId } from '../../db/ids';
import { notFound } from '../errors';

export const STEPS = ['marks', 'print', 'signatures', 'title', 'handover'] as const;
export type StepKey = (typeof STEPS)[number];

/** The day of the five (004 §4) each step belongs to. */
export const STEP_DAY: Record<StepKey, 1 | 2 | 3 | 4 | 5> = { marks: 1, print: 2, signatures: 3, title: 4, handover: 5 };

export const STEP_NAMES: Record<StepKey, string> = {
  marks: 'Проверка отметок учителями',
  print: 'Резервная копия и печать',
  signatures: 'Подписи учителей на листах',
  title: 'Титульный лист (классный руководитель)',
  handover: 'Заверение, сдача секретарю, подпись директора, печать, папка',
};

export interface CampaignRow {
  id: string;
  period_id: string;
  day1_on: string; day2_on: string; day3_on: string; day4_on: string; day5_on: string;
  opened_by: string; opened_at: string;
  backup_log_id: string | null; backup_recorded_by: string | null; backup_recorded_at: string | null;
  status: 'open' | 'closed';
  note: string;
  /** A campaign opened by mistake, cancelled before any step: closed, its row and reason kept. */
  cancelled_by: string | null; cancelled_at: string | null; cancel_reason: string;
}

export interface PeriodInfo {
  id: string; year_id: string; kind: string; name: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number;
  year_name: string;
}

export interface SubjectRow {
  id: string; campaign_id: string; assignment_id: string; class_id: string; subject_id: string; teacher_id: string;
  confirmed_by: string | null; confirmed_at: string | null; confirm_note: string;
  signed_by: string | null; signed_at: string | null; signed_on: string | null; sign_note: string;
}

export interface ClassRow {
  id: string; campaign_id: string; class_id: string;
  print_doc_no: string | null; printed_by: string | null; printed_at: string | null; print_override_reason: string;
  print_stale_at: string | null; print_stale_note: string;
  title_certified_by: string | null; title_certified_at: string | null;
  handed_by: string | null; handed_at: string | null; handed_to: string | null; strict_log_id: string | null;
  director_signed_by: string | null; director_signed_at: string | null;
  sealed_by: string | null; sealed_at: string | null;
  bound_by: string | null; bound_at: string | null; bound_on: string | null; folder: string;
}

/**
 * The id of a period's campaign: from the period (two computers opening it address one row);
 * after `cancelled` campaigns of the period were cancelled, the next one has an id of its own,
 * so each cancelled campaign keeps its row.
 */
export const campaignId = (periodId: string, cancelled = 0) =>
  (cancelled === 0 ? keyId('certification_campaign', periodId) : keyId('certification_campaign', periodId, String(cancelled)));

/** The period's campaign that is not cancelled (open or closed), if any. */
export async function liveCampaignId(knex: Knex, periodId: string): Promise<string | null> {
  const row: { id: string } | undefined = await knex('certification_campaign').where({ period_id: periodId }).whereNull('cancelled_at').first('id');
  return row?.id ?? null;
}

/** The id the period's next campaign takes: one more than the campaigns of it cancelled so far. */
export async function nextCampaignId(knex: Knex, periodId: string): Promise<string> {
  const row = await knex('certification_campaign').where({ period_id: periodId }).whereNotNull('cancelled_at').count('* as n').first();
  return campaignId(periodId, Number((row as { n?: number | string } | undefined)?.n ?? 0));
}
export const subjectRowId = (campaign: string, assignmentId: string) => keyId('certification_subject', campaign, assignmentId);
export const classRowId = (campaign: string, classId: string) => keyId('certification_class', campaign, classId);

/** The five dates of a campaign, day 1 first. */
export const campaignDays = (c: CampaignRow): [string, string, string, string, string] => [c.day1_on, c.day2_on, c.day3_on, c.day4_on, c.day5_on];

export interface StepState {
  readonly step: StepKey;
  readonly day: number;
  readonly dueOn: string;
  /** done; open: can be done now; waiting: an earlier step is not done; stale: printed copy no longer matches the journal. */
  readonly status: 'done' | 'open' | 'waiting' | 'stale';
  /** Not done and its day has passed. */
  readonly late: boolean;
  readonly done: number;
  readonly total: number;
  readonly by: string | null;
  readonly at: string | null;
  readonly note: string;
}

export interface SubjectState {
  readonly assignmentId: string;
  readonly subjectId: string;
  readonly subjectName: string;
  readonly subgroupName: string | null;
  readonly teacherId: string;
  readonly teacherName: string;
  /** Subjects without marks have no period marks to confirm (their sheets are signed all the same). */
  readonly graded: boolean;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly confirmNote: string;
  readonly signedBy: string | null;
  readonly signedAt: string | null;
  readonly signedOn: string | null;
}

export interface ClassState {
  readonly classId: string;
  readonly className: string;
  readonly grade: number;
  readonly classTeacherId: string | null;
  readonly classTeacherName: string | null;
  readonly subjects: readonly SubjectState[];
  readonly record: ClassRow | null;
  readonly steps: Readonly<Record<StepKey, StepState>>;
  /** What holds the class up now, in Russian (the first step not done and why). */
  readonly blockers: readonly string[];
  /** The first step not done (null: the folder is formed). */
  readonly current: StepKey | null;
}

export interface CampaignData {
  readonly campaign: CampaignRow;
  readonly period: PeriodInfo;
  readonly classes: readonly ClassState[];
  /** Staff names by id, for "who". */
  readonly names: ReadonlyMap<string, string>;
}

export async function loadCampaignRow(knex: Knex, id: string): Promise<CampaignRow> {
  const c: CampaignRow | undefined = await knex('certification_campaign').where({ id }).first();
  if (!c) throw notFound('Аттестационная кампания не найдена.');
  return c;
}

export async function loadPeriod(knex: Knex, periodId: string): Promise<PeriodInfo | undefined> {
  return knex('period as p').join('academic_year as y', 'y.id', 'p.year_id').where('p.id', periodId)
    .first('p.id', 'p.year_id', 'p.kind', 'p.name', 'p.starts_on', 'p.ends_on', 'p.grade_from', 'p.grade_to', 'y.name as year_name');
}

/** Grade 1 keeps no marks and its journal is not printed per period (R-REC-5, 004 §4: grades 2–11). */
export const firstCertifiedGrade = (p: PeriodInfo) => Math.max(2, p.grade_from);

interface AssignmentLine {
  id: string; class_id: string; class_name: string; grade: number; letter: string; class_teacher_id: string | null;
  subject_id: string; subject_name: string; graded: number; sort_order: number; subgroup_name: string | null;
  teacher_id: string;
}

const shortOf = (r: { last_name: string; first_name: string; middle_name: string }) => shortName(r.last_name, r.first_name, r.middle_name);

const rowDone = (at: string | null | undefined) => !!at;

/** Reads a campaign and computes the state of each class (optionally one class) on `today`. */
export async function loadCampaignData(knex: Knex, id: string, today: string, onlyClassId?: string): Promise<CampaignData> {
  const campaign = await loadCampaignRow(knex, id);
  const period = await loadPeriod(knex, campaign.period_id);
  if (!period) throw notFound('Период кампании не найден.');
  const q = knex('teaching_assignment as a')
    .join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id')
    .where('a.year_id', period.year_id).where('c.year_id', period.year_id)
    .whereBetween('c.grade', [firstCertifiedGrade(period), period.grade_to])
    .where('a.starts_on', '<=', period.ends_on)
    .where((w) => w.whereNull('a.ends_on').orWhere('a.ends_on', '>=', period.starts_on))
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.sort_order' }, { column: 'g.name' }])
    .select('a.id', 'a.class_id', 'c.name as class_name', 'c.grade', 'c.letter', 'c.class_teacher_id', 'a.subject_id', 's.name as subject_name',
      's.graded', 's.sort_order', 'g.name as subgroup_name', 'a.teacher_id');
  if (onlyClassId) q.where('a.class_id', onlyClassId);
  const lines: AssignmentLine[] = await q;
  const subjectRows: SubjectRow[] = await knex('certification_subject').where({ campaign_id: id }).modify((b) => onlyClassId && b.where({ class_id: onlyClassId }));
  const classRows: ClassRow[] = await knex('certification_class').where({ campaign_id: id }).modify((b) => onlyClassId && b.where({ class_id: onlyClassId }));
  const staff: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('staff').select('id', 'last_name', 'first_name', 'middle_name');
  const names = new Map(staff.map((s) => [s.id, shortOf(s)]));
  const bySubject = new Map(subjectRows.map((r) => [r.assignment_id, r]));
  const byClass = new Map(classRows.map((r) => [r.class_id, r]));

  const classes = new Map<string, { line: AssignmentLine; subjects: SubjectState[] }>();
  for (const l of lines) {
    const r = bySubject.get(l.id);
    const entry = classes.get(l.class_id) ?? { line: l, subjects: [] };
    entry.subjects.push({
      assignmentId: l.id, subjectId: l.subject_id, subjectName: l.subject_name, subgroupName: l.subgroup_name,
      // The teacher who confirmed stays named even if the assignment changed hands since.
      teacherId: l.teacher_id, teacherName: names.get(l.teacher_id) ?? '',
      graded: l.graded === 1,
      confirmedBy: r?.confirmed_by ?? null, confirmedAt: r?.confirmed_at ?? null, confirmNote: r?.confirm_note ?? '',
      signedBy: r?.signed_by ?? null, signedAt: r?.signed_at ?? null, signedOn: r?.signed_on ?? null,
    });
    classes.set(l.class_id, entry);
  }
  const states = [...classes.values()].map(({ line, subjects }) =>
    classState(campaign, today, names, line, subjects, byClass.get(line.class_id) ?? null));
  return { campaign, period, classes: states, names };
}

function classState(c: CampaignRow, today: string, names: ReadonlyMap<string, string>, line: AssignmentLine, subjects: SubjectState[], rec: ClassRow | null): ClassState {
  const days = campaignDays(c);
  const who = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
  const step = (key: StepKey, s: Omit<StepState, 'step' | 'day' | 'dueOn' | 'late'>): StepState => {
    const day = STEP_DAY[key];
    const dueOn = days[day - 1]!;
    return { step: key, day, dueOn, late: s.status !== 'done' && today > dueOn, ...s };
  };
  const graded = subjects.filter((s) => s.graded);
  const confirmed = graded.filter((s) => rowDone(s.confirmedAt));
  const marksDone = confirmed.length === graded.length;
  const backup = rowDone(c.backup_recorded_at);
  const printed = !!rec?.print_doc_no;
  const stale = printed && rowDone(rec?.print_stale_at);
  const signed = subjects.filter((s) => rowDone(s.signedAt));
  const signaturesDone = printed && !stale && signed.length === subjects.length;
  const titleDone = rowDone(rec?.title_certified_at);
  const handSteps = [rec?.handed_at, rec?.director_signed_at, rec?.sealed_at, rec?.bound_at].filter(rowDone).length;

  // Printed with the deputy's override of missing confirmations (R-PRINT-2 day 2): the
  // later days go on; the teachers who did not confirm stay visible (and late).
  const overridden = printed && !!rec?.print_override_reason && !marksDone;
  const lastConfirm = confirmed.map((s) => s.confirmedAt!).sort().at(-1) ?? null;
  const lastSign = signed.map((s) => s.signedAt!).sort().at(-1) ?? null;
  const steps: Record<StepKey, StepState> = {
    marks: step('marks', { status: marksDone ? 'done' : 'open', done: confirmed.length, total: graded.length, by: null, at: marksDone ? lastConfirm : null,
      note: overridden ? `напечатано по решению заместителя директора: ${rec?.print_override_reason ?? ''}` : '' }),
    print: step('print', {
      status: printed ? (stale ? 'stale' : 'done') : backup && marksDone ? 'open' : 'waiting',
      done: printed && !stale ? 1 : 0, total: 1, by: who(rec?.printed_by), at: rec?.printed_at ?? null,
      note: stale ? (rec?.print_stale_note ?? '') : (rec?.print_override_reason ?? ''),
    }),
    signatures: step('signatures', {
      status: signaturesDone ? 'done' : printed && !stale ? 'open' : 'waiting', done: signed.length, total: subjects.length,
      by: null, at: signaturesDone ? lastSign : null, note: '',
    }),
    title: step('title', {
      status: titleDone ? 'done' : signaturesDone ? 'open' : 'waiting', done: titleDone ? 1 : 0, total: 1,
      by: who(rec?.title_certified_by), at: rec?.title_certified_at ?? null, note: '',
    }),
    handover: step('handover', {
      status: rowDone(rec?.bound_at) ? 'done' : titleDone ? 'open' : 'waiting', done: handSteps, total: 4,
      by: who(rec?.bound_by), at: rec?.bound_at ?? null, note: rec?.folder ?? '',
    }),
  };

  const blockers: string[] = [];
  const current = STEPS.find((k) => steps[k].status !== 'done' && !(k === 'marks' && overridden)) ?? null;
  const list = (xs: SubjectState[]) => xs.map((s) => `${s.teacherName} (${s.subjectName}${s.subgroupName ? `, ${s.subgroupName}` : ''})`).join(', ');
  if (!marksDone) blockers.push(`Не подтвердили отметки за период: ${list(graded.filter((s) => !rowDone(s.confirmedAt)))}.`);
  if (!printed) {
    if (!backup) blockers.push('Не записана резервная копия журнала (день 2).');
  } else if (stale) {
    blockers.push(`Бумажная копия устарела после исправления${rec?.print_stale_note ? ` (${rec.print_stale_note})` : ''}: перепечатайте затронутые листы.`);
  } else if (!signaturesDone) {
    blockers.push(`Нет подписей на листах: ${list(subjects.filter((s) => !rowDone(s.signedAt)))}.`);
  } else if (!titleDone) {
    blockers.push(`Классный руководитель${line.class_teacher_id ? ` ${who(line.class_teacher_id) ?? ''}` : ''} не заверил титульный лист.`);
  } else if (!rowDone(rec?.handed_at)) {
    blockers.push('Заместитель директора не заверил копию и не сдал её секретарю.');
  } else if (!rowDone(rec?.director_signed_at)) {
    blockers.push('Нет подписи директора.');
  } else if (!rowDone(rec?.sealed_at)) {
    blockers.push('Не поставлена печать школы.');
  } else if (!rowDone(rec?.bound_at)) {
    blockers.push('Копия не прошита и не вложена в папку.');
  }
  if (overridden) {
    // Printed with the deputy's override: the missing confirmations stay visible, not blocking.
    blockers.splice(0, 1, `Напечатано без подтверждения части учителей (${rec.print_override_reason}).`);
  }
  return {
    classId: line.class_id, className: line.class_name, grade: line.grade,
    classTeacherId: line.class_teacher_id, classTeacherName: who(line.class_teacher_id),
    subjects, record: rec, steps, blockers, current,
  };
}

/** The class in the campaign's scope, or a Russian NOT_FOUND. */
export function classIn(data: CampaignData, classId: string): ClassState {
  const cls = data.classes.find((c) => c.classId === classId);
  if (!cls) throw notFound(`Класса нет в аттестации за период «${data.period.name}» (аттестуются 2–11 классы периода).`);
  return cls;
}

export function describeDays(c: CampaignRow): string {
  return campaignDays(c).map((d, i) => `день ${i + 1} — ${formatRuDate(d)}`).join(', ');
}
