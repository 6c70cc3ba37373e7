// The journal.* methods: the pages a user may open and one page, the year sheet, the
// history of a cell and the change log, and the changes themselves — a lesson's record,
// marks, attendance, period marks. The rules of each change are in service/journal/edits.ts;
// every change goes through the journal writer, with history. Entries of the history name
// their table and field in Russian and what they concern; secret fields (passwords,
// activation codes, signing keys) come only as words (db/queries/history.ts).
import { z } from 'zod';
import { getAssignment, listAssignments, type AssignmentInfo } from '../../db/queries/assignments';
import { filteredLog, logAuthors as logAuthorRows, rowsHistory } from '../../db/queries/history';
import { keyId } from '../../db/ids';
import { readJournalPage } from '../../db/queries/journal-page';
import { periodOn, periodView, termPeriods, workingPeriod, yearOn } from '../../db/queries/year';
import { readYearSheet } from '../../db/queries/year-sheet';
import { addDays, formatRuDate, toIsoDate, weekday } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { EDITS, type EditMethod } from '../journal/edits';
import { loadLesson } from '../journal/lesson-access';
import { canViewPage, viewablePage } from '../permissions';
import { loadProfile } from '../regulation/profile';
import { hasRole } from '../session';

/** The note a page of a closed year shows (R-ROLE-6: the year closed by the director's order is read-only). */
const CLOSED_YEAR_NOTE = 'Учебный год закрыт: журнал только для чтения';

/** Whether the page's year is closed: then nothing on it is offered for editing (the service refuses it anyway). */
async function yearClosed(ctx: CallContext, yearId: string): Promise<boolean> {
  const y: { status: string } | undefined = await ctx.db.knex('academic_year').where({ id: yearId }).first('status');
  return y?.status === 'closed';
}

// ---- pages ----------------------------------------------------------------------------------

