// The results of a period (R-REP-4): успеваемость, качество, СОУ and средний балл per class,
// parallel and school, per subject and per teacher, with the formulas and the counting rules
// shown next to the figures; the отличники, хорошисты, those with a single «3» and the
// неуспевающие by name; a comparison with the previous period and with the same period a
// year earlier; a chart of the results over the year's periods.
//
// Who is counted (R-REP-4): N is the students on the class's roll on the period's last day,
// minus those exempt (ОСВ) and those with no period mark; Н/А counts in N. A student who left
// the class before the period's last day is not counted (listed apart, the rule shown).
// Access: the controllers (deputies, the director, the administrator) for any slice; a class
// teacher for their own class only (R-ROLE-3) — a class's results are the class teacher's
// period report (002 §5.2.8).
//
// Speed: every figure is counted in SQLite (results-data.ts); only one row per student of
// the period asked for comes back (the lists by name need them), and one row per class for
// the comparisons and the chart.
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import type { ReportColumn, ReportParams, ReportResult, ReportRow, ReportSection, ReportTable, ReportValue } from '../../shared/report-model';
import { loadProfile } from '../regulation/profile';
import { checkClassInPeriod, classOf, periodOf, periodSpan, refuseOtherClass, type ClassRow, type PeriodRow } from './class-scope';
import { ReportError } from './errors';
import {
  classCounts, classCountsOf, categoryOf, leavers, studentResults, subjectCounts, teacherCounts,
  type ClassCounts, type GroupCounts, type MarkFilter, type StudentResult, type Target,
} from './results-data';
import { addCounts, emptyCounts, figuresOf, RATE_COLUMNS, souFormula, type ResultCounts, type SouWeights } from './results-math';
import { declareReport, type ReportContext } from './types';

/** The slice asked for: the whole school when none of these is given. */
interface Slice {
  readonly grade?: number;
  readonly classId?: string;
  readonly subjectId?: string;
  readonly teacherId?: string;
}

/** Grade 1 has no marks (R-REC-5): never in the results. */
const FIRST_GRADED = 2;

/** The classes of a period that the slice covers (a teacher's: where they teach; a subject's: where it is taught). */
async function classesOf(knex: Knex, p: PeriodRow, slice: Slice): Promise<ClassRow[]> {
  const q = knex('class as c').where('c.year_id', p.year_id)
    .whereBetween('c.grade', [Math.max(p.grade_from, FIRST_GRADED), p.grade_to])
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 'c.name' }])
    .select('c.id', 'c.year_id', 'c.grade', 'c.letter', 'c.name', 'c.class_teacher_id', 'c.retired');
  if (slice.classId) q.where('c.id', slice.classId);
  if (slice.grade !== undefined) q.where('c.grade', slice.grade);
  if (slice.subjectId || slice.teacherId) {
    q.whereExists(function taught() {
      this.select(knex.raw('1')).from('teaching_assignment as a').whereRaw('a.class_id = c.id');
      if (slice.subjectId) this.where('a.subject_id', slice.subjectId);
      if (slice.teacherId) this.where('a.teacher_id', slice.teacherId);
    });
  }
  return q;
}

const targetsOf = (p: PeriodRow, classes: readonly ClassRow[]): Target[] =>
  classes.map((c) => ({ periodId: p.id, endsOn: p.ends_on, classId: c.id }));

/** Periods of the same kind in a year, numbered up to `upTo`, whose grades overlap the period's. */
async function periodsOfKind(knex: Knex, yearId: string, like: PeriodRow, upTo: number): Promise<PeriodRow[]> {
  const rows: PeriodRow[] = await knex('period as p').join('academic_year as y', 'y.id', 'p.year_id')
    .where({ 'p.year_id': yearId, 'p.kind': like.kind }).where('p.number', '<=', upTo)
    .where('p.grade_from', '<=', like.grade_to).where('p.grade_to', '>=', like.grade_from)
    .orderBy('p.number')
    .select('p.id', 'p.year_id', 'p.kind', 'p.number', 'p.name', 'p.starts_on', 'p.ends_on', 'p.grade_from', 'p.grade_to', 'y.name as year_name', 'y.starts_on as year_starts_on');
  // One period a number: the one with the same grades as the period asked for, if two.
  const byNumber = new Map<number, PeriodRow>();
  for (const r of rows) {
    const had = byNumber.get(r.number);
    if (!had || (r.grade_from === like.grade_from && r.grade_to === like.grade_to)) byNumber.set(r.number, r);
  }
  return [...byNumber.values()];
}

