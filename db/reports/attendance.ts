// Attendance by month (issue 14 point 6; R-REP-4, 002 §5.2.8): for a class and a period or
// dates, per student and month the lessons missed and the full days missed, each by reason in
// its own column — illness Б, another valid reason У, no valid reason Н — and the lateness;
// the class's months in a chart.
import type { ReportColumn, ReportRow, ReportTable } from '../../shared/report-model';
import { formatRuDate } from '../../shared/dates';
import {
  addTotals, ATTENDANCE_NOTES, attendanceDays, classInfo, emptyTotals, rangeOf, refuseOtherClass, rollOf, totalsOf, type AttendanceTotals,
} from './attendance-data';
import { ReportError } from './errors';
import { declareReport } from './types';

const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'] as const;

/** The months a range touches: '2026-11' with its name 'Ноябрь 2026'. */
export function monthsOf(from: string, to: string): { key: string; name: string }[] {
  const out: { key: string; name: string }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) return out;
    out.push({ key, name: `${MONTHS[m - 1]} ${y}` });
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
}

/** The columns of the counts: lessons and days missed by reason, lateness. */
export const ATTENDANCE_COLUMNS: readonly ReportColumn[] = [
  { key: 'lessons', title: 'Пропущено уроков', kind: 'int' },
  { key: 'lessonsB', title: 'Уроков: Б', kind: 'int' },
  { key: 'lessonsU', title: 'Уроков: У', kind: 'int' },
  { key: 'lessonsN', title: 'Уроков: Н', kind: 'int' },
  { key: 'days', title: 'Пропущено дней', kind: 'int' },
  { key: 'daysB', title: 'Дней: Б', kind: 'int' },
  { key: 'daysU', title: 'Дней: У', kind: 'int' },
  { key: 'daysN', title: 'Дней: Н', kind: 'int' },
  { key: 'late', title: 'Опозданий', kind: 'int' },
];

export function attendanceCells(t: AttendanceTotals): Record<string, number> {
  return {
    lessons: t.lessons.all, lessonsB: t.lessons.Б, lessonsU: t.lessons.У, lessonsN: t.lessons.Н,
    days: t.days.all, daysB: t.days.Б, daysU: t.days.У, daysN: t.days.Н, late: t.late,
  };
}

export const attendanceReport = declareReport({
  name: 'attendance',
  title: 'Посещаемость по месяцам',
  description: 'Сколько уроков и полных дней пропустил каждый ученик класса по месяцам — по болезни, по уважительной причине, без уважительной причины — и сколько раз опоздал.',
  params: { classId: 'required', studentId: 'optional', periodId: 'optional', from: 'optional', to: 'optional' },
  access: 'classReportReaders',
  refuse: refuseOtherClass,
  async build(knex, params, ctx) {
    const cls = await classInfo(knex, params.classId!);
    const range = await rangeOf(knex, params, cls, ctx);
    let roll = await rollOf(knex, cls.id, range);
    if (params.studentId) {
      // One student of the class: their rows only (and the class's months are theirs).
      roll = roll.filter((s) => s.id === params.studentId);
      if (roll.length === 0) throw new ReportError('REPORT_NOT_FOUND', 'Ученик не числился в этом классе в эти даты.');
    }
    const days = await attendanceDays(knex, cls.id, range, roll);
    const months = monthsOf(range.from, range.to);

    const classByMonth = months.map(() => emptyTotals());
    const classAll = emptyTotals();
    const studentRows: ReportRow[] = [];
    for (const s of roll) {
      const mine = days.get(s.id);
      const note = [s.arrivedOn ? `прибыл(а) ${formatRuDate(s.arrivedOn)}` : '', s.leftOn ? `выбыл(а) ${formatRuDate(s.leftOn)}` : ''].filter((x) => x).join(', ');
      const all = emptyTotals();
      months.forEach((m, i) => {
        // Only the months the student was in the class.
        if (!s.spans.some((sp) => sp.from.slice(0, 7) <= m.key && m.key <= sp.to.slice(0, 7))) return;
        const t = totalsOf(mine, (date) => date.startsWith(m.key));
        addTotals(classByMonth[i]!, t);
        addTotals(all, t);
        studentRows.push({ cells: { student: s.name, month: m.name, note, ...attendanceCells(t) } });
      });
      addTotals(classAll, all);
      studentRows.push({ cells: { student: s.name, month: 'Всего', note, ...attendanceCells(all) }, mark: 'total' });
    }

    const byMonth: ReportTable = {
      kind: 'table',
      title: 'Класс по месяцам',
      columns: [{ key: 'month', title: 'Месяц', kind: 'text', width: 3 }, ...ATTENDANCE_COLUMNS],
      rows: roll.length === 0 ? [] : [
        ...months.map((m, i) => ({ cells: { month: m.name, ...attendanceCells(classByMonth[i]!) } })),
        { cells: { month: 'Всего', ...attendanceCells(classAll) }, mark: 'total' as const },
      ],
      empty: 'В классе нет учеников в эти даты.',
    };
    const byStudent: ReportTable = {
      kind: 'table',
      title: 'Ученики по месяцам',
      columns: [
        { key: 'student', title: 'Ученик', kind: 'text', width: 4 },
        { key: 'month', title: 'Месяц', kind: 'text', width: 2.5 },
        ...ATTENDANCE_COLUMNS,
        { key: 'note', title: 'Движение', kind: 'text', width: 2.5 },
      ],
      rows: studentRows,
      empty: 'В классе нет учеников в эти даты.',
    };
    return {
      name: 'attendance',
      title: 'Посещаемость по месяцам',
      subtitle: `${params.studentId && roll[0] ? `${roll[0].name} · ` : ''}${cls.name} класс · ${range.label}`,
      params,
      notes: ATTENDANCE_NOTES,
      parts: [{
        title: '',
        sections: [
          byMonth,
          {
            kind: 'chart',
            title: 'Пропущено уроков по месяцам',
            chart: {
              type: 'bars',
              categories: months.map((m) => m.name),
              series: [
                { name: 'Б — болезнь', values: classByMonth.map((t) => t.lessons.Б) },
                { name: 'У — уважит. причина', values: classByMonth.map((t) => t.lessons.У) },
                { name: 'Н — без уважит. причины', values: classByMonth.map((t) => t.lessons.Н) },
              ],
              unit: 'уроков',
              min: 0,
            },
          },
          byStudent,
          { kind: 'signatures', lines: [`Классный руководитель ________________ / ${cls.classTeacherName || '                    '} /`] },
        ],
      }],
    };
  },
});
