// Journal pages: the list a user may open, and one page (read-only here; editing and the
// regulation rules come with the daily-journal issue).
import { z } from 'zod';
import { listAssignments, type AssignmentInfo } from '../../db/queries/assignments';
import { readJournalPage } from '../../db/queries/journal-page';
import { periodView, termPeriods, workingPeriod, yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound } from '../errors';
import { canViewPage, viewablePage } from '../permissions';
import { hasRole } from '../session';

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
    const period = args.periodId
      ? periods.find((p) => p.id === args.periodId)
      : await workingPeriod(periods, args.date ?? toIsoDate(ctx.now()), async (p) =>
          !!(await ctx.db.knex('lesson').where({ assignment_id: a.id }).whereBetween('date', [p.starts_on, p.ends_on]).first('id')));
    if (!period) throw notFound('Учебный период не найден для этого класса.');
    const body = await readJournalPage(ctx.db.knex, a, period);
    const workKinds: { id: string; code: string; name: string; written: number }[] = await ctx.db.knex('work_kind')
      .where({ retired: 0 }).orderBy('sort_order').select('id', 'code', 'name', 'written');
    return {
      assignment: a,
      period: periodView(period),
      periods: periods.map(periodView),
      // R-REC-5: grade 1 pages take no marks.
      marksAllowed: a.grade > 1,
      // What the UI offers; the service checks every change again (service/journal/edits.ts).
      canEdit: a.teacherId === user.id && hasRole(user, 'teacher', 'class_teacher'),
      canEditReasons: a.classTeacherId === user.id && hasRole(user, 'class_teacher'),
      workKinds: workKinds.map((w) => ({ id: w.id, code: w.code, name: w.name, written: w.written === 1 })),
      ...body,
    };
  },
});