/** The academic year before this one (by its first day), if the journal has it. */
async function previousYear(knex: Knex, p: PeriodRow): Promise<{ id: string; name: string } | undefined> {
  return knex('academic_year').where('starts_on', '<', p.year_starts_on).orderBy('starts_on', 'desc').first('id', 'name');
}

/**
 * The same students a year earlier: a class one grade lower with the same letter, a parallel
 * one grade lower; the school, a subject or a teacher as they are.
 */
async function sliceYearBefore(knex: Knex, slice: Slice, cls: ClassRow | undefined, yearId: string): Promise<Slice | null> {
  if (cls) {
    const before = await knex('class').where({ year_id: yearId, grade: cls.grade - 1, letter: cls.letter }).first('id');
    return before ? { ...slice, classId: before.id as string } : null;
  }
  if (slice.grade !== undefined) return slice.grade > FIRST_GRADED ? { ...slice, grade: slice.grade - 1 } : null;
  return slice;
}

// ---- the tables ----------------------------------------------------------------------------

const FIGURE_COLUMNS: readonly ReportColumn[] = [
  RATE_COLUMNS[0]!,
  { key: 'n5', title: '«5»', kind: 'int' },
  { key: 'n4', title: '«4»', kind: 'int' },
  { key: 'n3', title: '«3»', kind: 'int' },
  { key: 'n2', title: '«2»', kind: 'int' },
  { key: 'nNa', title: 'Н/А', kind: 'int' },
  ...RATE_COLUMNS.slice(1),
];

/** What an average with nothing to average reads as (N = 0, or only Н/А). */
export const NO_AVERAGE = '—';

function figureCells(c: ResultCounts, w: SouWeights): Record<string, ReportValue> {
  const f = figuresOf(c, w);
  return {
    n: f.n, n5: c.n5, n4: c.n4, n3: c.n3, n2: c.n2, nNa: c.nNa,
    success: f.success, quality: f.quality, sou: f.sou, average: f.average ?? NO_AVERAGE,
  };
}

interface ClassLine {
  readonly cls: ClassRow;
  readonly counts: ClassCounts;
  readonly left: number;
}

function classTable(lines: readonly ClassLine[], w: SouWeights, wholeSchool: boolean, byGrade: boolean): ReportTable {
  const rows: ReportRow[] = [];
  const total = { roll: 0, left: 0, exempt: 0, noMark: 0, ...emptyCounts() };
  const grades = [...new Set(lines.map((l) => l.cls.grade))];
  for (const g of grades) {
    const inGrade = lines.filter((l) => l.cls.grade === g);
    const sum = { roll: 0, left: 0, exempt: 0, noMark: 0, ...emptyCounts() };
    for (const l of inGrade) {
      rows.push({
        cells: { name: l.cls.name, roll: l.counts.roll, left: l.left, exempt: l.counts.exempt, noMark: l.counts.noMark, ...figureCells(l.counts, w) },
        links: { name: { to: 'class', classId: l.cls.id } },
      });
      addCounts(sum, l.counts);
      sum.roll += l.counts.roll;
      sum.left += l.left;
      sum.exempt += l.counts.exempt;
      sum.noMark += l.counts.noMark;
    }
    // A parallel's row where it differs from its one class's, or where the parallel was asked for.
    if (inGrade.length > 1 || byGrade) {
      rows.push({ cells: { name: `Параллель ${g}`, roll: sum.roll, left: sum.left, exempt: sum.exempt, noMark: sum.noMark, ...figureCells(sum, w) }, mark: 'total' });
    }
    addCounts(total, sum);
    total.roll += sum.roll;
    total.left += sum.left;
    total.exempt += sum.exempt;
    total.noMark += sum.noMark;
  }
  if (grades.length > 1) {
    rows.push({ cells: { name: wholeSchool ? 'Всего по школе' : 'Всего', roll: total.roll, left: total.left, exempt: total.exempt, noMark: total.noMark, ...figureCells(total, w) }, mark: 'total' });
  }
  return {
    kind: 'table',
    title: 'По классам и параллелям (ученики по самой низкой отметке за период)',
    columns: [
      { key: 'name', title: 'Класс', kind: 'text', width: 1.5 },
      { key: 'roll', title: 'В списке', kind: 'int' },
      { key: 'left', title: 'Выбыли', kind: 'int' },
      { key: 'exempt', title: 'ОСВ', kind: 'int' },
      { key: 'noMark', title: 'Без отметки', kind: 'int' },
      ...FIGURE_COLUMNS,
    ],
    rows,
    empty: 'Нет классов с отметками за этот период.',
  };
}

