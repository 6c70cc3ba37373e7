// The journal-control report for deputies (R-REP-1, R-REP-3, R-TIME-4, R-REC-6): for a range
// and a slice, per journal page (class × subject, a subgroup's page apart) with totals per
// class, per teacher and for the slice: marks and accumulation, lessons never filled or
// without topic or homework, lessons entered late, the thematic plan's coverage, open
// remarks and correction requests; and the matrix of classes × subjects as a heat map.
// Every figure leads to the pages or lessons behind it.
import type { Knex } from 'knex';
import { addDays } from '../../../shared/dates';
import type { LinkedLesson, ReportLink, ReportParams, ReportResult, ReportRow, ReportSection, ReportValue } from '../../../shared/report-model';
import { formatDecimal } from '../../../shared/format';
import { loadProfile } from '../../regulation/profile';
import type { PeriodRow } from '../../queries/year';
import type { ReportContext } from '../types';
import { accumulationNorm, type Norm } from './accumulation';
import { pageLessons, type PageLessons } from './lessons';
import { markFigures, markHistogram, type MarkFigures } from './marks';
import { controlPages, type ControlPage } from './pages';
import { pagePlans, type PagePlan } from './plan';
import { pastUntil, reportRange, reportSlice } from './range';

/**
 * How many of these teachers changed anything in the journal in the range (R-REP-1: the
 * share of teachers working in it), from the change history (the index on author, clock).
 */
async function teachersWorking(knex: Knex, teacherIds: readonly string[], from: string, to: string): Promise<number> {
  if (teacherIds.length === 0) return 0;
  const start = new Date(`${from}T00:00:00`).toISOString();
  const end = new Date(`${addDays(to, 1)}T00:00:00`).toISOString();
  let n = 0;
  for (let i = 0; i < teacherIds.length; i += 400) {
    const part = teacherIds.slice(i, i + 400);
    const rows: { n: number }[] = await knex.raw(`SELECT count(*) AS n FROM (SELECT DISTINCT user_id FROM change_log WHERE user_id IN (${part.map(() => '?').join(', ')}) AND hlc >= ? AND hlc < ?)`, [...part, start, end]);
    n += Number(rows[0]?.n ?? 0);
  }
  return n;
}

/** A share in percent (0–100) to one decimal; 0 of 0 is 0 (the notes say so). */
export const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const perStudent = (marks: number, students: number): number => (students === 0 ? 0 : Math.round((marks / students) * 100) / 100);

interface PageFigures {
  readonly page: ControlPage;
  readonly marks: MarkFigures | null;
  readonly norm: Norm | null;
  readonly lessons: PageLessons;
  readonly plan: PagePlan;
}

interface Sum {
  pages: ControlPage[];
  /** Pages that take marks (R-REC-5): without any, the mark figures are '—', not 0. */
  graded: number;
  students: number; none: number; one: number; below: number; marks: number;
  due: number; missing: LinkedLesson[]; noTopic: LinkedLesson[]; noHomework: LinkedLesson[]; late: LinkedLesson[];
  curriculumHours: number; planHours: number; plannedToDate: number; given: number; remarks: number; requests: number;
}

const emptySum = (): Sum => ({
  pages: [], graded: 0, students: 0, none: 0, one: 0, below: 0, marks: 0, due: 0, missing: [], noTopic: [], noHomework: [], late: [],
  curriculumHours: 0, planHours: 0, plannedToDate: 0, given: 0, remarks: 0, requests: 0,
});

function add(s: Sum, f: PageFigures): Sum {
  s.pages.push(f.page);
  if (f.marks) { s.graded++; s.students += f.marks.students; s.none += f.marks.none; s.one += f.marks.one; s.below += f.marks.below; s.marks += f.marks.marks; }
  s.due += f.lessons.due;
  s.missing.push(...f.lessons.missing); s.noTopic.push(...f.lessons.noTopic); s.noHomework.push(...f.lessons.noHomework); s.late.push(...f.lessons.late);
  s.curriculumHours += f.plan.curriculumHours; s.planHours += f.plan.planHours; s.plannedToDate += f.plan.plannedToDate; s.given += f.plan.given;
  s.remarks += f.plan.openRemarks; s.requests += f.plan.pendingRequests;
  return s;
}

