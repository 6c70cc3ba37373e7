// The certification campaign of a reporting period: the five days of the holidays
// (R-PRINT-2, file 004 §4) with who and when for every class × subject and every class.
//   day 1  the subject teacher checks and confirms the period marks (confirmation locks them)
//   day 2  a deputy records the backup copy and prints each class's copy (a class whose
//          teachers have not all confirmed only with the deputy's reason)
//   day 3  each subject teacher's signature of the sheets of their subject (or recorded by
//          the deputy collecting the sheets)
//   day 4  the class teacher certifies the title page
//   day 5  the deputy certifies and hands the copy to the secretary (log of strict-
//          accountability documents), the director signs, the secretary seals, numbers,
//          binds and files it (R-PRINT-3)
// The order and the roles are checked here, for every caller; the UI only follows them.
import path from 'node:path';
import { z } from 'zod';
import type { RowChange } from '../../db/journal-writer';
import { getAssignment } from '../../db/queries/assignments';
import { yearOn } from '../../db/queries/year';
import { addDays, formatRuDate, toIsoDate, weekday } from '../../shared/dates';
import { pluralRu } from '../../shared/number-words';
import { nonWorkingDates } from '../../db/regulation/calendar';
import { shortName } from '../../shared/format';
import { newId } from '../../db/ids';
import { PrintError } from '../../print/errors';
import { nextDocNo } from '../../print/verify/register';
import { isoDate, rowId } from '../args';
import { deputyScope } from '../people/deputy-scope';
import { defineMethod, userOf, type CallContext } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { loadProfile } from '../regulation/profile';
import { SEES_WHOLE_SCHOOL } from '../permissions';
import { hasRole } from '../session';
import { checkPeriodMarks } from '../certification/mark-check';
import { checkRegisteredCopy, recordRegisterBinding } from '../certification/print-link';
import {
  campaignDays, classIn, classRowId, liveCampaignId, loadCampaignData, loadCampaignRow, loadPeriod, nextCampaignId,
  STEP_NAMES, STEPS, subjectRowId, type CampaignData, type CampaignRow, type ClassState, type StepKey,
} from '../certification/state';
import { orderTasks, tasksFor, type Task } from '../certification/tasks';

const today = (ctx: CallContext) => toIsoDate(ctx.now());
const nowIso = (ctx: CallContext) => ctx.now().toISOString();
const conflict = (message: string, details?: unknown) => new ServiceError('CONFLICT', message, details);

async function openCampaign(ctx: CallContext, id: string, onlyClassId?: string): Promise<CampaignData> {
  const data = await loadCampaignData(ctx.db.knex, id, today(ctx), onlyClassId);
  if (data.campaign.cancelled_at) throw conflict(`Эта аттестация отменена (${data.campaign.cancel_reason}): изменения не принимаются.`);
  if (data.campaign.status !== 'open') throw conflict('Аттестационная кампания закрыта: изменения не принимаются.');
  return data;
}

function write(ctx: CallContext, changes: RowChange[], reason: string) {
  return ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason });
}

/** The class's row of the campaign, created with its keys the first time a step is recorded. */
const classChange = (c: CampaignRow, cls: ClassState, set: Record<string, string | number | null>): RowChange => ({
  table: 'certification_class', id: classRowId(c.id, cls.classId), set: { campaign_id: c.id, class_id: cls.classId, ...set },
});

function subjectChange(c: CampaignRow, cls: ClassState, assignmentId: string, set: Record<string, string | number | null>): RowChange {
  const s = cls.subjects.find((x) => x.assignmentId === assignmentId)!;
  return {
    table: 'certification_subject', id: subjectRowId(c.id, assignmentId),
    set: { campaign_id: c.id, assignment_id: assignmentId, class_id: cls.classId, subject_id: s.subjectId, teacher_id: s.teacherId, ...set },
  };
}

function classOfAssignment(data: CampaignData, assignmentId: string): { cls: ClassState; subject: ClassState['subjects'][number] } {
  for (const cls of data.classes) {
    const subject = cls.subjects.find((s) => s.assignmentId === assignmentId);
    if (subject) return { cls, subject };
  }
  throw notFound('Этой страницы журнала нет в аттестации периода.');
}

/** open, closed, or cancelled: closed before any step, with its reason (the row is kept). */
const statusOf = (c: CampaignRow): 'open' | 'closed' | 'cancelled' => (c.cancelled_at ? 'cancelled' : c.status);

