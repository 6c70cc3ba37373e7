// The class teacher's preliminary report (R-TIME-6: two weeks before the period ends; R-REP-5):
// each student's forecast period mark in each subject, from the period's current marks so
// far, students at risk highlighted, printable for the parents' meeting with the class
// teacher's signature line.
//
// The rule (shown in the notes): the weighted mean of the student's current marks in the
// subject from the period's first day up to the report's day (the weights of the kinds of
// work, R-REC-2; a mark without a kind weighs 1), rounded to a whole mark with ,5 going up
// (3,50 → 4, 3,49 → 3). Fewer marks than the regulation profile's minimum for a period
// mark (R-TIME-4) → «мало отметок». At risk: a forecast of «2» (or «1»), or too few marks.
// An exempt student (a period mark ОСВ already given) is shown as ОСВ.
// Access: the class teacher of that class, deputies and the director (R-ROLE-3, R-ROLE-4).
import type { Knex } from 'knex';
import { addDays, formatRuDate } from '../../shared/dates';
import { formatDecimal, shortName } from '../../shared/format';
import type { ReportColumn, ReportParams, ReportResult, ReportRow, ReportValue } from '../../shared/report-model';
import { loadProfile, minMarksFor } from '../regulation/profile';
import { checkClassInPeriod, classOf, periodOf, periodSpan, refuseOtherClass } from './class-scope';
import { ReportError } from './errors';
import { emptyCounts, figuresOf, RATE_COLUMNS, souFormula } from './results-math';
import { declareReport, type ReportContext } from './types';

export const FEW_MARKS = 'мало отметок';

/** R-REP-5: the weighted mean rounded to a whole mark, ,5 going up (the small epsilon keeps 3,5 from reading as 3,4999…). */
export function forecastMark(weightedMean: number): number {
  return Math.floor(weightedMean + 0.5 + 1e-9);
}

interface SubjectCol {
  readonly id: string;
  readonly name: string;
  readonly shortName: string;
  readonly hours: number;
  readonly minMarks: number;
}

interface Cell {
  readonly n: number;
  readonly mean: number | null;
  readonly value: ReportValue;
  readonly risk: boolean;
}