const lessonsLink = (title: string, lessons: readonly LinkedLesson[]): ReportLink =>
  ({ to: 'lessons', title, lessons: [...lessons].sort((a, b) => a.date.localeCompare(b.date) || a.className.localeCompare(b.className, 'ru')) });

/** The lesson columns of a row and their links (only where there is something to open). */
function lessonCells(s: Pick<Sum, 'due' | 'missing' | 'noTopic' | 'noHomework' | 'late'>, what: string): { cells: Record<string, ReportValue>; links: Record<string, ReportLink> } {
  const links: Record<string, ReportLink> = {};
  const put = (key: string, title: string, list: readonly LinkedLesson[]) => { if (list.length > 0) links[key] = lessonsLink(`${title}: ${what}`, list); };
  put('missing', 'Уроки по расписанию без записи в журнале', s.missing);
  put('noTopic', 'Уроки без темы', s.noTopic);
  put('noHomework', 'Уроки без домашнего задания', s.noHomework);
  put('late', 'Уроки, внесённые после срока', s.late);
  return { cells: { due: s.due, missing: s.missing.length, noTopic: s.noTopic.length, noHomework: s.noHomework.length, late: s.late.length }, links };
}

const pick = (o: Record<string, ReportValue>, keys: readonly string[]): Record<string, ReportValue> => Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));

const pageLink = (p: ControlPage): ReportLink => ({ to: 'page', assignmentId: p.id });