function campaignInfo(data: CampaignData) {
  const c = data.campaign;
  return {
    id: c.id, periodId: data.period.id, periodName: data.period.name, periodKind: data.period.kind, yearName: data.period.year_name,
    periodEndsOn: data.period.ends_on, days: campaignDays(c), status: statusOf(c), note: c.note,
    openedBy: data.names.get(c.opened_by) ?? '', openedAt: c.opened_at,
    cancelled: c.cancelled_at ? { by: data.names.get(c.cancelled_by ?? '') ?? '', at: c.cancelled_at, reason: c.cancel_reason } : null,
    backup: c.backup_recorded_at ? { logId: c.backup_log_id, recordedAt: c.backup_recorded_at, recordedBy: data.names.get(c.backup_recorded_by ?? '') ?? '' } : null,
  };
}

/** How far after a period's end the five days may reach (and are looked for). */
const DAYS_REACH = 60;

/**
 * The first five working days after the period's end, in the holidays that follow it
 * (004 §4): no weekend, no day of the school's calendar of non-working days, and never
 * 1 January, whatever the calendar says.
 */
export function suggestDays(periodEndsOn: string, nonWorking: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (let d = addDays(periodEndsOn, 1); days.length < 5; d = addDays(d, 1)) {
    if (weekday(d) <= 5 && !nonWorking.has(d) && d.slice(5) !== '01-01') days.push(d);
  }
  return days;
}

/** The first day a period's campaign may be opened: campaignOpensDaysBeforeEnd before its end (R-PRINT-2). */
const opensOn = (endsOn: string, daysBefore: number) => addDays(endsOn, -daysBefore);

const daysWord = (n: number) => `${n} ${pluralRu(n, 'день', 'дня', 'дней')}`;

/** Refuses opening a period's campaign too early: the period has not started, or its end is still too far. */
function checkOpensNow(period: { name: string; starts_on: string; ends_on: string }, today: string, daysBefore: number): void {
  const from = opensOn(period.ends_on, daysBefore);
  if (today < period.starts_on) {
    throw new ServiceError('OUT_OF_WINDOW', `Период «${period.name}» ещё не начался (начнётся ${formatRuDate(period.starts_on)}): аттестацию за него открыть нельзя. Её можно будет открыть с ${formatRuDate(from)}, за ${daysWord(daysBefore)} до конца периода.`);
  }
  if (today < from) {
    throw new ServiceError('OUT_OF_WINDOW', `Период «${period.name}» закончится ${formatRuDate(period.ends_on)}. Аттестацию за него можно открыть не раньше чем за ${daysWord(daysBefore)} до конца периода — с ${formatRuDate(from)}. Сейчас можно открыть аттестацию за уже закончившийся период.`);
  }
}

// ---- campaigns ----------------------------------------------------------------------------

