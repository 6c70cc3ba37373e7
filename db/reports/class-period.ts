// The class teacher's report for a period (issue 14 point 6; R-REP-4, 002 §5.2.8): the
// class's results (отличники, хорошисты, with one «3», неуспевающие; успеваемость and
// качество), its attendance by reason, and the movement of students in the period.
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import type { ReportRow, ReportSection } from '../../shared/report-model';
import {
  addTotals, ATTENDANCE_NOTES, attendanceDays, classInfo, emptyTotals, rangeOf, refuseOtherClass, rollOf, totalsOf,
} from './attendance-data';
import { categoryOf, studentResults } from './results-data';
import { ATTENDANCE_COLUMNS, attendanceCells } from './attendance';
import { declareReport } from './types';

export interface ClassResults {
  /** Students on the roll at the period's end. */
  readonly onRoll: number;
  /** N: those of them with a period mark other than ОСВ (Н/А counts). */
  readonly counted: number;
  readonly excellent: readonly string[];
  readonly good: readonly string[];
  readonly oneThree: readonly string[];
  readonly failing: readonly string[];
  /** On the roll, no period mark to count (none yet, or only ОСВ). */
  readonly notCounted: readonly string[];
  /** успеваемость % = (N − неуспевающие) / N; null when N = 0. */
  readonly passPercent: number | null;
  /** качество % = (отличники + хорошисты) / N; null when N = 0. */
  readonly qualityPercent: number | null;
}

/**
 * The class's results for a period from its period marks (R-REP-4), counted by the results
 * report's own functions (results-data.ts): the students on the roll at the period's end (one
 * who left before it is not counted), each by their lowest period mark — all «5»: отличник;
 * «4» and «5»: хорошист; a single «3», the rest «4» and «5»: with one «3»; any «2», «1» or Н/А:
 * неуспевающий. ОСВ is left out; a student with no other mark is not in N.
 */
export async function classResults(knex: Knex, classId: string, periodId: string, periodEnd: string): Promise<ClassResults> {
  const rows = await studentResults(knex, [{ periodId, endsOn: periodEnd, classId }], {});
  const excellent: string[] = [];
  const good: string[] = [];
  const oneThree: string[] = [];
  const failing: string[] = [];
  const notCounted: string[] = [];
  for (const r of rows) {
    const name = `${r.lastName} ${r.firstName}`;
    const cat = categoryOf(r);
    if (cat === 'exempt' || cat === 'none') notCounted.push(name);
    else if (cat === 'nNa' || cat === 'n2') failing.push(name);
    else if (cat === 'n5') excellent.push(name);
    else if (cat === 'n4') good.push(name);
    else if (r.n3 === 1) oneThree.push(name);
  }
  const counted = rows.length - notCounted.length;
  const pct = (x: number) => (counted === 0 ? null : Math.round((x / counted) * 1000) / 10);
  return {
    onRoll: rows.length, counted, excellent, good, oneThree, failing, notCounted,
    passPercent: pct(counted - failing.length), qualityPercent: pct(excellent.length + good.length),
  };
}

const names = (xs: readonly string[]) => (xs.length === 0 ? 'нет' : xs.join(', '));

