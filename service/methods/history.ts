// The history of the journal: any cell's changes, and the log for the administration.
// Entries name their table and field in Russian and what they concern; secret fields
// (passwords, activation codes, signing keys) come only as words (db/queries/history.ts).
import { z } from 'zod';
import { filteredLog, logAuthors, rowsHistory } from '../../db/queries/history';
import { keyId } from '../../db/ids';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden } from '../errors';
import { loadLesson } from '../journal/lesson-access';
import { canViewPage } from '../permissions';

export const cell = defineMethod({
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

export const authors = defineMethod({
  summary: 'Сотрудники, вносившие изменения: выбор автора в журнале изменений',
  access: 'controllers',
  input: z.object({}).strict(),
  run: (ctx) => logAuthors(ctx.db.knex),
});