export async function buildForecast(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<ReportResult> {
  if (!params.classId) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите класс.');
  const p = await periodOf(knex, params.periodId);
  const cls = await classOf(knex, params.classId);
  checkClassInPeriod(cls, p);
  const profile = await loadProfile(knex);
  // Marks so far: from the period's first day up to the report's day (the whole period once it has ended).
  const asOf = ctx.today < p.ends_on ? ctx.today : p.ends_on;
  const rollDay = asOf < p.starts_on ? p.starts_on : asOf;

  const students: { id: string; last_name: string; first_name: string }[] = await knex('enrolment as e').join('student as s', 's.id', 'e.student_id')
    .where('e.class_id', cls.id).where('e.starts_on', '<=', rollDay).where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', rollDay))
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 's.id' }]).distinct('s.id', 's.last_name', 's.first_name');

  // The class's graded subjects on that day, with their weekly hours (R-TIME-4's minimum depends on them).
  const subjectRows: { id: string; name: string; short_name: string; hours: number }[] = await knex('teaching_assignment as a').join('subject as sb', 'sb.id', 'a.subject_id')
    .where({ 'a.class_id': cls.id, 'a.year_id': p.year_id, 'sb.graded': 1 })
    .where('a.starts_on', '<=', p.ends_on).where((w) => w.whereNull('a.ends_on').orWhere('a.ends_on', '>=', rollDay))
    .groupBy('sb.id').orderBy([{ column: 'sb.sort_order' }, { column: 'sb.name' }])
    .select('sb.id', 'sb.name', 'sb.short_name', knex.raw('MAX(a.hours_per_week) as hours'));
  const subjects: SubjectCol[] = subjectRows.map((s) => ({
    id: s.id, name: s.name, shortName: s.short_name || s.name, hours: Number(s.hours), minMarks: minMarksFor(profile, p.kind, Number(s.hours)),
  }));

  // Who is taught what: a subgroup's page only its members (on the roll day).
  const taught: { student_id: string; subject_id: string }[] = await knex.raw(
    `SELECT DISTINCT e.student_id, a.subject_id FROM teaching_assignment a
     JOIN enrolment e ON e.class_id = a.class_id AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)
     WHERE a.class_id = ? AND a.year_id = ? AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)
       AND (a.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g WHERE g.subgroup_id = a.subgroup_id
         AND g.student_id = e.student_id AND g.starts_on <= ? AND (g.ends_on IS NULL OR g.ends_on >= ?)))`,
    [rollDay, rollDay, cls.id, p.year_id, p.ends_on, rollDay, rollDay, rollDay],
  );
  const isTaught = new Set(taught.map((t) => `${t.student_id}/${t.subject_id}`));

  // The current marks so far, counted and weighed in SQL (one row per student and subject).
  const marks: { student_id: string; subject_id: string; n: number; wsum: number; w: number }[] = asOf < p.starts_on ? [] : await knex('mark as m')
    .join('lesson as l', 'l.id', 'm.lesson_id')
    .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .leftJoin('work_kind as k', 'k.id', 'm.work_kind_id')
    .where({ 'a.class_id': cls.id, 'l.cancelled': 0 })
    .whereBetween('l.date', [p.starts_on, asOf])
    .whereIn('m.value', ['1', '2', '3', '4', '5'])
    .groupBy('m.student_id', 'a.subject_id')
    .select('m.student_id', 'a.subject_id', knex.raw('COUNT(*) as n'), knex.raw('SUM(CAST(m.value AS REAL) * COALESCE(k.weight, 1)) as wsum'), knex.raw('SUM(COALESCE(k.weight, 1)) as w'));
  const markOf = new Map(marks.map((m) => [`${m.student_id}/${m.subject_id}`, m]));
  const exempt: { student_id: string; subject_id: string }[] = await knex('period_mark').where({ period_id: p.id, value: 'ОСВ' }).whereIn('student_id', students.map((s) => s.id)).select('student_id', 'subject_id');
  const isExempt = new Set(exempt.map((e) => `${e.student_id}/${e.subject_id}`));

  const cellOf = (studentId: string, s: SubjectCol): Cell | null => {
    const key = `${studentId}/${s.id}`;
    if (!isTaught.has(key)) return null;
    if (isExempt.has(key)) return { n: 0, mean: null, value: 'ОСВ', risk: false };
    const m = markOf.get(key);
    const n = Number(m?.n ?? 0);
    const mean = m && Number(m.w) > 0 ? Number(m.wsum) / Number(m.w) : null;
    if (n < s.minMarks || mean === null) return { n, mean, value: FEW_MARKS, risk: true };
    const f = forecastMark(mean);
    return { n, mean, value: f, risk: f <= 2 };
  };

  const rows: ReportRow[] = [];
  const riskRows: ReportRow[] = [];
  const classCounts = emptyCounts();
  students.forEach((st, i) => {
    const name = `${st.last_name} ${st.first_name}`;
    const cells: Record<string, ReportValue> = { no: i + 1, name };
    let atRisk = false;
    let lowest: number | 'few' | null = null;
    for (const s of subjects) {
      const c = cellOf(st.id, s);
      cells[s.id] = c ? c.value : '';
      if (!c || c.value === 'ОСВ') continue;
      if (c.risk) {
        atRisk = true;
        riskRows.push({
          cells: {
            name, subject: s.name, n: c.n, min: s.minMarks,
            mean: c.mean === null ? '—' : Math.round(c.mean * 100) / 100,
            forecast: c.value,
            why: c.value === FEW_MARKS ? `отметок ${c.n} при минимуме ${s.minMarks}` : `прогноз «${c.value}»`,
          },
          mark: 'risk',
        });
      }
      if (c.value === FEW_MARKS) lowest = 'few';
      else if (typeof c.value === 'number' && lowest !== 'few') lowest = lowest === null ? c.value : Math.min(lowest, c.value);
      if (typeof c.value === 'number') {
        classCounts.markSum += c.value;
        classCounts.markCount += 1;
      }
    }
    cells.risk = atRisk ? 'да' : '';
    rows.push({ cells, ...(atRisk ? { mark: 'risk' as const } : {}) });
    // The class's forecast results: each student by the lowest forecast; too few marks reads as not attested.
    if (lowest === 'few') classCounts.nNa++;
    else if (lowest !== null) {
      if (lowest >= 5) classCounts.n5++;
      else if (lowest === 4) classCounts.n4++;
      else if (lowest === 3) classCounts.n3++;
      else classCounts.n2++;
    }
  });

  const weighted: { code: string; weight: number }[] = await knex('work_kind').where('retired', 0).whereNot('weight', 1).orderBy('sort_order').select('code', 'weight');
  const weights = weighted.length
    ? `Веса видов работ: ${weighted.map((k) => `${k.code} — ${formatDecimal(k.weight, 1, true)}`).join('; ')}; остальные отметки — вес 1.`
    : 'У всех видов работ вес 1: прогноз — среднее арифметическое отметок.';
  const minimum = [...new Set(subjects.map((s) => s.minMarks))].sort((a, b) => a - b);
  const notes = [
    `Прогноз — средний взвешенный балл текущих отметок по предмету за период с ${formatRuDate(p.starts_on)} по ${formatRuDate(asOf < p.starts_on ? p.starts_on : asOf)} (сумма отметок, умноженных на вес вида работы, делённая на сумму весов).`,
    weights,
    'Округление до целой отметки: от ,5 и выше — вверх (3,50 даёт 4, 3,49 даёт 3).',
    `Если текущих отметок меньше, чем нужно для отметки за период (${minimum.length ? minimum.join(' или ') : '—'} по регламенту школы, по числу часов предмета), вместо прогноза — «${FEW_MARKS}».`,
    'Группа риска: прогноз «2» или мало отметок по предмету.',
    ...(ctx.today < p.starts_on ? [`Период начнётся ${formatRuDate(p.starts_on)}: текущих отметок за него ещё нет.`] : []),
    `Предварительный отчёт составляется за 2 недели до конца периода: ${formatRuDate(addDays(p.ends_on, -14))}.`,
    'Прогноз по классу: каждый ученик по самому низкому прогнозу; «мало отметок» считается как «Н/А». ' + souFormula(profile) + '.',
  ];

  const teacher = cls.class_teacher_id ? await knex('staff').where({ id: cls.class_teacher_id }).first('last_name', 'first_name', 'middle_name') : undefined;
  const f = figuresOf(classCounts, profile);
  const subjectCols: ReportColumn[] = subjects.map((s) => ({ key: s.id, title: s.shortName, kind: 'int' }));

  return {
    name: 'forecast',
    title: 'Предварительный отчёт классного руководителя: прогноз отметок за период',
    subtitle: `${cls.name} класс · ${p.name} ${p.year_name} · ${periodSpan(p)} · на ${formatRuDate(ctx.today)}`,
    params,
    notes,
    parts: [{
      title: '',
      sections: [
        {
          kind: 'table',
          title: 'Прогноз отметок за период по предметам',
          columns: [
            { key: 'no', title: '№', kind: 'int' },
            { key: 'name', title: 'Ученик', kind: 'text', width: 4 },
            ...subjectCols,
            { key: 'risk', title: 'Группа риска', kind: 'text' },
          ],
          rows,
          empty: 'В классе нет учеников.',
        },
        {
          kind: 'table',
          title: 'Ученики группы риска',
          columns: [
            { key: 'name', title: 'Ученик', kind: 'text', width: 4 },
            { key: 'subject', title: 'Предмет', kind: 'text', width: 3 },
            { key: 'n', title: 'Отметок', kind: 'int' },
            { key: 'min', title: 'Нужно не меньше', kind: 'int' },
            { key: 'mean', title: 'Средний взвешенный балл', kind: 'decimal' },
            { key: 'forecast', title: 'Прогноз', kind: 'int' },
            { key: 'why', title: 'Причина', kind: 'text', width: 3 },
          ],
          rows: riskRows,
          empty: 'Учеников группы риска нет.',
        },
        {
          kind: 'table',
          title: 'Прогноз результатов класса',
          columns: [...RATE_COLUMNS],
          rows: [{ cells: { n: f.n, success: f.success, quality: f.quality, sou: f.sou, average: f.average ?? '—' }, mark: 'total' }],
          empty: '',
        },
        {
          kind: 'signatures',
          lines: [
            `Классный руководитель ____________ / ${teacher ? shortName(teacher.last_name, teacher.first_name, teacher.middle_name) : '____________'} /`,
            `Дата: ${formatRuDate(ctx.today)}`,
          ],
        },
      ],
    }],
  };
}

export const forecastReport = declareReport({
  name: 'forecast',
  title: 'Прогноз отметок (предварительный отчёт классного руководителя)',
  description: 'Прогноз отметки за период каждого ученика класса по каждому предмету по текущим отметкам, с группой риска; для родительского собрания.',
  params: { classId: 'required', periodId: 'required' },
  // R-REP-5: the class teacher of the class, deputies and the director (not the administrator).
  access: 'classReportReaders',
  refuse: (knex, params, ctx) => refuseOtherClass(knex, params, ctx, ['deputy', 'director']),
  build: buildForecast,
});
