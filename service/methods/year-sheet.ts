// The year sheet of a journal page: term marks and the year mark of each student (R-REC-4).
// The year mark itself is set with journal.setPeriodMark on the year period.
import { z } from 'zod';
import { periodView } from '../../db/queries/year';
import { readYearSheet } from '../../db/queries/year-sheet';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound } from '../errors';
import { viewablePage } from '../permissions';
import { loadProfile } from '../regulation/profile';
import { hasRole } from '../session';

export const yearSheet = defineMethod({
  summary: 'Итоговые отметки страницы журнала за год: отметки за периоды, среднее и годовая отметка каждого ученика',
  access: 'signed-in',
  input: z.object({ assignmentId: rowId }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const a = await viewablePage(ctx.db.knex, user, args.assignmentId);
    const sheet = await readYearSheet(ctx.db.knex, a);
    if (!sheet) throw notFound('В учебном году нет периода «год» для этого класса: его задаёт администратор.');
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
      canEdit: a.grade > 1 && a.teacherId === user.id && hasRole(user, 'teacher', 'class_teacher'),
    };
  },
});
