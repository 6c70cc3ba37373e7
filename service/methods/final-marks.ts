// Exam and final (итоговые) marks of the year (R-REC-4; issue 13 point 6), entered by the
// teacher of the subject in the class: the state exams of grades 9 (ОГЭ, ГВЭ) and 11 (ЕГЭ,
// ГВЭ, with the test score), the school's own examinations (промежуточная аттестация) in
// other grades, and the final mark of each subject. They are printed on the year's summary
// of final marks and decide academic debts when the year is closed (yearClose.status).
//   finalMarks.sheet  a page's students with their year, exam and final marks
//   finalMarks.set    one exam or final mark
import { z } from 'zod';
import { getAssignment, type AssignmentInfo } from '../../db/queries/assignments';
import { yearPeriod } from '../../db/queries/year';
import { keyId } from '../../db/ids';
import { rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { checkYearOpen } from '../year-close/open-year';

const VALUES = ['1', '2', '3', '4', '5', 'зачёт', 'незачёт', 'ОСВ', 'Н/А'] as const;
const FORMS = ['ОГЭ', 'ЕГЭ', 'ГВЭ', 'ПА'] as const;
/** The exam forms of a grade: the state exams (ГИА) of 9 and 11, the school's own elsewhere. */
export function examForms(grade: number): readonly (typeof FORMS)[number][] {
  if (grade === 9) return ['ОГЭ', 'ГВЭ'];
  if (grade === 11) return ['ЕГЭ', 'ГВЭ'];
  return ['ПА'];
}

async function ownPage(ctx: CallContext, assignmentId: string, write: boolean): Promise<AssignmentInfo> {
  const a = await getAssignment(ctx.db.knex, assignmentId);
  if (!a) throw notFound('Страница журнала не найдена.');
  const user = userOf(ctx);
  if (write && a.teacherId !== user.id) throw forbidden('Экзаменационные и итоговые отметки ставит учитель, ведущий предмет в этом классе.');
  if (!write && a.teacherId !== user.id && !user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin')) throw forbidden('Это страница другого учителя.');
  if (a.grade === 1) throw new ServiceError('VALIDATION', 'В 1 классе отметки не ставятся.');
  return a;
}

export const sheet = defineMethod({
  summary: 'Экзаменационные и итоговые отметки страницы журнала: ученики класса на конец года, годовая, экзаменационная (с формой) и итоговая отметки',
  access: 'fillers',
  input: z.object({ assignmentId: rowId }).strict(),
  async run(ctx, args) {
    const knex = ctx.db.knex;
    const a = await ownPage(ctx, args.assignmentId, false);
    const yp = await yearPeriod(knex, a.yearId, a.grade);
    const lastDay = yp?.ends_on ?? '9999-12-31';
    const year: { name: string; status: string } = await knex('academic_year').where({ id: a.yearId }).first('name', 'status');
    const students: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('enrolment as e').join('student as s', 's.id', 'e.student_id')
      .where('e.class_id', a.classId).where('e.starts_on', '<=', lastDay).where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', lastDay))
      .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }]).distinct('s.id', 's.last_name', 's.first_name', 's.middle_name');
    const ym: { student_id: string; value: string }[] = yp ? await knex('period_mark').where({ period_id: yp.id, subject_id: a.subjectId }).whereNotNull('value').select('student_id', 'value') : [];
    const fm: { student_id: string; kind: string; exam_form: string; value: string | null; score: number | null }[] = await knex('final_mark')
      .where({ year_id: a.yearId, subject_id: a.subjectId }).select('student_id', 'kind', 'exam_form', 'value', 'score');
    const yearOf = new Map(ym.map((m) => [m.student_id, m.value]));
    return {
      assignmentId: a.id, className: a.className, subjectName: a.subjectName, grade: a.grade, yearName: year.name,
      canEdit: year.status !== 'closed' && a.teacherId === userOf(ctx).id,
      examForms: examForms(a.grade), values: VALUES,
      students: students.map((s) => {
        const exam = fm.find((f) => f.student_id === s.id && f.kind === 'exam');
        const fin = fm.find((f) => f.student_id === s.id && f.kind === 'final');
        return {
          studentId: s.id, name: [s.last_name, s.first_name, s.middle_name].filter((x) => x).join(' '),
          yearMark: yearOf.get(s.id) ?? null,
          exam: exam?.value ? { form: exam.exam_form, value: exam.value, score: exam.score } : null,
          final: fin?.value ?? null,
        };
      }),
    };
  },
});

export const set = defineMethod({
  summary: 'Поставить экзаменационную или итоговую отметку ученику по предмету за учебный год',
  access: 'teachers',
  input: z.object({
    assignmentId: rowId,
    studentId: rowId,
    kind: z.enum(['exam', 'final'], { message: 'Вид отметки: экзаменационная или итоговая' }),
    examForm: z.enum(FORMS).optional(),
    value: z.enum(VALUES).nullable(),
    /** The test score of the ЕГЭ (0–100). */
    score: z.number().int().min(0, 'Тестовый балл — от 0 до 100').max(100, 'Тестовый балл — от 0 до 100').nullable().optional(),
  }).strict(),
  async run(ctx, args) {
    const knex = ctx.db.knex;
    const a = await ownPage(ctx, args.assignmentId, true);
    await checkYearOpen(knex, a.yearId);
    const yp = await yearPeriod(knex, a.yearId, a.grade);
    const lastDay = yp?.ends_on ?? '9999-12-31';
    const onPage = await knex('enrolment').where({ class_id: a.classId, student_id: args.studentId }).where('starts_on', '<=', lastDay)
      .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', lastDay)).first('id');
    if (!onPage) throw notFound('Этого ученика нет в классе на конец учебного года.');
    const forms = examForms(a.grade);
    let form = '';
    if (args.kind === 'exam') {
      form = args.examForm ?? forms[0]!;
      if (!forms.includes(form as (typeof FORMS)[number])) throw new ServiceError('VALIDATION', `В ${a.grade} классе форма экзамена — ${forms.join(' или ')}.`);
    } else if (args.examForm) {
      throw new ServiceError('VALIDATION', 'У итоговой отметки нет формы экзамена.');
    }
    if (args.score != null && form !== 'ЕГЭ') throw new ServiceError('VALIDATION', 'Тестовый балл указывается только для ЕГЭ.');
    const id = keyId('final_mark', a.yearId, args.studentId, a.subjectId, args.kind);
    const current: { value: string | null } | undefined = await knex('final_mark').where({ id }).first('value');
    if (args.value === null && !current?.value) throw new ServiceError('VALIDATION', 'У ученика нет такой отметки.');
    const user = userOf(ctx);
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'final_mark', id,
      set: { year_id: a.yearId, class_id: a.classId, student_id: args.studentId, subject_id: a.subjectId, kind: args.kind, exam_form: form, value: args.value, score: args.score ?? null, entered_by: user.id, entered_at: ctx.now().toISOString() },
    }]);
    return { id, kind: args.kind, examForm: form, value: args.value, score: args.score ?? null };
  },
});