export const classPeriodReport = declareReport({
  name: 'class-period',
  title: 'Отчёт классного руководителя за период',
  description: 'Итоги класса за учебный период — успеваемость и качество, отличники, хорошисты и неуспевающие, — посещаемость по причинам и движение учащихся.',
  params: { classId: 'required', periodId: 'required' },
  access: 'classReportReaders',
  refuse: refuseOtherClass,
  async build(knex, params, ctx) {
    const cls = await classInfo(knex, params.classId!);
    const range = await rangeOf(knex, params, cls, ctx);
    const results = await classResults(knex, cls.id, range.periodId!, range.to);
    const roll = await rollOf(knex, cls.id, range);
    const days = await attendanceDays(knex, cls.id, range, roll);
    const movement: { kind: string; date: string; from_class_id: string | null; to_class_id: string | null; order_number: string; order_date: string; note: string; last_name: string; first_name: string; from_name: string | null; to_name: string | null }[] =
      await knex('movement as m').join('student as s', 's.id', 'm.student_id')
        .leftJoin('class as cf', 'cf.id', 'm.from_class_id').leftJoin('class as ct', 'ct.id', 'm.to_class_id')
        .where((w) => w.where('m.to_class_id', cls.id).orWhere('m.from_class_id', cls.id))
        .whereBetween('m.date', [range.from, range.to])
        .orderBy([{ column: 'm.date' }, { column: 's.last_name' }])
        .select('m.kind', 'm.date', 'm.from_class_id', 'm.to_class_id', 'm.order_number', 'm.order_date', 'm.note', 's.last_name', 's.first_name', 'cf.name as from_name', 'ct.name as to_name');
    const onDay = (date: string) => roll.filter((s) => s.spans.some((sp) => sp.from <= date && date <= sp.to)).length;
    const cameIn = (m: (typeof movement)[number]) => m.kind === 'arrival' || (m.kind === 'transfer' && m.to_class_id === cls.id);

    const attendanceRows: ReportRow[] = [];
    const all = emptyTotals();
    for (const s of roll) {
      const t = totalsOf(days.get(s.id));
      addTotals(all, t);
      attendanceRows.push({ cells: { student: s.name, ...attendanceCells(t) } });
    }
    if (roll.length > 0) attendanceRows.push({ cells: { student: 'Всего', ...attendanceCells(all) }, mark: 'total' });

    const sections: ReportSection[] = [
      {
        kind: 'table',
        title: 'Итоги успеваемости',
        columns: [
          { key: 'onRoll', title: 'Учеников на конец периода', kind: 'int' },
          { key: 'counted', title: 'Аттестовано (N)', kind: 'int' },
          { key: 'excellent', title: 'Отличников', kind: 'int' },
          { key: 'good', title: 'Хорошистов', kind: 'int' },
          { key: 'oneThree', title: 'С одной «3»', kind: 'int' },
          { key: 'failing', title: 'Неуспевающих', kind: 'int' },
          { key: 'passPercent', title: 'Успеваемость, %', kind: 'percent' },
          { key: 'qualityPercent', title: 'Качество, %', kind: 'percent' },
        ],
        rows: [{
          cells: {
            onRoll: results.onRoll, counted: results.counted, excellent: results.excellent.length, good: results.good.length,
            oneThree: results.oneThree.length, failing: results.failing.length, passPercent: results.passPercent, qualityPercent: results.qualityPercent,
          },
        }],
        empty: '',
      },
      {
        kind: 'text',
        title: 'Поимённо',
        lines: [
          `Отличники: ${names(results.excellent)}.`,
          `Хорошисты: ${names(results.good)}.`,
          `С одной «3»: ${names(results.oneThree)}.`,
          `Неуспевающие: ${names(results.failing)}.`,
          ...(results.notCounted.length > 0 ? [`Без отметок за период (не входят в N): ${names(results.notCounted)}.`] : []),
        ],
      },
      {
        kind: 'table',
        title: 'Посещаемость',
        columns: [{ key: 'student', title: 'Ученик', kind: 'text', width: 4 }, ...ATTENDANCE_COLUMNS],
        rows: attendanceRows,
        empty: 'В классе нет учеников в этот период.',
      },
      {
        kind: 'table',
        title: 'Движение учащихся',
        columns: [
          { key: 'atStart', title: 'На начало периода', kind: 'int' },
          { key: 'arrived', title: 'Прибыло', kind: 'int' },
          { key: 'left', title: 'Выбыло', kind: 'int' },
          { key: 'atEnd', title: 'На конец периода', kind: 'int' },
        ],
        rows: [{ cells: { atStart: onDay(range.from), arrived: movement.filter(cameIn).length, left: movement.filter((m) => !cameIn(m)).length, atEnd: onDay(range.to) } }],
        empty: '',
      },
      {
        kind: 'table',
        title: 'Прибывшие и выбывшие',
        columns: [
          { key: 'date', title: 'Дата', kind: 'date' },
          { key: 'student', title: 'Ученик', kind: 'text', width: 4 },
          { key: 'kind', title: 'Движение', kind: 'text', width: 3 },
          { key: 'order', title: 'Приказ', kind: 'text', width: 2.5 },
          { key: 'note', title: 'Откуда прибыл / куда выбыл', kind: 'text', width: 4 },
        ],
        rows: movement.map((m) => ({
          cells: {
            date: m.date, student: `${m.last_name} ${m.first_name}`,
            kind: m.kind === 'arrival' ? 'прибыл(а)' : m.kind === 'departure' ? 'выбыл(а)' : cameIn(m) ? `переведён(а) из ${m.from_name ?? '—'}` : `переведён(а) в ${m.to_name ?? '—'}`,
            order: `№ ${m.order_number} от ${formatRuDate(m.order_date)}`, note: m.note,
          },
        })),
        empty: 'Движения учащихся за период не было.',
      },
      { kind: 'signatures', lines: [`Классный руководитель ________________ / ${cls.classTeacherName || '                    '} /`] },
    ];
    return {
      name: 'class-period',
      title: 'Отчёт классного руководителя за период',
      subtitle: `${cls.name} класс · ${range.label}`,
      params,
      notes: [
        'Успеваемость, % = (N − неуспевающие) / N · 100; качество, % = (отличники + хорошисты) / N · 100.',
        'N — ученики в списке класса на конец периода, у которых есть отметка за период (Н/А входит в N, ОСВ — нет); выбывшие до конца периода не считаются.',
        'Неуспевающий — есть отметка «2», «1» или Н/А за период.',
        ...ATTENDANCE_NOTES,
      ],
      parts: [{ title: '', sections }],
    };
  },
});
