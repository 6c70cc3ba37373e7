// Students at risk (группа риска; issue 14 point 7; R-REP-1, R-REP-7, 001 instr. §3.2): those
// failing — a «2», «1» or Н/А for the period, or the marks so far pointing to a «2» — and those
// missing lessons without a valid reason over a threshold; with what the class teacher did
// (the notices to parents and their answers).
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import { formatDecimal } from '../../shared/format';
import { CONTACT_REASON_WORDS, CONTACT_WAY_WORDS, type ContactReason, type ContactWay } from '../../shared/parent-contact';
import type { ReportParams, ReportRow } from '../../shared/report-model';
import { classInfo, rangeOf, refuseOtherClass, rollOf, type ClassInfo } from './attendance-data';
import { ReportError } from './errors';
import { forecastMark } from './forecast';
import { declareReport, type ReportContext } from './types';

/** More lessons than this missed without a valid reason (Н) puts a student at risk. */
export const RISK_UNEXCUSED_LESSONS = 5;

const FAILING_PERIOD = new Set(['1', '2', 'Н/А']);

/** The classes asked for: one, a parallel, or the whole school (its current year). */
async function classesOf(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<ClassInfo[]> {
  if (params.classId) return [await classInfo(knex, params.classId)];
  const year = await knex('academic_year').where('starts_on', '<=', ctx.today).where('ends_on', '>=', ctx.today).first('id')
    ?? await knex('academic_year').orderBy('starts_on', 'desc').first('id');
  if (!year) throw new ReportError('REPORT_NOT_FOUND', 'В журнале нет учебного года.');
  let q = knex('class').where({ year_id: year.id, retired: 0 });
  if (params.grade !== undefined) q = q.where({ grade: params.grade });
  const ids: { id: string }[] = await q.orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id');
  const out: ClassInfo[] = [];
  for (const c of ids) out.push(await classInfo(knex, c.id));
  return out;
}

export const riskReport = declareReport({
  name: 'risk',
  title: 'Группа риска',
  description: 'Неуспевающие ученики и пропускающие уроки без уважительной причины — и что сделано: сообщения родителям и их ответы.',
  params: { classId: 'optional', grade: 'optional', periodId: 'optional', from: 'optional', to: 'optional' },
  access: 'classReportReaders',
  refuse: refuseOtherClass,
  async build(knex, params, ctx) {
    const classes = await classesOf(knex, params, ctx);
    const first = classes[0];
    if (params.grade !== undefined && params.classId) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите либо класс, либо параллель.');
    const range = first ? await rangeOf(knex, params, first, ctx) : null;
    const rows: ReportRow[] = [];
    for (const cls of classes) {
      if (!range) break;
      const roll = await rollOf(knex, cls.id, range);
      if (roll.length === 0) continue;
      const ids = roll.map((s) => s.id);
      const [periodMarks, marks, unexcused, notices] = await Promise.all([
        range.periodId === null ? Promise.resolve([] as { student_id: string; value: string; subject: string }[]) :
          knex('period_mark as pm').join('subject as s', 's.id', 'pm.subject_id')
            .where({ 'pm.class_id': cls.id, 'pm.period_id': range.periodId, 's.graded': 1 }).whereIn('pm.student_id', ids).whereIn('pm.value', [...FAILING_PERIOD])
            .orderBy('s.sort_order').select('pm.student_id', 'pm.value', 's.name as subject') as Promise<{ student_id: string; value: string; subject: string }[]>,
        // The forecast report's rule (R-REP-5): the mean weighted by the kinds of work.
        knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
          .join('subject as s', 's.id', 'a.subject_id').leftJoin('work_kind as k', 'k.id', 'm.work_kind_id')
          .where('a.class_id', cls.id).whereIn('m.student_id', ids).whereIn('m.value', ['1', '2', '3', '4', '5']).where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to])
          .groupBy('m.student_id', 's.id')
          .select('m.student_id', 's.name as subject', 's.sort_order',
            knex.raw('SUM(CAST(m.value AS REAL) * COALESCE(k.weight, 1)) / SUM(COALESCE(k.weight, 1)) AS mean'), knex.raw('count(*) AS n'))
          .orderBy('s.sort_order') as Promise<{ student_id: string; subject: string; mean: number; n: number }[]>,
        knex('attendance as x').join('lesson as l', 'l.id', 'x.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
          .where('a.class_id', cls.id).whereIn('x.student_id', ids).where('x.code', 'Н').where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to])
          .groupBy('x.student_id').select('x.student_id', knex.raw('count(*) AS n')) as Promise<{ student_id: string; n: number }[]>,
        knex('parent_contact').whereIn('student_id', ids).where('withdrawn', 0).where('date', '>=', cls.yearStart).where('date', '<=', range.to)
          .orderBy([{ column: 'date' }, { column: 'id' }])
          .select('student_id', 'date', 'reason', 'way', 'answer', 'answered_on') as Promise<{ student_id: string; date: string; reason: ContactReason; way: ContactWay; answer: string; answered_on: string | null }[]>,
      ]);
      for (const s of roll) {
        const failing = [
          ...periodMarks.filter((p) => p.student_id === s.id).map((p) => `${p.subject}: «${p.value}» за период`),
          ...marks.filter((m) => m.student_id === s.id && forecastMark(Number(m.mean)) <= 2)
            .map((m) => `${m.subject}: средний балл ${formatDecimal(Number(m.mean), 2)} (прогноз «2»)`),
        ];
        const missed = Number(unexcused.find((u) => u.student_id === s.id)?.n ?? 0);
        if (failing.length === 0 && missed <= RISK_UNEXCUSED_LESSONS) continue;
        const done = notices.filter((n) => n.student_id === s.id);
        rows.push({
          cells: {
            student: s.name, className: cls.name, failing: failing.join('; '), unexcused: missed, notices: done.length,
            done: done.length === 0 ? 'родителям не сообщалось' : done.map((n) =>
              `${formatRuDate(n.date)} ${CONTACT_WAY_WORDS[n.way]} (${CONTACT_REASON_WORDS[n.reason]})${n.answered_on ? ` — ответ ${formatRuDate(n.answered_on)}${n.answer ? `: ${n.answer}` : ''}` : ' — ответа нет'}`).join('; '),
          },
          links: { className: { to: 'class', classId: cls.id } },
          mark: 'risk',
        });
      }
    }
    const scope = params.classId && first ? `${first.name} класс` : params.grade !== undefined ? `${params.grade} классы` : 'вся школа';
    return {
      name: 'risk',
      title: 'Группа риска',
      subtitle: `${scope}${range ? ` · ${range.label}` : ''}`,
      params,
      notes: [
        'В группе риска: ученик с отметкой «2», «1» или Н/А за период, или с прогнозом «2» по предмету — средний балл текущих отметок за эти даты (взвешенный по видам работ) ниже 2,5,',
        `или пропустивший без уважительной причины (Н) больше ${RISK_UNEXCUSED_LESSONS} уроков за эти даты.`,
        'Что сделано — сообщения родителям с начала учебного года: дата, способ, повод и ответ.',
      ],
      parts: [{
        title: '',
        sections: [{
          kind: 'table',
          title: 'Ученики группы риска',
          columns: [
            { key: 'student', title: 'Ученик', kind: 'text', width: 4 },
            { key: 'className', title: 'Класс', kind: 'text', width: 1 },
            { key: 'failing', title: 'Неуспеваемость', kind: 'text', width: 6 },
            { key: 'unexcused', title: 'Уроков Н', kind: 'int', width: 1.3 },
            { key: 'notices', title: 'Сообщений', kind: 'int', width: 1.6 },
            { key: 'done', title: 'Что сделано', kind: 'text', width: 7 },
          ],
          rows,
          empty: 'Учеников группы риска нет.',
        }],
      }],
    };
  },
});
