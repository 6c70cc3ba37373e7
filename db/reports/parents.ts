// The report for parents without electronic access (issue 14 point 7; R-TIME-6, 003 §4.3.5):
// a page per student for a week or a fortnight — the marks by subject with their dates, the
// lessons missed and the lateness, the remarks and praise written to the student, and the
// class teacher's signature line. For a whole class in one go: one part per student, each
// holding only that child's data (the PDF starts each part on a new page).
import { formatRuDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import type { ReportPart, ReportRow } from '../../shared/report-model';
import { classInfo, classOfStudentOn, inSpans, rangeOf, refuseOtherClass, rollOf, type RollStudent } from './attendance-data';
import { ReportError } from './errors';
import { declareReport } from './types';

const ABSENCE_WORDS: Readonly<Record<string, string>> = {
  Н: 'Н — без уважительной причины',
  У: 'У — по уважительной причине',
  Б: 'Б — по болезни',
  О: 'О — опоздание',
};
const NOTE_WORDS: Readonly<Record<string, string>> = { remark: 'Замечание', praise: 'Похвала', parents: 'Родителям' };

interface MarkRow { student_id: string; date: string; value: string; subject: string; sort_order: number; kind: string | null }
interface AbsenceRow { student_id: string; date: string; lesson_no: number; subject: string; code: string }
interface NoteRow { student_id: string; date: string; kind: string; text: string; last_name: string; first_name: string; middle_name: string; subject: string | null }

/** Marks of a subject as they read on paper: «5 (12.11), 4 (14.11)». */
const markList = (ms: readonly MarkRow[]) => ms.map((m) => `${m.value} (${formatRuDate(m.date).slice(0, 5)})`).join(', ');

export const parentsReport = declareReport({
  name: 'parents',
  title: 'Отчёт для родителей',
  description: 'Страница на каждого ученика за неделю или две: отметки по предметам с датами, пропуски и опоздания, замечания и похвала, подпись классного руководителя — для родителей без электронного доступа.',
  params: { classId: 'optional', studentId: 'optional', periodId: 'optional', from: 'optional', to: 'optional' },
  oneOf: ['classId', 'studentId'],
  defaultDays: 7,
  access: 'classReportReaders',
  refuse: refuseOtherClass,
  async build(knex, params, ctx) {
    if (!params.classId && !params.studentId) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите класс или ученика.');
    let classId = params.classId ?? null;
    if (params.studentId) {
      const s = await knex('student').where({ id: params.studentId }).first('id');
      if (!s) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не найден.');
      const found = await classOfStudentOn(knex, params.studentId, params.to ?? ctx.today);
      if (!found) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не числится ни в одном классе.');
      if (classId && classId !== found) {
        const inClass = await knex('enrolment').where({ student_id: params.studentId, class_id: classId }).first('id');
        if (!inClass) throw new ReportError('REPORT_BAD_PARAMS', 'Ученик не из этого класса.');
      } else {
        classId = found;
      }
    }
    const cls = await classInfo(knex, classId!);
    // A week up to today when no dates are given (R-TIME-6: weekly on paper).
    const range = await rangeOf(knex, params, cls, ctx, 7);
    let students: RollStudent[] = await rollOf(knex, cls.id, range);
    if (params.studentId) {
      students = students.filter((s) => s.id === params.studentId);
      if (students.length === 0) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не числился в классе в эти даты.');
    }
    const ids = students.map((s) => s.id);
    const [marks, absences, notes] = await Promise.all([
      knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
        .join('subject as s', 's.id', 'a.subject_id').leftJoin('work_kind as w', 'w.id', 'm.work_kind_id')
        .whereIn('m.student_id', ids).whereNotNull('m.value').where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to])
        .orderBy([{ column: 's.sort_order' }, { column: 's.name' }, { column: 'l.date' }, { column: 'l.lesson_no' }, { column: 'm.slot' }])
        .select('m.student_id', 'l.date', 'm.value', 's.name as subject', 's.sort_order', 'w.name as kind') as Promise<MarkRow[]>,
      knex('attendance as x').join('lesson as l', 'l.id', 'x.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
        .join('subject as s', 's.id', 'a.subject_id')
        .whereIn('x.student_id', ids).whereNotNull('x.code').where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to])
        .orderBy([{ column: 'l.date' }, { column: 'l.lesson_no' }])
        .select('x.student_id', 'l.date', 'l.lesson_no', 's.name as subject', 'x.code') as Promise<AbsenceRow[]>,
      knex('student_note as n').join('staff as t', 't.id', 'n.author_id')
        .leftJoin('lesson as l', 'l.id', 'n.lesson_id').leftJoin('teaching_assignment as a', 'a.id', 'l.assignment_id').leftJoin('subject as s', 's.id', 'a.subject_id')
        .whereIn('n.student_id', ids).where('n.withdrawn', 0).whereBetween('n.date', [range.from, range.to])
        .orderBy([{ column: 'n.date' }])
        .select('n.student_id', 'n.date', 'n.kind', 'n.text', 't.last_name', 't.first_name', 't.middle_name', 's.name as subject') as Promise<NoteRow[]>,
    ]);

    const parts: ReportPart[] = students.map((s) => {
      // Only the days the student was in the class (a stray entry after they left is not theirs here).
      const mine = marks.filter((m) => m.student_id === s.id && inSpans(s.spans, m.date));
      const subjects = [...new Set(mine.map((m) => m.subject))];
      const markRows: ReportRow[] = subjects.map((subject) => {
        const ms = mine.filter((m) => m.subject === subject);
        const avg = ms.reduce((a, m) => a + Number(m.value), 0) / ms.length;
        return { cells: { subject, marks: markList(ms), count: ms.length, average: Math.round(avg * 100) / 100 } };
      });
      const abs = absences.filter((a) => a.student_id === s.id && inSpans(s.spans, a.date));
      const missed = abs.filter((a) => a.code !== 'О');
      const count = (c: string) => abs.filter((a) => a.code === c).length;
      const ns = notes.filter((n) => n.student_id === s.id && inSpans(s.spans, n.date));
      return {
        title: `${s.lastName} ${s.firstName}${s.middleName ? ` ${s.middleName}` : ''}, ${cls.name} класс`,
        sections: [
          {
            kind: 'text',
            lines: [
              cls.schoolFullName,
              `Сведения об успеваемости и посещаемости за ${formatRuDate(range.from)}–${formatRuDate(range.to)}`,
              `Ученик: ${s.lastName} ${s.firstName} ${s.middleName}`.trim() + `, ${cls.name} класс.`,
            ],
          },
          {
            kind: 'table',
            title: 'Отметки',
            columns: [
              { key: 'subject', title: 'Предмет', kind: 'text', width: 3 },
              { key: 'marks', title: 'Отметки (дата)', kind: 'text', width: 6 },
              { key: 'count', title: 'Отметок', kind: 'int' },
              { key: 'average', title: 'Средний балл', kind: 'decimal' },
            ],
            rows: markRows,
            empty: 'Отметок за эти дни нет.',
          },
          {
            kind: 'table',
            title: 'Пропуски и опоздания',
            columns: [
              { key: 'date', title: 'Дата', kind: 'date' },
              { key: 'lessonNo', title: 'Урок', kind: 'int' },
              { key: 'subject', title: 'Предмет', kind: 'text', width: 3 },
              { key: 'code', title: 'Отметка', kind: 'text', width: 4 },
            ],
            rows: abs.map((a) => ({ cells: { date: a.date, lessonNo: a.lesson_no, subject: a.subject, code: ABSENCE_WORDS[a.code] ?? a.code } })),
            empty: 'Пропусков и опозданий нет.',
          },
          {
            kind: 'text',
            lines: [`Пропущено уроков: ${missed.length} (по болезни — ${count('Б')}, по уважительной причине — ${count('У')}, без уважительной причины — ${count('Н')}); опозданий: ${count('О')}.`],
          },
          {
            kind: 'table',
            title: 'Замечания и похвала',
            columns: [
              { key: 'date', title: 'Дата', kind: 'date' },
              { key: 'kind', title: 'Запись', kind: 'text', width: 2 },
              { key: 'text', title: 'Текст', kind: 'text', width: 7 },
              { key: 'author', title: 'Учитель', kind: 'text', width: 3 },
            ],
            rows: ns.map((n) => ({
              cells: {
                date: n.date, kind: NOTE_WORDS[n.kind] ?? n.kind, text: n.text,
                author: `${shortName(n.last_name, n.first_name, n.middle_name)}${n.subject ? ` (${n.subject})` : ''}`,
              },
              ...(n.kind === 'praise' ? { mark: 'good' as const } : {}),
            })),
            empty: 'Замечаний и похвалы нет.',
          },
          {
            kind: 'signatures',
            lines: [
              `Классный руководитель ________________ / ${cls.classTeacherName || '                    '} /`,
              'С отчётом ознакомлен(а), родитель (законный представитель) ________________ / ____________________ /',
            ],
          },
        ],
      };
    });
    if (parts.length === 0) parts.push({ title: '', sections: [{ kind: 'text', lines: ['В классе нет учеников в эти даты.'] }] });
    return {
      name: 'parents',
      title: 'Отчёт для родителей',
      subtitle: `${params.studentId && students[0] ? `${students[0].name} · ` : ''}${cls.name} класс · ${range.label}`,
      params,
      notes: [
        'Средний балл — среднее арифметическое отметок за эти дни.',
        'Б — пропуск по болезни, У — по уважительной причине, Н — без уважительной причины, О — опоздание.',
      ],
      parts,
    };
  },
});
