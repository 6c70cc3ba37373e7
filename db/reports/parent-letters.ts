// The notices to parents as letters (issue 14 point 7; R-REP-7, 003 §4.3.10): one part per
// notice the class teacher recorded (withdrawn ones are not printed) — the school, to the
// parents of the student, the reason, the text, the date and the class teacher's signature.
import { formatRuDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { CONTACT_REASON_WORDS, type ContactReason } from '../../shared/parent-contact';
import type { ReportPart } from '../../shared/report-model';
import { classInfo, classOfStudentOn, rangeOf, refuseOtherClass } from './attendance-data';
import { ReportError } from './errors';
import { declareReport } from './types';

export const parentLettersReport = declareReport({
  name: 'parent-letters',
  title: 'Письма родителям',
  description: 'Сообщения родителям, записанные классным руководителем, — каждое отдельным письмом для печати.',
  params: { classId: 'optional', studentId: 'optional', periodId: 'optional', from: 'optional', to: 'optional' },
  oneOf: ['classId', 'studentId'],
  access: 'classReportReaders',
  refuse: refuseOtherClass,
  async build(knex, params, ctx) {
    if (!params.classId && !params.studentId) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите класс или ученика.');
    let classId = params.classId ?? null;
    if (!classId) {
      const s = await knex('student').where({ id: params.studentId }).first('id');
      if (!s) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не найден.');
      classId = await classOfStudentOn(knex, params.studentId!, params.to ?? ctx.today);
      if (!classId) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не числится ни в одном классе.');
    }
    const cls = await classInfo(knex, classId);
    const range = await rangeOf(knex, params, cls, ctx);
    let q = knex('parent_contact as p').join('student as s', 's.id', 'p.student_id').join('staff as t', 't.id', 'p.recorded_by')
      .where('p.class_id', cls.id).where('p.withdrawn', 0).whereBetween('p.date', [range.from, range.to]);
    if (params.studentId) q = q.where('p.student_id', params.studentId);
    const notices: { id: string; student_id: string; date: string; reason: ContactReason; text: string; last_name: string; first_name: string; middle_name: string; t_last: string; t_first: string; t_middle: string }[] =
      await q.orderBy([{ column: 'p.date' }, { column: 's.last_name' }, { column: 's.first_name' }, { column: 'p.id' }])
        .select('p.id', 'p.student_id', 'p.date', 'p.reason', 'p.text', 's.last_name', 's.first_name', 's.middle_name',
          't.last_name as t_last', 't.first_name as t_first', 't.middle_name as t_middle');
    const guardians: { student_id: string; last_name: string; first_name: string; middle_name: string; relation: string }[] =
      notices.length === 0 ? [] : await knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id')
        .whereIn('sg.student_id', [...new Set(notices.map((n) => n.student_id))]).where('sg.removed', 0)
        .orderBy([{ column: 'g.last_name' }, { column: 'g.first_name' }])
        .select('sg.student_id', 'g.last_name', 'g.first_name', 'g.middle_name', 'sg.relation');

    const parts: ReportPart[] = notices.map((n) => {
      const student = `${n.last_name} ${n.first_name} ${n.middle_name}`.trim();
      const family = guardians.filter((g) => g.student_id === n.student_id).map((g) => `${g.last_name} ${g.first_name} ${g.middle_name}`.trim() + ` (${g.relation})`);
      return {
        title: `${n.last_name} ${n.first_name}, ${cls.name} класс · ${formatRuDate(n.date)}`,
        sections: [
          { kind: 'text', lines: [cls.schoolFullName] },
          {
            kind: 'text',
            lines: [
              `Родителям (законным представителям) обучающегося ${cls.name} класса: ${student}`,
              ...(family.length > 0 ? [family.join(', ')] : []),
            ],
          },
          {
            kind: 'text',
            title: 'Уважаемые родители!',
            lines: [
              `Сообщаем Вам: ${CONTACT_REASON_WORDS[n.reason]}.`,
              ...n.text.split(/\r?\n/).filter((l) => l.trim() !== ''),
              'Просим Вас связаться с классным руководителем.',
            ],
          },
          { kind: 'text', lines: [`Дата: ${formatRuDate(n.date)}`] },
          { kind: 'signatures', lines: [`Классный руководитель ________________ / ${shortName(n.t_last, n.t_first, n.t_middle)} /`] },
        ],
      };
    });
    if (parts.length === 0) parts.push({ title: '', sections: [{ kind: 'text', lines: ['Сообщений родителям за эти даты нет.'] }] });
    return {
      name: 'parent-letters',
      title: 'Письма родителям',
      subtitle: `${cls.name} класс · ${range.label}`,
      params,
      notes: ['Каждое сообщение — отдельное письмо на отдельной странице; отозванные сообщения не печатаются.'],
      parts,
    };
  },
});