function groupTable(title: string, header: string, groups: readonly GroupCounts[], w: SouWeights, empty: string): ReportTable {
  return {
    kind: 'table',
    title,
    columns: [{ key: 'name', title: header, kind: 'text', width: 4 }, ...FIGURE_COLUMNS, { key: 'exempt', title: 'ОСВ', kind: 'int' }],
    rows: groups.map((g) => ({ cells: { name: g.name, ...figureCells(g, w), exempt: g.exempt } })),
    empty,
  };
}

const studentName = (r: { lastName: string; firstName: string }) => `${r.lastName} ${r.firstName}`;

/** 'Математика|3;Физика|Н/А' → [['Математика', '3'], ['Физика', 'Н/А']], by subject. */
const weakOf = (r: StudentResult): [string, string][] =>
  (r.weak ?? '').split(';').filter(Boolean).map((x) => x.split('|') as [string, string]).sort((a, b) => a[0].localeCompare(b[0], 'ru'));

function listTables(students: readonly StudentResult[], className: (id: string) => string): ReportTable[] {
  const byCategory = (cat: string) => students.filter((s) => categoryOf(s) === cat);
  const base = (s: StudentResult, i: number) => ({ no: i + 1, name: studentName(s), cls: className(s.classId) });
  const cols: ReportColumn[] = [
    { key: 'no', title: '№', kind: 'int' },
    { key: 'name', title: 'Ученик', kind: 'text', width: 4 },
    { key: 'cls', title: 'Класс', kind: 'text' },
  ];
  const single3 = students.filter((s) => s.n3 === 1 && s.n2 === 0 && s.nna === 0);
  const failing = students.filter((s) => s.n2 > 0 || s.nna > 0);
  return [
    { kind: 'table', title: 'Отличники (все отметки за период — «5»)', columns: cols, rows: byCategory('n5').map((s, i) => ({ cells: base(s, i), mark: 'good' as const })), empty: 'Отличников нет.' },
    { kind: 'table', title: 'Хорошисты (отметки за период «4» и «5»)', columns: cols, rows: byCategory('n4').map((s, i) => ({ cells: base(s, i) })), empty: 'Хорошистов нет.' },
    {
      kind: 'table', title: 'С одной «3»',
      columns: [...cols, { key: 'subject', title: 'Предмет с «3»', kind: 'text', width: 3 }],
      rows: single3.map((s, i) => ({ cells: { ...base(s, i), subject: weakOf(s).find(([, v]) => v === '3')?.[0] ?? '' } })),
      empty: 'Учеников с одной «3» нет.',
    },
    {
      kind: 'table', title: 'Неуспевающие (есть «2» или «Н/А»)',
      columns: [...cols, { key: 'subjects', title: 'Предметы', kind: 'text', width: 5 }],
      rows: failing.map((s, i) => ({
        cells: { ...base(s, i), subjects: weakOf(s).filter(([, v]) => v !== '3').map(([n, v]) => `${n} «${v}»`).join(', ') },
        mark: 'risk' as const,
      })),
      empty: 'Неуспевающих нет.',
    },
  ];
}

// ---- the report ----------------------------------------------------------------------------

function sliceOf(params: ReportParams): Slice {
  if (params.grade !== undefined && (!Number.isInteger(params.grade) || params.grade < 1 || params.grade > 11)) {
    throw new ReportError('REPORT_BAD_PARAMS', 'Параллель — число от 1 до 11.');
  }
  return {
    ...(params.grade !== undefined ? { grade: params.grade } : {}),
    ...(params.classId ? { classId: params.classId } : {}),
    ...(params.subjectId ? { subjectId: params.subjectId } : {}),
    ...(params.teacherId ? { teacherId: params.teacherId } : {}),
  };
}

const filterOf = (s: Slice): MarkFilter => ({ ...(s.subjectId ? { subjectId: s.subjectId } : {}), ...(s.teacherId ? { teacherId: s.teacherId } : {}) });

const sumCounts = (rows: readonly ClassCounts[]): ResultCounts => rows.reduce((acc, r) => addCounts(acc, r), emptyCounts());