export const periods = defineMethod({
  summary: 'Отчётные периоды учебного года для аттестации: четверти (2–9), полугодия (10–11), год — с предложенными датами пяти дней и открытой кампанией',
  access: 'wholeSchool',
  input: z.object({}).strict(),
  async run(ctx) {
    const year = await yearOn(ctx.db.knex, today(ctx));
    if (!year) return [];
    const rows: { id: string; kind: string; name: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] =
      await ctx.db.knex('period').where({ year_id: year.id }).orderBy([{ column: 'ends_on' }, { column: 'grade_from' }])
        .select('id', 'kind', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    const live = new Map((await ctx.db.knex('certification_campaign').whereNull('cancelled_at').select('id', 'period_id'))
      .map((r: { id: string; period_id: string }) => [r.period_id, r.id]));
    const shown = rows.filter((p) => p.grade_to >= 2);
    const profile = await loadProfile(ctx.db.knex);
    const ends = shown.map((p) => p.ends_on).sort();
    const off = ends.length ? await nonWorkingDates(ctx.db.knex, addDays(ends[0]!, 1), addDays(ends.at(-1)!, DAYS_REACH)) : new Set<string>();
    return shown.map((p) => ({
      id: p.id, kind: p.kind, name: `${p.name} (${Math.max(2, p.grade_from)}–${p.grade_to} кл.)`, startsOn: p.starts_on, endsOn: p.ends_on,
      yearName: year.name, ended: p.ends_on < today(ctx), suggestedDays: suggestDays(p.ends_on, off), campaignId: live.get(p.id) ?? null,
      /** The first day the campaign may be opened (R-PRINT-2), and whether that is today already. */
      opensOn: opensOn(p.ends_on, profile.campaignOpensDaysBeforeEnd),
      opensNow: today(ctx) >= p.starts_on && today(ctx) >= opensOn(p.ends_on, profile.campaignOpensDaysBeforeEnd),
    }));
  },
});

export const open = defineMethod({
  summary: 'Открыть аттестацию за отчётный период с датами пяти дней каникул (заместитель директора)',
  access: 'deputies',
  input: z.object({
    periodId: rowId,
    days: z.array(isoDate).length(5, 'Укажите пять дат: по одной на каждый день'),
    note: z.string().trim().max(500).default(''),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const period = await loadPeriod(knex, a.periodId);
    if (!period) throw notFound('Период не найден.');
    if (period.grade_to < 2) throw new ServiceError('VALIDATION', 'В 1 классе бумажные копии по периодам не оформляются (аттестуются 2–11 классы).');
    checkOpensNow(period, today(ctx), (await loadProfile(knex)).campaignOpensDaysBeforeEnd);
    for (let i = 1; i < 5; i++) {
      if (a.days[i]! <= a.days[i - 1]!) throw new ServiceError('VALIDATION', `День ${i + 1} (${formatRuDate(a.days[i]!)}) должен быть позже дня ${i} (${formatRuDate(a.days[i - 1]!)}).`);
    }
    if (a.days[0]! <= period.ends_on) {
      throw new ServiceError('VALIDATION', `Первый день — после окончания периода «${period.name}» (${formatRuDate(period.ends_on)}): в первый день каникул учителя проверяют итоговые отметки.`);
    }
    if (a.days[4]! > addDays(period.ends_on, DAYS_REACH)) throw new ServiceError('VALIDATION', 'Пятый день — не позже двух месяцев после окончания периода.');
    if (await liveCampaignId(knex, period.id)) throw conflict(`Аттестация за период «${period.name}» уже открыта.`);
    const id = await nextCampaignId(knex, period.id);
    const user = userOf(ctx);
    await write(ctx, [{
      table: 'certification_campaign', id,
      set: {
        period_id: period.id, day1_on: a.days[0]!, day2_on: a.days[1]!, day3_on: a.days[2]!, day4_on: a.days[3]!, day5_on: a.days[4]!,
        opened_by: user.id, opened_at: nowIso(ctx), backup_log_id: null, backup_recorded_by: null, backup_recorded_at: null, status: 'open', note: a.note,
        cancelled_by: null, cancelled_at: null, cancel_reason: '',
      },
    }], `открыта аттестация за период «${period.name}» ${period.year_name}`);
    return { campaignId: id };
  },
});

export const cancel = defineMethod({
  summary: 'Отменить аттестацию, открытую по ошибке, пока в ней не сделано ни одного шага (с причиной; запись об аттестации остаётся)',
  access: 'deputies',
  input: z.object({
    campaignId: rowId,
    reason: z.string().trim().min(5, 'Укажите причину отмены (не короче 5 знаков)').max(500),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const c = await loadCampaignRow(knex, a.campaignId);
    if (c.cancelled_at) throw conflict(`Эта аттестация уже отменена ${formatRuDate(toIsoDate(new Date(c.cancelled_at)))}.`);
    if (c.status !== 'open') throw conflict('Аттестация закрыта: отменить её нельзя.');
    // Only while nothing was done: a step taken is a legal record (R-PRINT-2, R-TIME-3).
    const steps: string[] = [];
    if (c.backup_recorded_at) steps.push('записана резервная копия');
    const confirmed = await knex('certification_subject').where({ campaign_id: c.id }).count('* as n').first();
    if (Number((confirmed as { n?: number | string } | undefined)?.n ?? 0) > 0) steps.push('учителя подтверждали отметки или подписывали листы');
    const classes = await knex('certification_class').where({ campaign_id: c.id }).count('* as n').first();
    if (Number((classes as { n?: number | string } | undefined)?.n ?? 0) > 0) steps.push('копии классов печатались или заверялись');
    if (steps.length > 0) {
      throw conflict(`Аттестацию нельзя отменить: в ней уже сделаны шаги (${steps.join('; ')}). Отменить можно только аттестацию, в которой ещё ничего не сделано; исправьте даты или доведите её до конца.`);
    }
    const period = await loadPeriod(knex, c.period_id);
    await write(ctx, [{
      table: 'certification_campaign', id: c.id,
      set: { status: 'closed', cancelled_by: userOf(ctx).id, cancelled_at: nowIso(ctx), cancel_reason: a.reason },
    }], `отменена аттестация за период «${period?.name ?? ''}»: ${a.reason}`);
    return { cancelled: true as const };
  },
});

export const list = defineMethod({
  summary: 'Аттестационные кампании: период, пять дат, сколько классов прошли каждый шаг',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const rows: { id: string }[] = await ctx.db.knex('certification_campaign as k').join('period as p', 'p.id', 'k.period_id')
      .orderBy('p.ends_on', 'desc').select('k.id');
    const out = [];
    for (const r of rows) {
      const data = await loadCampaignData(ctx.db.knex, r.id, today(ctx));
      out.push({ ...campaignInfo(data), classes: data.classes.length, totals: totals(data) });
    }
    return out;
  },
});

function totals(data: CampaignData): Record<StepKey, { done: number; late: number }> {
  const t = Object.fromEntries(STEPS.map((k) => [k, { done: 0, late: 0 }])) as Record<StepKey, { done: number; late: number }>;
  for (const c of data.classes) for (const k of STEPS) {
    if (c.steps[k].status === 'done') t[k].done++;
    else if (c.steps[k].late) t[k].late++;
  }
  return t;
}

/** Who is late, step by step, for a class. */
function lateItems(data: CampaignData, c: ClassState) {
  const items: { classId: string; className: string; step: StepKey; stepName: string; dueOn: string; who: string[] }[] = [];
  const push = (step: StepKey, who: string[]) => items.push({ classId: c.classId, className: c.className, step, stepName: STEP_NAMES[step], dueOn: c.steps[step].dueOn, who });
  const deputy = 'заместитель директора';
  if (c.steps.marks.late) push('marks', c.subjects.filter((s) => s.graded && !s.confirmedAt).map((s) => `${s.teacherName} (${s.subjectName})`));
  if (c.steps.print.late) push('print', [deputy]);
  if (c.steps.signatures.late) push('signatures', c.subjects.filter((s) => !s.signedAt).map((s) => `${s.teacherName} (${s.subjectName})`));
  if (c.steps.title.late) push('title', [c.classTeacherName ?? 'классный руководитель']);
  if (c.steps.handover.late) {
    const r = c.record;
    push('handover', [!r?.handed_at ? deputy : !r.director_signed_at ? 'директор' : 'делопроизводитель']);
  }
  return items;
}

export const dashboard = defineMethod({
  summary: 'Аттестация: вся школа — классы × пять дней, кто опаздывает, что держит каждый класс',
  access: 'wholeSchool',
  input: z.object({
    campaignId: rowId,
    /** 'mine': the deputy's own parallels (the default for a deputy who has them, R-ROLE-4); 'all': the whole school. */
    scope: z.enum(['mine', 'all']).optional(),
  }).strict(),
  async run(ctx, a) {
    const all = await loadCampaignData(ctx.db.knex, a.campaignId, today(ctx));
    const { myGrades, scope, grades } = await deputyScope(ctx.db.knex, userOf(ctx).id, a.scope);
    const data = grades ? { ...all, classes: all.classes.filter((c) => grades.includes(c.grade)) } : all;
    return {
      campaign: campaignInfo(data), today: today(ctx), stepNames: STEP_NAMES,
      classes: data.classes, totals: totals(data), late: data.classes.flatMap((c) => lateItems(data, c)),
      myGrades, scope,
    };
  },
});

export const get = defineMethod({
  summary: 'Аттестация одного класса: шаги с подписями и датами, предметы, запись о сдаче секретарю',
  access: 'signed-in',
  input: z.object({ campaignId: rowId, classId: rowId }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await loadCampaignData(ctx.db.knex, a.campaignId, today(ctx), a.classId);
    const cls = classIn(data, a.classId);
    const mine = cls.classTeacherId === user.id || cls.subjects.some((s) => s.teacherId === user.id);
    if (!hasRole(user, ...SEES_WHOLE_SCHOOL) && !mine) throw forbidden('Аттестацию класса видят администрация, классный руководитель и учителя класса.');
    const strict = cls.record?.strict_log_id ? await ctx.db.knex('strict_document_log').where({ id: cls.record.strict_log_id }).first() : null;
    return { campaign: campaignInfo(data), today: today(ctx), stepNames: STEP_NAMES, cls, late: lateItems(data, cls), handover: strict ?? null };
  },
});

export const myTasks = defineMethod({
  summary: 'Мои задачи по аттестации на сегодня: учитель, классный руководитель, заместитель директора, директор, делопроизводитель',
  access: 'signed-in',
  input: z.object({ campaignId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const q = ctx.db.knex('certification_campaign').where({ status: 'open' }).whereNull('cancelled_at').select('id');
    if (a.campaignId) q.where({ id: a.campaignId });
    const campaigns: CampaignData[] = [];
    for (const r of (await q) as { id: string }[]) campaigns.push(await loadCampaignData(ctx.db.knex, r.id, today(ctx)));
    // Each line names its period; two open campaigns of periods with one name are told apart by their grades.
    const named = (d: CampaignData) => campaigns.filter((x) => x.period.name === d.period.name).length > 1
      ? `${d.period.name} (${Math.max(2, d.period.grade_from)}–${d.period.grade_to} кл.)` : d.period.name;
    const tasks: Task[] = campaigns.flatMap((d) => tasksFor(user, d, today(ctx), named(d)));
    return { today: today(ctx), tasks: orderTasks(tasks) };
  },
});

// ---- day 1: the teacher checks and confirms the period marks ----------------------------------

async function loadPage(ctx: CallContext, data: CampaignData, assignmentId: string) {
  const { cls, subject } = classOfAssignment(data, assignmentId);
  const page = await getAssignment(ctx.db.knex, assignmentId);
  if (!page) throw notFound('Страница журнала не найдена.');
  return { cls, subject, page };
}

export const checkMarks = defineMethod({
  summary: 'День 1: что не так с отметками за период по предмету в классе — нет отметки, мало отметок, Н/А без причины, отметка далека от среднего',
  access: 'signed-in',
  input: z.object({ campaignId: rowId, assignmentId: rowId }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await loadCampaignData(ctx.db.knex, a.campaignId, today(ctx));
    const { cls, subject, page } = await loadPage(ctx, data, a.assignmentId);
    if (!hasRole(user, ...SEES_WHOLE_SCHOOL) && page.teacherId !== user.id && cls.classTeacherId !== user.id) {
      throw forbidden('Проверить отметки может учитель этого предмета, классный руководитель или администрация.');
    }
    const check = await checkPeriodMarks(ctx.db.knex, page, data.period, subject.graded);
    return {
      campaign: campaignInfo(data), className: cls.className, subjectName: subject.subjectName, subgroupName: subject.subgroupName,
      teacherName: subject.teacherName, graded: subject.graded, confirmedAt: subject.confirmedAt, confirmedBy: subject.confirmedBy ? (data.names.get(subject.confirmedBy) ?? '') : null,
      canConfirm: page.teacherId === user.id && !subject.confirmedAt && subject.graded, ...check,
    };
  },
});

export const confirmMarks = defineMethod({
  summary: 'День 1: учитель подтверждает отметки за период по своему предмету в классе (после этого изменение — только по заявке)',
  access: 'teachers',
  input: z.object({ campaignId: rowId, assignmentId: rowId, acceptDoubts: z.boolean().default(false), note: z.string().trim().max(500).default('') }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await openCampaign(ctx, a.campaignId);
    const { cls, subject, page } = await loadPage(ctx, data, a.assignmentId);
    if (page.teacherId !== user.id) throw forbidden('Отметки за период подтверждает учитель, который ведёт этот предмет в классе.');
    if (!subject.graded) throw new ServiceError('VALIDATION', 'По этому предмету отметки не ставятся: подтверждать нечего.');
    if (subject.confirmedAt) throw conflict(`Отметки уже подтверждены ${formatRuDate(toIsoDate(new Date(subject.confirmedAt)))}.`);
    const profile = await loadProfile(ctx.db.knex);
    const opens = addDays(data.period.ends_on, -profile.periodMarkDueDaysBeforeEnd);
    if (today(ctx) < opens) throw new ServiceError('OUT_OF_WINDOW', `Отметки за период подтверждаются с ${formatRuDate(opens)} (за ${profile.periodMarkDueDaysBeforeEnd} дн. до конца периода).`);
    const check = await checkPeriodMarks(ctx.db.knex, page, data.period, true);
    if (check.blocking > 0) {
      const names = check.issues.filter((i) => i.severity === 'block').slice(0, 5).map((i) => i.studentName).join(', ');
      throw conflict(`Нельзя подтвердить: ${check.blocking} учен. без отметки за период или с «Н/А» без причины (${names}${check.blocking > 5 ? '…' : ''}). Исправьте (после срока — по заявке на исправление) и подтвердите снова.`, { issues: check.issues });
    }
    if (check.doubtful > 0 && !a.acceptDoubts) {
      throw new ServiceError('NEEDS_CONFIRMATION', `Сомнительных отметок: ${check.doubtful} (мало текущих отметок или отметка далека от среднего). Подтвердить отметки такими, как есть?`, { issues: check.issues });
    }
    const note = a.note || (check.doubtful > 0 ? `подтверждено с сомнительными отметками: ${check.doubtful}` : '');
    await write(ctx, [subjectChange(data.campaign, cls, a.assignmentId, { confirmed_by: user.id, confirmed_at: nowIso(ctx), confirm_note: note })],
      `аттестация, день 1: отметки за период подтверждены (${cls.className}, ${subject.subjectName})`);
    return { confirmed: true, doubtful: check.doubtful };
  },
});

// ---- day 2: backup and printing -------------------------------------------------------------

export const recordBackup = defineMethod({
  summary: 'День 2: записать резервную копию журнала для аттестации (из журнала резервных копий)',
  access: 'deputies',
  input: z.object({ campaignId: rowId, backupLogId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const data = await openCampaign(ctx, a.campaignId);
    // A copy made after the period ended, written and read back correctly (R-KEEP-1, 004 §4.2).
    const after = `${addDays(data.period.ends_on, 1)}T00:00:00`;
    const q = ctx.db.knex('backup_log').where({ action: 'backup', ok: 1 }).orderBy('at', 'desc');
    if (a.backupLogId) q.where({ id: a.backupLogId });
    const b: { id: string; at: string; location: string } | undefined = await q.first('id', 'at', 'location');
    if (!b) throw (a.backupLogId ? notFound('Такой записи о резервной копии нет.') : conflict('Резервной копии ещё нет: сначала сделайте её («Резервные копии»).'));
    if (new Date(b.at) < new Date(after)) throw conflict(`Копия от ${formatRuDate(toIsoDate(new Date(b.at)))} сделана до окончания периода: нужна копия после ${formatRuDate(data.period.ends_on)}.`);
    await write(ctx, [{ table: 'certification_campaign', id: data.campaign.id, set: { backup_log_id: b.id, backup_recorded_by: userOf(ctx).id, backup_recorded_at: nowIso(ctx) } }],
      `аттестация, день 2: резервная копия ${b.location}`);
    return { backupLogId: b.id, at: b.at, location: b.location };
  },
});

export const recordPrint = defineMethod({
  summary: 'День 2: записать напечатанную копию журнала класса (номер документа в реестре); без подтверждения всех учителей — только с причиной',
  access: 'deputies',
  input: z.object({
    campaignId: rowId, classId: rowId,
    /** A copy already printed (its number in the register); without it the copy is printed now. */
    docNo: z.string().trim().min(1, 'Укажите номер документа').max(64).optional(),
    overrideReason: z.string().trim().max(500).optional(),
  }).strict(),
  async run(ctx, a) {
    const data = await openCampaign(ctx, a.campaignId, a.classId);
    const cls = classIn(data, a.classId);
    if (today(ctx) <= data.period.ends_on) throw new ServiceError('OUT_OF_WINDOW', `Период «${data.period.name}» ещё не закончился (${formatRuDate(data.period.ends_on)}): копию печатают после его окончания.`);
    if (!data.campaign.backup_recorded_at) throw conflict('Сначала сделайте и запишите резервную копию журнала (день 2 начинается с неё).');
    const missing = cls.subjects.filter((s) => s.graded && !s.confirmedAt);
    const override = a.overrideReason ?? '';
    if (missing.length > 0 && override.length < 5) {
      throw conflict(`Не все учителя подтвердили отметки (${missing.map((s) => `${s.teacherName} — ${s.subjectName}`).join(', ')}). Печать возможна только с указанием причины заместителем директора.`, { missing: missing.map((s) => s.assignmentId) });
    }
    const rec = cls.record;
    const reprint = !!rec?.print_doc_no;
    if (reprint && !rec?.print_stale_at) throw conflict('Копия класса уже напечатана и совпадает с журналом: перепечатка нужна только после исправления.');
    let printed: { docNo: string; file: string | null; sheets: number };
    if (a.docNo) {
      printed = { docNo: a.docNo, file: null, ...(await checkRegisteredCopy(ctx.db, a.docNo, cls.classId, data.period.id)) };
    } else {
      printed = await printCopyNow(ctx, cls.classId, cls.className, data.period);
    }
    await write(ctx, [classChange(data.campaign, cls, {
      print_doc_no: printed.docNo, printed_by: userOf(ctx).id, printed_at: nowIso(ctx),
      print_override_reason: missing.length > 0 ? override : '', print_stale_at: null, print_stale_note: '',
    })], `аттестация, день 2: ${reprint ? 'перепечатана' : 'напечатана'} копия журнала ${cls.className}, документ ${printed.docNo}${missing.length ? `; без подтверждения части учителей: ${override}` : ''}`);
    return { ...printed, reprint, override: missing.length > 0 };
  },
});

/**
 * Prints the class copy into the print folder beside the journal database and enters it in
 * the register of printed documents (print/render.ts); print errors come back as the
 * service's codes with their Russian messages.
 */
async function printCopyNow(ctx: CallContext, classId: string, className: string, period: { id: string; name: string }) {
  try {
    // Loaded when a copy is printed: the PDF renderer is not needed by any other call.
    const { pdfFileName, printClassCopy } = await import('../../print/render');
    const docNo = await nextDocNo(ctx.db, today(ctx));
    const dir = path.join(path.dirname(path.resolve(ctx.db.file)), 'Печать');
    const r = await printClassCopy(ctx.db, { userId: userOf(ctx).id }, { classId, periodId: period.id, now: ctx.now(), docNo, file: path.join(dir, pdfFileName(className, period.name, docNo)) });
    return { docNo: r.docNo, file: r.file as string | null, sheets: r.sheets };
  } catch (err) {
    if (err instanceof PrintError) throw new ServiceError(err.code === 'PRINT_PERIOD_NOT_ENDED' ? 'OUT_OF_WINDOW' : 'CONFLICT', err.message, { printError: err.code });
    throw err;
  }
}

// ---- day 3: signatures of the sheets -----------------------------------------------------------

export const recordSignature = defineMethod({
  summary: 'День 3: подпись учителя на всех листах его предмета (сам учитель или заместитель директора, собирающий листы)',
  access: 'sheetSigners',
  input: z.object({
    campaignId: rowId,
    assignmentIds: z.array(rowId).min(1, 'Укажите предметы').max(60),
    signedOn: isoDate.optional(),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await openCampaign(ctx, a.campaignId);
    const signedOn = a.signedOn ?? today(ctx);
    if (signedOn > today(ctx)) throw new ServiceError('VALIDATION', 'Дата подписи не может быть в будущем.');
    const changes: RowChange[] = [];
    for (const id of new Set(a.assignmentIds)) {
      const { cls, subject } = classOfAssignment(data, id);
      const deputy = hasRole(user, 'deputy');
      if (subject.teacherId !== user.id && !deputy) throw forbidden(`Подпись по предмету «${subject.subjectName}» в ${cls.className} ставит его учитель (или её записывает заместитель директора).`);
      if (cls.steps.print.status === 'stale') throw conflict(`Копия ${cls.className} устарела после исправления: сначала перепечатайте листы.`);
      if (cls.steps.print.status !== 'done') throw conflict(`Копия журнала ${cls.className} ещё не напечатана (день 2).`);
      if (signedOn < toIsoDate(new Date(cls.record!.printed_at!))) throw new ServiceError('VALIDATION', 'Дата подписи раньше печати копии.');
      if (subject.signedAt) throw conflict(`Подпись по предмету «${subject.subjectName}» в ${cls.className} уже записана.`);
      changes.push(subjectChange(data.campaign, cls, id, {
        signed_by: user.id, signed_at: nowIso(ctx), signed_on: signedOn,
        sign_note: subject.teacherId === user.id ? '' : `записано заместителем директора ${user.shortName}`,
      }));
    }
    await write(ctx, changes, 'аттестация, день 3: подписи учителей на листах');
    return { signed: changes.length };
  },
});

// ---- day 4: the class teacher certifies the title page --------------------------------------

export const certifyTitle = defineMethod({
  summary: 'День 4: классный руководитель заверяет титульный лист копии журнала своего класса',
  access: 'classTeachers',
  input: z.object({ campaignId: rowId, classId: rowId }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await openCampaign(ctx, a.campaignId, a.classId);
    const cls = classIn(data, a.classId);
    if (cls.classTeacherId !== user.id) throw forbidden('Титульный лист заверяет классный руководитель этого класса.');
    if (cls.steps.title.status === 'done') throw conflict('Титульный лист уже заверен.');
    if (cls.steps.signatures.status !== 'done') throw conflict(`Сначала все учителя подписывают листы своих предметов (день 3): ${cls.steps.signatures.done} из ${cls.steps.signatures.total}.`);
    await write(ctx, [classChange(data.campaign, cls, { title_certified_by: user.id, title_certified_at: nowIso(ctx) })],
      `аттестация, день 4: титульный лист ${cls.className} заверен классным руководителем`);
    return { certified: true };
  },
});

// ---- day 5: the deputy hands over; the director signs; the secretary seals and files ------------

async function secretaryFor(ctx: CallContext, id: string | undefined): Promise<{ id: string; name: string }> {
  const q = ctx.db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id')
    .where({ 'r.role': 'secretary', 'r.revoked': 0, 's.active': 1 }).distinct('s.id', 's.last_name', 's.first_name', 's.middle_name');
  if (id) q.where('s.id', id);
  const rows: { id: string; last_name: string; first_name: string; middle_name: string }[] = await q;
  if (rows.length === 0) throw (id ? new ServiceError('VALIDATION', 'Этот сотрудник не делопроизводитель.') : conflict('В школе нет делопроизводителя, которому сдать копии.'));
  if (rows.length > 1) throw new ServiceError('VALIDATION', 'Укажите, какому делопроизводителю сдаётся копия.');
  const r = rows[0]!;
  return { id: r.id, name: shortName(r.last_name, r.first_name, r.middle_name) };
}

export const handOver = defineMethod({
  summary: 'День 5: заместитель директора заверяет копию и сдаёт её секретарю (запись в журнале сдачи документов строгой отчётности)',
  access: 'deputies',
  input: z.object({ campaignId: rowId, classId: rowId, secretaryId: rowId.optional(), note: z.string().trim().max(300).default('') }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const data = await openCampaign(ctx, a.campaignId, a.classId);
    const cls = classIn(data, a.classId);
    if (cls.record?.handed_at) throw conflict('Копия уже сдана секретарю.');
    if (cls.steps.print.status === 'stale') throw conflict(`Копия ${cls.className} устарела после исправления: сначала перепечатайте и подпишите листы.`);
    if (cls.steps.title.status !== 'done') throw conflict('Сначала классный руководитель заверяет титульный лист (день 4).');
    const secretary = await secretaryFor(ctx, a.secretaryId);
    const last = await ctx.db.knex('strict_document_log').max('entry_no as n').first();
    // The next number of the log on this computer; the sync keeps both entries if two
    // computers took the same number, and the secretary's book shows them side by side.
    const entryNo = Number((last as { n: number | null } | undefined)?.n ?? 0) + 1;
    const logId = newId(ctx.now().getTime());
    const sheets = (await checkRegisteredCopy(ctx.db, cls.record!.print_doc_no!, cls.classId, data.period.id)).sheets;
    await write(ctx, [
      {
        table: 'strict_document_log', id: logId,
        set: {
          entry_no: entryNo, entered_at: nowIso(ctx), document: `Бумажная копия электронного классного журнала ${cls.className} класса, ${data.period.name} ${data.period.year_name} уч. г.`,
          doc_no: cls.record!.print_doc_no!, class_id: cls.classId, period_id: data.period.id, sheets, handed_by: user.id, received_by: secretary.id, note: a.note,
        },
      },
      classChange(data.campaign, cls, { handed_by: user.id, handed_at: nowIso(ctx), handed_to: secretary.id, strict_log_id: logId }),
    ], `аттестация, день 5: копия ${cls.className} заверена заместителем директора и сдана секретарю ${secretary.name}`);
    return { entryNo, strictLogId: logId, secretary: secretary.name };
  },
});

async function secretaryStep(ctx: CallContext, a: { campaignId: string; classId: string }, step: 'director' | 'seal') {
  const data = await openCampaign(ctx, a.campaignId, a.classId);
  const cls = classIn(data, a.classId);
  const r = cls.record;
  if (!r?.handed_at) throw conflict('Копия ещё не сдана секретарю заместителем директора.');
  if (step === 'director') {
    if (r.director_signed_at) throw conflict('Подпись директора уже записана.');
  } else {
    if (!r.director_signed_at) throw conflict('Печать ставится после подписи директора.');
    if (r.sealed_at) throw conflict('Печать уже поставлена.');
  }
  return { data, cls };
}

export const directorSign = defineMethod({
  summary: 'День 5: подпись директора на копии журнала класса (директор или секретарь, представивший копию)',
  access: 'directorSigners',
  input: z.object({ campaignId: rowId, classId: rowId }).strict(),
  async run(ctx, a) {
    const { data, cls } = await secretaryStep(ctx, a, 'director');
    await write(ctx, [classChange(data.campaign, cls, { director_signed_by: userOf(ctx).id, director_signed_at: nowIso(ctx) })],
      `аттестация, день 5: копия ${cls.className} подписана директором`);
    return { signed: true };
  },
});

export const seal = defineMethod({
  summary: 'День 5: печать школы на копии журнала класса (делопроизводитель)',
  access: 'secretary',
  input: z.object({ campaignId: rowId, classId: rowId }).strict(),
  async run(ctx, a) {
    const { data, cls } = await secretaryStep(ctx, a, 'seal');
    await write(ctx, [classChange(data.campaign, cls, { sealed_by: userOf(ctx).id, sealed_at: nowIso(ctx) })], `аттестация, день 5: копия ${cls.className} заверена печатью`);
    return { sealed: true };
  },
});

export const bind = defineMethod({
  summary: 'День 5: копия пронумерована, прошита, внесена в реестр и вложена в папку за период (делопроизводитель)',
  access: 'secretary',
  input: z.object({ campaignId: rowId, classId: rowId, folder: z.string().trim().min(3, 'Укажите папку').max(200), boundOn: isoDate.optional() }).strict(),
  async run(ctx, a) {
    const data = await openCampaign(ctx, a.campaignId, a.classId);
    const cls = classIn(data, a.classId);
    const r = cls.record;
    if (!r?.sealed_at) throw conflict('Копию прошивают и вкладывают в папку после подписи директора и печати.');
    if (r.bound_at) throw conflict('Копия уже в папке.');
    const boundOn = a.boundOn ?? today(ctx);
    if (boundOn > today(ctx)) throw new ServiceError('VALIDATION', 'Дата не может быть в будущем.');
    await write(ctx, [classChange(data.campaign, cls, { bound_by: userOf(ctx).id, bound_at: nowIso(ctx), bound_on: boundOn, folder: a.folder })],
      `аттестация, день 5: копия ${cls.className} прошита и вложена в папку «${a.folder}»`);
    await recordRegisterBinding(ctx.db, { userId: userOf(ctx).id }, r.print_doc_no!, boundOn, a.folder);
    return { bound: true };
  },
});