export async function buildControl(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<ReportResult> {
  const range = await reportRange(knex, params);
  const slice = await reportSlice(knex, params, range.year.id, range.period);
  const profile = await loadProfile(knex);
  const until = pastUntil(range, ctx.today);
  // The roll is read on the range's last day, or today while the range is under way.
  const rollDate = ctx.today < range.from ? range.from : ctx.today < range.to ? ctx.today : range.to;
  const countedTo = until < range.from ? range.from : until;

  const pages = await controlPages(knex, slice, range.year.id, range.from, range.to);
  const terms: PeriodRow[] = await knex('period').where({ year_id: range.year.id }).whereNot({ kind: 'year' })
    .select('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
  const [histogram, lessons, plans, working] = await Promise.all([
    markHistogram(knex, slice, range.year.id, range.from, range.to, rollDate),
    pageLessons(knex, profile, pages, slice, range.year.id, range.from, range.to, until),
    pagePlans(knex, pages, slice, range.year.id, range.from, range.to, countedTo),
    teachersWorking(knex, [...new Set(pages.map((p) => p.teacherId))], range.from, range.to),
  ]);
  const figures: PageFigures[] = pages.map((page) => {
    const norm = page.graded ? accumulationNorm(profile, terms, page.grade, page.hoursPerWeek, range.from, until) : null;
    return {
      page, norm,
      marks: page.graded ? markFigures(histogram.get(page.id), norm!.marks) : null,
      lessons: lessons.get(page.id) ?? { due: 0, missing: [], noTopic: [], noHomework: [], late: [] },
      plan: plans.get(page.id) ?? { curriculumHours: 0, planHours: 0, plannedToDate: 0, given: 0, openRemarks: 0, pendingRequests: 0 },
    };
  });

  // Per class (in the pages' order), per teacher, and the whole slice.
  const byClass = new Map<string, { name: string; classId: string; figures: PageFigures[]; sum: Sum }>();
  const byTeacher = new Map<string, { name: string; sum: Sum }>();
  const total = emptySum();
  for (const f of figures) {
    const c = byClass.get(f.page.classId) ?? { name: f.page.className, classId: f.page.classId, figures: [], sum: emptySum() };
    c.figures.push(f); add(c.sum, f); byClass.set(f.page.classId, c);
    const t = byTeacher.get(f.page.teacherId) ?? { name: f.page.teacherName, sum: emptySum() };
    add(t.sum, f); byTeacher.set(f.page.teacherId, t);
    add(total, f);
  }

  const pageNames = (p: ControlPage) => ({ className: p.className, subject: p.subjectName, teacher: p.teacherName });
  const totalNames = (label: string) => ({ className: label, subject: '', teacher: '' });
  const nameLinks = (p: ControlPage): Record<string, ReportLink> => ({ className: { to: 'class', classId: p.classId }, subject: pageLink(p), teacher: pageLink(p) });

  // 1. Marks and accumulation.
  const marksRow = (s: Pick<Sum, 'graded' | 'students' | 'none' | 'one' | 'below' | 'marks'>): Record<string, ReportValue> => (s.graded === 0
    ? { students: null, noMarks: null, oneMark: null, belowNorm: null, perStudent: null }
    : { students: s.students, noMarks: percent(s.none, s.students), oneMark: percent(s.one, s.students), belowNorm: percent(s.below, s.students), perStudent: perStudent(s.marks, s.students) });
  const marksRows: ReportRow[] = [];
  const lessonRows: ReportRow[] = [];
  const planRows: ReportRow[] = [];
  const planCells = (s: Pick<Sum, 'curriculumHours' | 'planHours' | 'plannedToDate' | 'given'>): Record<string, ReportValue> => ({
    curriculumHours: s.curriculumHours, planHours: s.planHours, plannedToDate: s.plannedToDate, given: s.given, difference: s.given - s.plannedToDate,
    state: s.planHours === 0 ? 'нет КТП' : s.given < s.plannedToDate ? 'отставание' : s.given > s.plannedToDate ? 'опережение' : 'по плану',
  });
  for (const c of byClass.values()) {
    for (const f of c.figures) {
      const p = f.page;
      const link = pageLink(p);
      marksRows.push(f.marks && f.norm
        ? { cells: { ...pageNames(p), ...marksRow({ ...f.marks, graded: 1 }), norm: f.norm.marks }, links: { ...nameLinks(p), students: link, noMarks: link, oneMark: link, norm: link, belowNorm: link, perStudent: link } }
        : { cells: { ...pageNames(p), students: null, noMarks: null, oneMark: null, norm: null, belowNorm: null, perStudent: null }, links: nameLinks(p) });
      const l = lessonCells(f.lessons, `${p.className}, ${p.subjectName}`);
      lessonRows.push({
        cells: { ...pageNames(p), ...l.cells, remarks: f.plan.openRemarks, requests: f.plan.pendingRequests },
        links: { ...nameLinks(p), due: link, remarks: link, requests: link, ...l.links },
        ...(f.lessons.missing.length + f.lessons.noTopic.length > 0 ? { mark: 'risk' as const } : {}),
      });
      const plan = planCells(f.plan);
      planRows.push({
        cells: { ...pageNames(p), ...plan }, links: { ...nameLinks(p), planHours: link, plannedToDate: link, given: link, difference: link },
        ...(plan.state === 'отставание' || plan.state === 'нет КТП' || f.plan.planHours !== f.plan.curriculumHours ? { mark: 'risk' as const } : {}),
      });
    }
    if (c.figures.length > 1) {
      const classLink: ReportLink = { to: 'class', classId: c.classId };
      const label = `Итого ${c.name}`;
      marksRows.push({ cells: { ...totalNames(label), ...marksRow(c.sum), norm: null }, links: { className: classLink }, mark: 'total' });
      const l = lessonCells(c.sum, `${c.name} класс`);
      lessonRows.push({ cells: { ...totalNames(label), ...l.cells, remarks: c.sum.remarks, requests: c.sum.requests }, links: { className: classLink, ...l.links }, mark: 'total' });
      planRows.push({ cells: { ...totalNames(label), ...planCells(c.sum) }, links: { className: classLink }, mark: 'total' });
    }
  }
  if (figures.length > 0) {
    const label = slice.words === 'вся школа' ? 'Итого по школе' : 'Итого';
    marksRows.push({ cells: { ...totalNames(label), ...marksRow(total), norm: null }, mark: 'total' });
    const l = lessonCells(total, slice.words);
    lessonRows.push({ cells: { ...totalNames(label), ...l.cells, remarks: total.remarks, requests: total.requests }, links: l.links, mark: 'total' });
    planRows.push({ cells: { ...totalNames(label), ...planCells(total) }, mark: 'total' });
  }

  // Per teacher.
  const teacherRows: ReportRow[] = [...byTeacher.entries()]
    .sort((a, b) => a[1].name.localeCompare(b[1].name, 'ru'))
    .map(([teacherId, t]) => {
      const l = lessonCells(t.sum, t.name);
      const link: ReportLink = { to: 'report', report: 'control', params: { ...params, teacherId } };
      return {
        cells: { teacher: t.name, pages: t.sum.pages.length, ...pick(marksRow(t.sum), ['students', 'noMarks', 'oneMark']), ...l.cells, difference: t.sum.given - t.sum.plannedToDate, remarks: t.sum.remarks },
        links: { teacher: link, pages: link, ...l.links },
      };
    });

  // The matrix: classes × subjects, % of students without marks (subgroups' pages together).
  const subjects = [...new Map(figures.filter((f) => f.marks).sort((a, b) => a.page.subjectOrder - b.page.subjectOrder || a.page.subjectOnly.localeCompare(b.page.subjectOnly, 'ru'))
    .map((f) => [f.page.subjectId, f.page.subjectOnly])).entries()];
  const classes = [...byClass.values()].filter((c) => c.figures.some((f) => f.marks));
  const values = classes.map((c) => subjects.map(([subjectId]) => {
    const cell = c.figures.filter((f) => f.marks && f.page.subjectId === subjectId).reduce((s, f) => ({ students: s.students + f.marks!.students, none: s.none + f.marks!.none }), { students: 0, none: 0 });
    return cell.students === 0 ? null : percent(cell.none, cell.students);
  }));

  const cols = {
    className: { key: 'className', title: 'Класс', kind: 'text' as const, width: 1.5 },
    subject: { key: 'subject', title: 'Предмет', kind: 'text' as const, width: 4 },
    teacher: { key: 'teacher', title: 'Учитель', kind: 'text' as const, width: 3 },
  };
  const sections: ReportSection[] = [
    {
      kind: 'table', title: 'Отметки и накопляемость',
      columns: [cols.className, cols.subject, cols.teacher,
        { key: 'students', title: 'Учеников', kind: 'int' }, { key: 'noMarks', title: 'Без отметок, %', kind: 'percent' },
        { key: 'oneMark', title: 'С одной, %', kind: 'percent' }, { key: 'norm', title: 'Норма', kind: 'int' },
        { key: 'belowNorm', title: 'Ниже нормы, %', kind: 'percent' }, { key: 'perStudent', title: 'На ученика', kind: 'decimal' }],
      rows: marksRows, empty: 'В выбранном срезе нет страниц журнала.',
    },
    {
      kind: 'table', title: 'Заполнение уроков',
      columns: [cols.className, cols.subject, cols.teacher,
        { key: 'due', title: 'По расписанию', kind: 'int' }, { key: 'missing', title: 'Не заполнены', kind: 'int' },
        { key: 'noTopic', title: 'Без темы', kind: 'int' }, { key: 'noHomework', title: 'Без д/з', kind: 'int' },
        { key: 'late', title: 'Поздно', kind: 'int' }, { key: 'remarks', title: 'Замечания', kind: 'int' },
        { key: 'requests', title: 'Заявки', kind: 'int' }],
      rows: lessonRows, empty: 'В выбранном срезе нет страниц журнала.',
    },
    {
      kind: 'table', title: 'Выполнение программы (КТП)',
      columns: [cols.className, cols.subject, cols.teacher,
        { key: 'curriculumHours', title: 'Учебный план, ч', kind: 'int' }, { key: 'planHours', title: 'В КТП, ч', kind: 'int' },
        { key: 'plannedToDate', title: 'КТП к дате, ч', kind: 'int' }, { key: 'given', title: 'Проведено', kind: 'int' },
        { key: 'difference', title: 'Разница', kind: 'int' }, { key: 'state', title: 'Состояние', kind: 'text', width: 2 }],
      rows: planRows, empty: 'В выбранном срезе нет страниц журнала.',
    },
    {
      kind: 'table', title: 'По учителям',
      columns: [{ key: 'teacher', title: 'Учитель', kind: 'text', width: 3 }, { key: 'pages', title: 'Страниц', kind: 'int' },
        { key: 'students', title: 'Учеников', kind: 'int' }, { key: 'noMarks', title: 'Без отметок, %', kind: 'percent' },
        { key: 'oneMark', title: 'С одной, %', kind: 'percent' },
        { key: 'due', title: 'По расписанию', kind: 'int' }, { key: 'missing', title: 'Не заполнены', kind: 'int' },
        { key: 'noTopic', title: 'Без темы', kind: 'int' }, { key: 'noHomework', title: 'Без д/з', kind: 'int' },
        { key: 'late', title: 'Поздно', kind: 'int' }, { key: 'difference', title: 'КТП: разница', kind: 'int' },
        { key: 'remarks', title: 'Замечания', kind: 'int' }],
      rows: teacherRows, empty: 'В выбранном срезе нет учителей.',
    },
  ];
  const teacherCount = new Set(pages.map((p) => p.teacherId)).size;
  sections.unshift({
    kind: 'text', title: 'Кратко',
    lines: [
      `Страниц журнала: ${pages.length}; учителей: ${teacherCount}, из них работали в журнале в эти дни: ${working} (${formatDecimal(percent(working, teacherCount), 1, true)} %).`,
      `Учеников без отметок: ${formatDecimal(percent(total.none, total.students), 1, true)} %, с одной отметкой: ${formatDecimal(percent(total.one, total.students), 1, true)} %, ниже нормы накопляемости: ${formatDecimal(percent(total.below, total.students), 1, true)} %.`,
      `Уроков по расписанию: ${total.due}; не заполнено: ${total.missing.length}, без темы: ${total.noTopic.length}, без домашнего задания: ${total.noHomework.length}, внесено поздно: ${total.late.length}.`,
      `Открытых замечаний: ${total.remarks}; заявок на исправление ждут решения: ${total.requests}.`,
    ],
  });
  if (classes.length > 0 && subjects.length > 0) {
    sections.splice(1, 0, {
      kind: 'chart', title: 'Ученики без отметок, % (классы × предметы)',
      chart: { type: 'heatmap', rows: classes.map((c) => c.name), columns: subjects.map(([, name]) => name), values, unit: '%', min: 0, max: 100, highIsBad: true },
    });
  }
  const firstWeeks = profile.firstMarkAfterWeeks;
  return {
    name: 'control',
    title: 'Контроль ведения журнала',
    subtitle: `${slice.words[0]!.toUpperCase()}${slice.words.slice(1)} · ${range.words}`,
    params,
    notes: [
      `Уроки считаются по прошедшим дням: ${until < range.from ? 'в выбранном сроке прошедших дней ещё нет' : `по ${until.split('-').reverse().join('.')} включительно`}. Урок по расписанию «не заполнен», если в журнале нет записи о нём; отменённые уроки не считаются, замещённый урок заполняет заменяющий учитель.`,
      `Ученики — по списку класса (подгруппы) на ${rollDate.split('-').reverse().join('.')}; отметки — текущие отметки за уроки с ${range.from.split('-').reverse().join('.')} по ${range.to.split('-').reverse().join('.')}. Процент от 0 учеников показывается как 0.`,
      `Норма накопляемости: не меньше 1 отметки после ${firstWeeks} нед., не меньше 2 после ${profile.secondMarkAfterWeeks} нед.; за завершившийся период — минимум для отметки за период (четверть — ${profile.minMarksQuarter}, полугодие и триместр — ${profile.minMarksOneHour} при 1 часе в неделю, ${profile.minMarksMoreHours} при 2 и более).`,
      'В 1 классе и по предметам без отметок отметки и домашние задания не учитываются.',
      'В итогах проценты считаются от суммы учеников по страницам журнала (ученик × предмет).',
      'Норма — сколько текущих отметок нужно каждому ученику к концу срока; «ниже нормы» — доля учеников, у которых их меньше; «на ученика» — отметок в среднем.',
      `Поздно — тема урока записана после срока (до ${profile.lessonEntryUntilNextDay} следующего дня) или пришла с другого компьютера после срока. Замечания — открытые замечания заместителя директора; заявки — заявки на исправление, ждущие решения.`,
      'Выполнение программы: часы КТП с датой по плану до последнего учтённого дня («КТП к дате») против уроков с темой с начала учебного года («проведено»); разница со знаком минус — отставание, плюс — опережение.',
    ],
    parts: [{ title: '', sections }],
  };
}