export async function buildResults(knex: Knex, params: ReportParams, _ctx: ReportContext): Promise<ReportResult> {
  const p = await periodOf(knex, params.periodId);
  const slice = sliceOf(params);
  const profile = await loadProfile(knex);
  const w: SouWeights = profile;

  const names: string[] = [];
  let cls: ClassRow | undefined;
  if (slice.classId) {
    cls = await classOf(knex, slice.classId);
    checkClassInPeriod(cls, p);
    names.push(`${cls.name} класс`);
  }
  if (slice.grade !== undefined) names.push(`${slice.grade} классы`);
  if (slice.subjectId) {
    const s = await knex('subject').where({ id: slice.subjectId }).first('name');
    if (!s) throw new ReportError('REPORT_NOT_FOUND', 'Предмет не найден.');
    names.push(String(s.name));
  }
  if (slice.teacherId) {
    const t = await knex('staff').where({ id: slice.teacherId }).first('last_name', 'first_name', 'middle_name');
    if (!t) throw new ReportError('REPORT_NOT_FOUND', 'Учитель не найден.');
    names.push(`учитель ${shortName(t.last_name, t.first_name, t.middle_name)}`);
  }
  const wholeSchool = !slice.classId && slice.grade === undefined;
  const filter = filterOf(slice);

  // The period asked for: students one by one (lists by name), subjects, teachers, leavers.
  const classes = (await classesOf(knex, p, slice));
  const targets = targetsOf(p, classes);
  const [students, subjects, teachers, left] = await Promise.all([
    studentResults(knex, targets, filter),
    subjectCounts(knex, targets, filter),
    teacherCounts(knex, targets, filter),
    leavers(knex, targets, p.starts_on),
  ]);
  const counts = new Map(classCountsOf(students).map((c) => [c.classId, c]));
  const leftBy = new Map<string, number>();
  for (const l of left) leftBy.set(l.classId, (leftBy.get(l.classId) ?? 0) + 1);
  const empty = (classId: string): ClassCounts => ({ periodId: p.id, classId, roll: 0, exempt: 0, noMark: 0, ...emptyCounts() });
  // A retired class is listed only where it had students in the period.
  const lines: ClassLine[] = classes
    .map((c) => ({ cls: c, counts: counts.get(c.id) ?? empty(c.id), left: leftBy.get(c.id) ?? 0 }))
    .filter((l) => !l.cls.retired || l.counts.roll > 0 || l.left > 0 || slice.classId);
  const className = (id: string) => classes.find((c) => c.id === id)?.name ?? '';
  const thisCounts = sumCounts([...counts.values()]);

  // The comparisons and the chart: one aggregate over every other period's classes.
  const chartPeriods = await periodsOfKind(knex, p.year_id, p, p.number);
  const prevYear = await previousYear(knex, p);
  const sliceBefore = prevYear ? await sliceYearBefore(knex, slice, cls, prevYear.id) : null;
  const lastYearPeriods = prevYear && sliceBefore ? await periodsOfKind(knex, prevYear.id, p, 99) : [];
  const sameLastYear = lastYearPeriods.find((x) => x.number === p.number);
  const previous = p.number > 1 ? chartPeriods.find((x) => x.number === p.number - 1) : lastYearPeriods[lastYearPeriods.length - 1];
  const previousInLastYear = p.number <= 1;
  const otherTargets: Target[] = [];
  for (const x of chartPeriods) if (x.id !== p.id) otherTargets.push(...targetsOf(x, await classesOf(knex, x, slice)));
  const lastYearAsked = [sameLastYear, previousInLastYear ? previous : undefined].filter((x): x is PeriodRow => !!x);
  const lastYearTargets: Target[] = [];
  for (const x of lastYearAsked) {
    if (lastYearAsked.indexOf(x) !== lastYearAsked.findIndex((y) => y.id === x.id)) continue;
    lastYearTargets.push(...targetsOf(x, await classesOf(knex, x, sliceBefore!)));
  }
  const [other, lastYear] = await Promise.all([
    classCounts(knex, otherTargets, filter),
    classCounts(knex, lastYearTargets, filterOf(sliceBefore ?? {})),
  ]);
  const countsOf = (periodId: string): ResultCounts =>
    periodId === p.id ? thisCounts : sumCounts([...other, ...lastYear].filter((r) => r.periodId === periodId));

  const comparison: ReportRow[] = [];
  const compared: string[] = [];
  const compareRow = (what: string, x: PeriodRow | undefined, missing: string) => {
    if (!x) {
      compared.push(missing);
      return;
    }
    const c = countsOf(x.id);
    const f = figuresOf(c, w);
    if (x.id !== p.id && f.n === 0) {
      compared.push(`${what} (${x.name} ${x.year_name}): отметок за период нет.`);
      return;
    }
    comparison.push({ cells: { what, period: `${x.name} ${x.year_name}`, ...figureCells(c, w) }, ...(x.id === p.id ? { mark: 'total' as const } : {}) });
  };
  compareRow('Этот период', p, '');
  compareRow('Предыдущий период', previous, 'Предыдущего периода в журнале нет.');
  compareRow('Тот же период прошлого года', sameLastYear, 'Того же периода прошлого года в журнале нет.');

  const chart: ReportSection = {
    kind: 'chart',
    title: `Результаты по периодам, ${p.year_name}`,
    chart: {
      type: 'bars',
      categories: chartPeriods.map((x) => x.name),
      series: [
        { name: 'Успеваемость, %', values: chartPeriods.map((x) => figuresOf(countsOf(x.id), w).success) },
        { name: 'Качество, %', values: chartPeriods.map((x) => figuresOf(countsOf(x.id), w).quality) },
        { name: 'СОУ, %', values: chartPeriods.map((x) => figuresOf(countsOf(x.id), w).sou) },
      ],
      unit: '%',
      min: 0,
      max: 100,
    },
  };

  const rule = `N — ученики в списке класса на последний день периода (${formatRuDate(p.ends_on)}), кроме освобождённых (ОСВ) и не имеющих ни одной отметки за период; «Н/А» входит в N.`;
  const leftRule = `Ученик, выбывший из класса до конца периода, не учитывается${left.length ? ` (выбыли: ${left.length})` : ''}.`;
  const notes = [
    'Успеваемость, % = (n5 + n4 + n3) / N · 100',
    'Качество, % = (n5 + n4) / N · 100',
    souFormula(w),
    'Средний балл — среднее отметок за период от «1» до «5» (без «Н/А» и «ОСВ»).',
    rule,
    leftRule,
    'По классам, параллелям и школе ученик считается один раз, по самой низкой отметке за период: n5 — только «5», n4 — «4» и «5», n3 — есть «3», n2 — есть «2» (или «1»), nН/А — есть «Н/А».',
    'По предметам и учителям считаются отметки за период: ученик по предмету — одна отметка.',
    'При N = 0 проценты и СОУ равны 0, средний балл — «—».',
    'Тот же период прошлого года — те же ученики годом раньше (для класса и параллели — на год младше).',
  ];

  const sections: ReportSection[] = [
    classTable(lines, w, wholeSchool, slice.grade !== undefined),
    groupTable('По предметам (отметки за период)', 'Предмет', subjects, w, 'Отметок за период по предметам нет.'),
    groupTable('По учителям (отметки за период)', 'Учитель', teachers, w, 'Отметок за период по учителям нет.'),
    ...listTables(students, className),
    {
      kind: 'table',
      title: 'Выбыли до конца периода (не учитываются)',
      columns: [
        { key: 'name', title: 'Ученик', kind: 'text', width: 4 },
        { key: 'cls', title: 'Класс', kind: 'text' },
        { key: 'endsOn', title: 'Последний день в классе', kind: 'date' },
      ],
      rows: left.map((l) => ({ cells: { name: studentName(l), cls: className(l.classId), endsOn: l.endsOn } })),
      empty: 'Выбывших до конца периода нет.',
    },
    {
      kind: 'table',
      title: 'Сравнение с прошлыми периодами',
      columns: [
        { key: 'what', title: 'С чем', kind: 'text', width: 3 },
        { key: 'period', title: 'Период', kind: 'text', width: 3 },
        ...FIGURE_COLUMNS,
      ],
      rows: comparison,
      empty: 'Данных для сравнения нет.',
    },
    ...(compared.filter(Boolean).length ? [{ kind: 'text' as const, lines: compared.filter(Boolean) }] : []),
    chart,
  ];

  return {
    name: 'results',
    title: 'Успеваемость и качество знаний',
    subtitle: [names.length ? names.join(', ') : 'Вся школа', `${p.name} ${p.year_name}`, periodSpan(p)].join(' · '),
    params,
    notes,
    parts: [{ title: '', sections }],
  };
}

export const resultsReport = declareReport({
  name: 'results',
  title: 'Успеваемость и качество знаний',
  description: 'Успеваемость, качество, СОУ и средний балл за период по классам, параллелям, предметам и учителям, со списками учеников и сравнением с прошлыми периодами.',
  params: { periodId: 'required', grade: 'optional', classId: 'optional', subjectId: 'optional', teacherId: 'optional' },
  access: 'classDeskReaders',
  refuse: (knex, params, ctx) => refuseOtherClass(knex, params, ctx, ['deputy', 'director', 'admin']),
  build: buildResults,
});