export const pages = defineMethod({
  summary: 'Страницы журнала, доступные пользователю (свои предметы; класс классного руководителя; для администрации — класс по выбору)',
  access: 'signed-in',
  input: z.object({ classId: rowId.optional(), date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const year = await yearOn(ctx.db.knex, args.date ?? toIsoDate(ctx.now()));
    if (!year) return [];
    if (args.classId) {
      const all = await listAssignments(ctx.db.knex, { yearId: year.id, classId: args.classId });
      const visible: AssignmentInfo[] = [];
      for (const a of all) if (await canViewPage(ctx.db.knex, user, a)) visible.push(a);
      if (all.length > 0 && visible.length === 0) throw forbidden('Нет доступа к журналу этого класса.');
      return visible;
    }
    const own = await listAssignments(ctx.db.knex, { yearId: year.id, teacherId: user.id });
    if (hasRole(user, 'class_teacher')) {
      const myClasses: { id: string }[] = await ctx.db.knex('class').where({ year_id: year.id, class_teacher_id: user.id }).select('id');
      for (const c of myClasses) {
        for (const a of await listAssignments(ctx.db.knex, { yearId: year.id, classId: c.id })) {
          if (!own.some((o) => o.id === a.id)) own.push(a);
        }
      }
    }
    return own;
  },
});

export const page = defineMethod({
  summary: 'Страница журнала: класс (группа) × предмет × период — ученики, уроки, отметки, посещаемость, итоговые отметки',
  access: 'signed-in',
  input: z.object({ assignmentId: rowId, periodId: rowId.optional(), date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const a = await viewablePage(ctx.db.knex, user, args.assignmentId);
    const periods = await termPeriods(ctx.db.knex, a.yearId, a.grade);
    // The page's own teacher opens on the working period (the last one with lessons while the
    // new one has none: its period marks are still being checked). Anyone else — a deputy,
    // the director, the class teacher — and a given date land on the period under way on
    // that date (R-ROLE-4, R-REP-1).
    const onDate = args.date ?? toIsoDate(ctx.now());
    const period = args.periodId
      ? periods.find((p) => p.id === args.periodId)
      : args.date || a.teacherId !== user.id
        ? periodOn(periods, onDate)
        : await workingPeriod(periods, onDate, async (p) =>
            !!(await ctx.db.knex('lesson').where({ assignment_id: a.id }).whereBetween('date', [p.starts_on, p.ends_on]).first('id')));
    if (!period) throw notFound('Учебный период не найден для этого класса.');
    const body = await readJournalPage(ctx.db.knex, a, period);
    const workKinds: { id: string; code: string; name: string; written: number }[] = await ctx.db.knex('work_kind')
      .where({ retired: 0 }).orderBy('sort_order').select('id', 'code', 'name', 'written');
    const closed = await yearClosed(ctx, a.yearId);
    return {
      assignment: a,
      period: periodView(period),
      periods: periods.map(periodView),
      // R-REC-5: grade 1 pages take no marks.
      marksAllowed: a.grade > 1,
      // What the UI offers; the service checks every change again (service/journal/edits.ts).
      // A closed year offers nothing to edit, reasons of absence included (R-ROLE-6).
      canEdit: !closed && a.teacherId === user.id && hasRole(user, 'teacher', 'class_teacher'),
      canEditReasons: !closed && a.classTeacherId === user.id && hasRole(user, 'class_teacher'),
      yearClosed: closed,
      readOnlyNote: closed ? CLOSED_YEAR_NOTE : null,
      workKinds: workKinds.map((w) => ({ id: w.id, code: w.code, name: w.name, written: w.written === 1 })),
      ...body,
    };
  },
});

// ---- the year sheet: term marks and the year mark of each student (R-REC-4) ---------------------
// The year mark itself is set with journal.setPeriodMark on the year period.

export const yearSheet = defineMethod({
  summary: 'Итоговые отметки страницы журнала за год: отметки за периоды, среднее и годовая отметка каждого ученика',
  access: 'signed-in',
  input: z.object({ assignmentId: rowId }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const a = await viewablePage(ctx.db.knex, user, args.assignmentId);
    const sheet = await readYearSheet(ctx.db.knex, a);
    if (!sheet) throw notFound('В учебном году нет периода «год» для этого класса: его задаёт администратор.');
    const closed = await yearClosed(ctx, a.yearId);
    return {
      assignment: a,
      year: periodView(sheet.year),
      terms: sheet.terms.map(periodView),
      students: sheet.students,
      termMarks: sheet.termMarks,
      yearMarks: sheet.yearMarks,
      means: sheet.means,
      // R-REC-5: grade 1 has no marks; the service checks every change again.
      marksAllowed: a.grade > 1,
      markScale: (await loadProfile(ctx.db.knex)).markScale,
      canEdit: !closed && a.grade > 1 && a.teacherId === user.id && hasRole(user, 'teacher', 'class_teacher'),
      yearClosed: closed,
      readOnlyNote: closed ? CLOSED_YEAR_NOTE : null,
    };
  },
});

// ---- following the sync ---------------------------------------------------------------------

export const changes = defineMethod({
  summary: 'Где кончается журнал изменений этого компьютера и пришли ли с тех пор изменения с других компьютеров (открытые экраны обновляются)',
  access: 'signed-in',
  input: z.object({ since: z.number().int().min(0).optional() }).strict(),
  async run(ctx, a) {
    // change_log.seq grows with every entry recorded here, local or applied by the sync;
    // entries another computer made keep its node id. One read of the primary key, and
    // then only the entries after `since` (issue 17, point 10).
    const end = Number(((await ctx.db.knex('change_log').max('seq as seq').first()) as { seq: number | null } | undefined)?.seq ?? 0);
    let fromOthers = false;
    if (a.since !== undefined && end < a.since) fromOthers = true; // the database was replaced (a restore)
    else if (a.since !== undefined && end > a.since) {
      fromOthers = !!(await ctx.db.knex('change_log').where('seq', '>', a.since).whereNot('node_id', ctx.db.writer.nodeId).first('seq'));
    }
    return { version: end, fromOthers };
  },
});

// ---- history --------------------------------------------------------------------------------

export const history = defineMethod({
  summary: 'История клетки журнала (отметки и посещаемость ученика на уроке) или записи урока: кто, когда, с какого компьютера, было → стало, почему',
  access: 'signed-in',
  input: z.object({ lessonId: rowId, studentId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const l = await loadLesson(ctx.db.knex, a.lessonId);
    if (!(await canViewPage(ctx.db.knex, userOf(ctx), l.assignment))) throw forbidden('Эта страница журнала вам недоступна.');
    const ids = a.studentId
      ? [keyId('mark', a.lessonId, a.studentId, '1'), keyId('mark', a.lessonId, a.studentId, '2'), keyId('attendance', a.lessonId, a.studentId)]
      : [a.lessonId];
    return rowsHistory(ctx.db.knex, ids);
  },
});

export const log = defineMethod({
  summary: 'Журнал изменений с отбором по классу, автору (по всему журналу) и датам, страницами от новых к старым (администрация)',
  access: 'controllers',
  input: z.object({
    classId: rowId.optional(), authorId: rowId.optional(), from: isoDate.optional(), to: isoDate.optional(),
    limit: z.number().int().min(1).max(1000).default(200), before: z.string().max(80).optional(),
  }).strict(),
  run: (ctx, a) => filteredLog(ctx.db.knex, a),
});

export const logAuthors = defineMethod({
  summary: 'Сотрудники, вносившие изменения: выбор автора в журнале изменений',
  access: 'controllers',
  input: z.object({}).strict(),
  run: (ctx) => logAuthorRows(ctx.db.knex),
});

// ---- changes --------------------------------------------------------------------------------

async function applyEdit<M extends EditMethod>(ctx: CallContext, method: M, args: z.output<(typeof EDITS)[M]['args']>, reason = '') {
  const user = userOf(ctx);
  const plan = await (EDITS[method].plan as (e: unknown, a: unknown) => ReturnType<(typeof EDITS)[M]['plan']>)(
    { knex: ctx.db.knex, user, now: ctx.now(), checkWindow: true }, args,
  );
  // The plan was checked against cached data (the methods below are optimistic).
  await ctx.confirmFresh(plan.readAt?.logEnd);
  const result = await ctx.db.writer.write({ userId: user.id }, plan.changes, { reason, readAt: plan.readAt });
  return { target: plan.target, changed: result.changed };
}

export const setMark = defineMethod({
  summary: 'Поставить, изменить или удалить отметку ученика за урок (учитель урока или заменяющий)',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setMark'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setMark', args),
});

export const setAttendance = defineMethod({
  summary: 'Отметить отсутствие (Н, У, Б) или опоздание (О); классный руководитель — причину отсутствия',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setAttendance'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setAttendance', args),
});

export const setLesson = defineMethod({
  summary: 'Записать тему урока (из тематического плана или свою), тип урока и домашнее задание',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setLesson'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setLesson', args),
});

export const setPeriodMark = defineMethod({
  summary: 'Выставить отметку за период (2–5, ОСВ, Н/А); при недостатке отметок — с подтверждением',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setPeriodMark'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setPeriodMark', args, args.reason ?? ''),
});

/**
 * Opens the lesson of a timetable slot on a date, creating its record the first time
 * (its id follows from the slot, so two computers open the same lesson). A substitute
 * recorded by a deputy opens it too, and the lesson keeps both names (R-ROLE-2).
 */
export const openLesson = defineMethod({
  summary: 'Открыть урок по расписанию на дату (создаёт запись урока при первом открытии)',
  access: 'teachers',
  input: z.object({ assignmentId: rowId, date: isoDate, lessonNo: z.number().int().min(0).max(12) }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const knex = ctx.db.knex;
    const a = await getAssignment(knex, args.assignmentId);
    if (!a) throw notFound('Страница журнала не найдена.');
    const id = keyId('lesson', a.id, args.date, String(args.lessonNo));
    const existing = await knex('lesson').where({ id }).first('id', 'teacher_id', 'substitute_teacher_id');
    const substitution = await knex('substitution')
      .where({ absent_teacher_id: a.teacherId, substitute_teacher_id: user.id, cancelled: 0 })
      .where('starts_on', '<=', args.date).where('ends_on', '>=', args.date)
      .where((w) => w.whereNull('lesson_id').orWhere('lesson_id', id))
      .first('id');
    const own = a.teacherId === user.id;
    if (!hasRole(user, 'teacher', 'class_teacher') || (!own && !substitution)) {
      throw forbidden('Этот урок ведёт другой учитель; замену записывает заместитель директора.');
    }
    if (existing) return { lessonId: id, created: false };

    const year = await knex('academic_year').where({ id: a.yearId }).first('starts_on', 'ends_on');
    if (!year || args.date < year.starts_on || args.date > year.ends_on) throw new ServiceError('VALIDATION', 'Дата вне учебного года.');
    if (args.date > addDays(toIsoDate(ctx.now()), 14)) throw new ServiceError('VALIDATION', 'Урок можно открыть не раньше чем за две недели.');
    const holiday = await knex('holiday').where({ removed: 0 }).where('starts_on', '<=', args.date).where('ends_on', '>=', args.date)
      .where('grade_from', '<=', a.grade).where('grade_to', '>=', a.grade).first('name');
    if (holiday) throw new ServiceError('VALIDATION', `${formatRuDate(args.date)}: ${holiday.name}, уроков нет.`);
    const slot = await knex('timetable_entry').where({ assignment_id: a.id, weekday: weekday(args.date), lesson_no: args.lessonNo })
      .where('valid_from', '<=', args.date).where((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', args.date)).first('id');
    if (!slot) throw new ServiceError('VALIDATION', 'В расписании нет такого урока в этот день.');
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'lesson', id,
      set: {
        assignment_id: a.id, date: args.date, lesson_no: args.lessonNo, teacher_id: a.teacherId,
        substitute_teacher_id: own ? null : user.id, plan_item_id: null, topic: '', lesson_type: '', homework: '', cancelled: 0,
      },
    }]);
    return { lessonId: id, created: true };
  },
});
