// The year's summary of final marks of a class as pages (R-PRINT-4, the archive form; R-REC-4),
// on A4 landscape, one side per sheet:
//   - the marks sheets: № and name, then per subject a group of columns — each term of the
//     grade (quarters or half-years), the year mark, the exam (its form, the ЕГЭ test score,
//     the mark) where the class sat an exam in the subject, and the final mark. As many
//     subjects as fit side by side on a sheet; the next ones on the next sheet, the whole
//     class on each (rows shrink to keep a class of 35 on one sheet);
//   - the decisions sheet: each student's result of the year, academic debts, the decision
//     of the director's order and next year's class (blank while the year is open), the
//     class's results, the keeping period, and the certification lines.
// The same verification band as every copy; the sheet hashes cover what each sheet prints.
import { formatRuDate } from '../../shared/dates';
import { formatPercent as percent } from '../../shared/format';
import type { YearFinalSummaryData } from '../data/year-final';
import type { DocPage, PrintDocument } from '../document';
import { paintFrame, type Stamp } from '../draw/frame';
import { fitSize } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type Column, type ColumnGroup, type TableRow, type TableSpec } from '../draw/table';
import { GREY, line } from '../draw/text';
import { paintCertification } from '../draw/title';
import { A4_LANDSCAPE, MM, bodyBox } from '../layout/geometry';
import { hashOf, type DocumentHashes, type SheetHash } from '../verify/hash';

export const YEAR_FINAL_TITLE = 'Сводная ведомость итоговых отметок за учебный год';

const HEADING_H = 14 * MM;
const CERT_H = 47 * MM;
const RESULT_LINE_H = 5 * MM;
const NO_W = 7 * MM;
const NAME_W = 50 * MM;
const GROUP_H = 8 * MM;
const SUB_H = 8 * MM;
const MIN_ROW = 3.6 * MM;
const MAX_ROW = 5 * MM;

type Cell = { kind: 'term'; term: number } | { kind: 'year' } | { kind: 'form' } | { kind: 'score' } | { kind: 'exam' } | { kind: 'final' };

interface SubjectGroup {
  subjectId: string;
  name: string;
  cells: { cell: Cell; head: string; width: number }[];
  width: number;
}

/** One printed sheet: a part of the marks (some subjects, some students) or of the decisions. */
interface YearFinalPage {
  part: 'marks' | 'decisions';
  spec: TableSpec;
  rows: TableRow[];
  /** The decisions' last sheet: the results and the certification under the table. */
  final: boolean;
}

const FAILING = new Set(['1', '2', 'Н/А', 'незачёт']);

/** A student's result of the year from the marks that count: the final mark, else the year mark. */
function yearResult(values: string[]): string {
  const marked = values.filter((v) => v !== 'ОСВ' && v !== 'зачёт');
  if (values.length === 0) return '';
  if (marked.some((v) => FAILING.has(v))) return 'неусп.';
  if (marked.length === 0) return 'успевает';
  if (marked.every((v) => v === '5')) return 'на «5»';
  if (marked.every((v) => v === '4' || v === '5')) return 'на «4» и «5»';
  if (marked.filter((v) => v === '3').length === 1) return 'одна «3»';
  return 'успевает';
}

function subjectGroups(d: YearFinalSummaryData): SubjectGroup[] {
  return d.subjects.map((s) => {
    const exams = d.exams.filter((e) => e.subjectId === s.id);
    const cells: SubjectGroup['cells'] = [
      ...d.terms.map((t, i) => ({ cell: { kind: 'term', term: i } as Cell, head: t.label, width: (d.terms.length > 3 ? 5 : 8) * MM })),
      { cell: { kind: 'year' }, head: 'Год', width: 6.5 * MM },
      // The exam columns only where the class sat an exam in the subject (R-REC-4).
      ...(exams.length > 0 ? [{ cell: { kind: 'form' } as Cell, head: 'Форма экз.', width: 9 * MM }] : []),
      ...(exams.some((e) => e.score !== null) ? [{ cell: { kind: 'score' } as Cell, head: 'Балл', width: 8 * MM }] : []),
      ...(exams.length > 0 ? [{ cell: { kind: 'exam' } as Cell, head: 'Экз.', width: 6.5 * MM }] : []),
      { cell: { kind: 'final' }, head: 'Итог.', width: 7.5 * MM },
    ];
    return { subjectId: s.id, name: s.name, cells, width: cells.reduce((a, c) => a + c.width, 0) };
  });
}

/** Subjects side by side, as many as the sheet's width holds. */
function packGroups(groups: SubjectGroup[], room: number): SubjectGroup[][] {
  const sheets: SubjectGroup[][] = [];
  let cur: SubjectGroup[] = [];
  let used = 0;
  for (const g of groups) {
    if (cur.length > 0 && used + g.width > room) {
      sheets.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(g);
    used += g.width;
  }
  if (cur.length > 0) sheets.push(cur);
  return sheets;
}

function valueOf(d: YearFinalSummaryData) {
  const key = (st: string, sub: string) => `${st}|${sub}`;
  const term = new Map(d.termMarks.map((m) => [`${key(m.studentId, m.subjectId)}|${m.term}`, m.value]));
  const year = new Map(d.yearMarks.map((m) => [key(m.studentId, m.subjectId), m.value]));
  const exam = new Map(d.exams.map((m) => [key(m.studentId, m.subjectId), m]));
  const fin = new Map(d.finals.map((m) => [key(m.studentId, m.subjectId), m.value]));
  return {
    cell(studentId: string, subjectId: string, c: Cell): string {
      const k = key(studentId, subjectId);
      switch (c.kind) {
        case 'term': return term.get(`${k}|${c.term}`) ?? '';
        case 'year': return year.get(k) ?? '';
        case 'form': return exam.get(k)?.form ?? '';
        case 'score': return exam.get(k)?.score?.toString() ?? '';
        case 'exam': return exam.get(k)?.value ?? '';
        case 'final': return fin.get(k) ?? '';
      }
    },
    /** What counts for the year's result: the final mark, else the year mark. */
    counted(studentId: string, subjectId: string): string {
      const k = key(studentId, subjectId);
      return fin.get(k) ?? year.get(k) ?? '';
    },
  };
}

interface Plan {
  pages: YearFinalPage[];
  results: string[];
}

function plan(d: YearFinalSummaryData): Plan {
  const box = bodyBox('front', A4_LANDSCAPE);
  const n = Math.max(1, d.students.length);
  const values = valueOf(d);

  // The marks sheets: rows as high as lets the whole class stand on one sheet, within limits.
  const marksRoom = box.h - HEADING_H - GROUP_H - SUB_H;
  const rowH = Math.min(MAX_ROW, Math.max(MIN_ROW, marksRoom / n));
  const perSheet = Math.max(1, Math.floor((marksRoom + 0.01) / rowH));
  const pages: YearFinalPage[] = [];
  for (const groups of packGroups(subjectGroups(d), box.w - NO_W - NAME_W)) {
    // The subjects fill the sheet's width (a little wider columns, never more than a third).
    const widen = Math.min(4 / 3, (box.w - NO_W - NAME_W) / groups.reduce((a, g) => a + g.width, 0));
    const columns: Column[] = [{ head: '№', width: NO_W }, { head: 'Фамилия, имя, отчество обучающегося', width: NAME_W, align: 'left' }];
    const spans: ColumnGroup[] = [];
    for (const g of groups) {
      spans.push({ head: g.name, from: columns.length, to: columns.length + g.cells.length - 1 });
      for (const c of g.cells) columns.push({ head: c.head, width: c.width * widen });
    }
    const spec: TableSpec = { columns, headH: GROUP_H + SUB_H, groupH: GROUP_H, groups: spans, rowH, size: 7.5 };
    for (let from = 0; from < d.students.length; from += perSheet) {
      const rows = d.students.slice(from, from + perSheet).map((s, i) => ({
        cells: [String(from + i + 1), s.name, ...groups.flatMap((g) => g.cells.map((c) => values.cell(s.id, g.subjectId, c.cell)))],
      }));
      pages.push({ part: 'marks', spec, rows, final: false });
    }
  }

  // The decisions: each student's result, debts, the decision and next year's class.
  const decision = new Map(d.decisions.map((x) => [x.studentId, x]));
  const results: string[] = [];
  const fixed = [NO_W, 62 * MM, 24 * MM, 64 * MM, 26 * MM];
  const columns: Column[] = [
    { head: '№', width: fixed[0]! },
    { head: 'Фамилия, имя, отчество обучающегося', width: fixed[1]!, align: 'left' },
    { head: 'Итоги учебного года', width: fixed[2]! },
    { head: 'Академическая задолженность', width: box.w - fixed.reduce((a, b) => a + b, 0), align: 'left' },
    { head: 'Решение о переводе (приказ директора)', width: fixed[3]!, align: 'left' },
    { head: 'Класс в следующем учебном году', width: fixed[4]! },
  ];
  const body: TableRow[] = d.students.map((s, i) => {
    const r = yearResult(d.subjects.map((sub) => values.counted(s.id, sub.id)).filter((v) => v !== ''));
    results.push(r);
    const x = decision.get(s.id);
    return { cells: [String(i + 1), s.name, r, x?.debts ?? '', x?.decision ?? '', x?.toClass ?? ''] };
  });
  const c = (k: string) => results.filter((r) => r === k).length;
  const attested = results.filter((r) => r !== '').length;
  const passing = attested - c('неусп.');
  const quality = c('на «5»') + c('на «4» и «5»');
  const count = (word: string) => d.decisions.filter((x) => x.decision === word).length;
  const summaryLines = [
    `Обучающихся: ${d.students.length}. Успевают на «5» — ${c('на «5»')}, на «4» и «5» — ${c('на «4» и «5»')}, с одной «3» — ${c('одна «3»')}, не успевают — ${c('неусп.')}.`,
    `Успеваемость класса — ${percent(passing, attested)} %, качество знаний — ${percent(quality, attested)} % (по итоговым отметкам, где их нет — по годовым).`,
    d.order
      ? `Приказ директора № ${d.order.number} от ${formatRuDate(d.order.date)}: переведены — ${count('переведён(а)')}, переведены условно — ${count('переведён(а) условно')}, оставлены на повторное обучение — ${count('оставлен(а) на повторное обучение')}, окончили — ${count('окончил(а) и выбыл(а)')}, выбыли — ${count('выбыл(а)')}.`
      : 'Решение о переводе вносится после приказа директора по окончании учебного года.',
    // R-PRINT-4: the summaries of final marks are kept 25 years.
    'Срок хранения — 25 лет (сводные ведомости итоговых отметок).',
  ];
  const spec: TableSpec = { columns, headH: 10 * MM, rowH, size: 8 };
  const decisionsRoom = box.h - HEADING_H - spec.headH;
  const finalH = summaryLines.length * RESULT_LINE_H + 4 * MM + CERT_H;
  let rest = body;
  for (;;) {
    const cap = Math.max(1, Math.floor((decisionsRoom + 0.01) / rowH));
    const here = rest.slice(0, cap);
    rest = rest.slice(here.length);
    if (rest.length > 0) {
      pages.push({ part: 'decisions', spec, rows: here, final: false });
      continue;
    }
    if (decisionsRoom - here.length * rowH >= finalH) {
      pages.push({ part: 'decisions', spec, rows: here, final: true });
    } else {
      pages.push({ part: 'decisions', spec, rows: here, final: false });
      pages.push({ part: 'decisions', spec: { ...spec }, rows: [], final: true });
    }
    break;
  }
  return { pages, results: summaryLines };
}

function sheetHash(d: YearFinalSummaryData, pg: YearFinalPage, i: number, results: string[]): string {
  return hashOf({
    sheet: i + 1, heading: d.heading, part: pg.part,
    groups: pg.spec.groups?.map((g) => g.head) ?? null,
    head: pg.spec.columns.map((c) => c.head),
    rows: pg.rows.map((r) => r.cells),
    results: pg.final ? results : null,
  });
}

export function yearFinalHashes(d: YearFinalSummaryData): DocumentHashes & { plan: Plan } {
  const p = plan(d);
  const sheets: SheetHash[] = p.pages.map((pg, i) => ({ sheet: i + 1, label: `${YEAR_FINAL_TITLE}, лист ${i + 1}`, hash: sheetHash(d, pg, i, p.results) }));
  const hash = hashOf(d);
  return { hash, sheets, parts: [{ key: d.kind, label: YEAR_FINAL_TITLE, hash, firstSheet: 1, lastSheet: p.pages.length }], plan: p };
}

export function composeYearFinal(d: YearFinalSummaryData, opts: { docNo: string; printedOn: string; warning: string | null }): PrintDocument {
  const { plan: planned, ...hashes } = yearFinalHashes(d);
  const h = d.heading;
  const size = A4_LANDSCAPE;
  const box = bodyBox('front', size);
  const stamp: Stamp = { docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: planned.pages.length, about: `Класс ${h.className} · ${h.period.name} ${h.yearName}` };
  const termWords = d.terms.length === 2 ? 'полугодия' : d.terms.length === 3 ? 'триместры' : 'четверти';
  const pages: DocPage[] = planned.pages.map((pg, i) => ({
    size,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, page: size, sheetHash: hashes.sheets[i]!.hash,
        title: `${YEAR_FINAL_TITLE} · ${h.className} класс`,
        subtitle: `${h.schoolShortName} · ${h.yearName} учебный год · классный руководитель ${h.classTeacher ?? 'не назначен'}`,
      }, stamp);
      let y = box.y;
      const head = `${YEAR_FINAL_TITLE.toLocaleUpperCase('ru')} · ${h.className} КЛАСС · ${h.yearName}`;
      line(p, head, box.x, y, { size: fitSize(head, box.w, 12, 8, true), bold: true, align: 'center', width: box.w });
      const note = pg.part === 'marks'
        ? `отметки за ${termWords}, годовые, экзаменационные (Экз.) и итоговые (Итог.)`
        : 'итоги учебного года и решение о переводе обучающихся';
      const sub = `${h.schoolFullName}; ${note}; ${formatRuDate(h.period.startsOn)} – ${formatRuDate(h.period.endsOn)}${opts.warning ? `. ${opts.warning}` : ''}`;
      line(p, sub, box.x, y + 5.5 * MM, { size: fitSize(sub, box.w, 8, 5.5), color: GREY, align: 'center', width: box.w });
      y += HEADING_H;
      if (pg.rows.length > 0) y = paintTable(p, box.x, y, pg.spec, pg.rows) + 3 * MM;
      if (pg.final) {
        for (const r of planned.results) {
          line(p, r, box.x, y, { size: fitSize(r, box.w, 9, 6, true), bold: true });
          y += RESULT_LINE_H;
        }
        paintCertification(p, box.x, box.y + box.h - CERT_H, box.w, false, h.titles);
      }
    },
  }));
  return {
    ...hashes,
    docNo: opts.docNo,
    printedOn: opts.printedOn,
    title: `${YEAR_FINAL_TITLE}: ${h.className} класс, ${h.yearName}`,
    subject: h.schoolFullName,
    pages,
    sheetCount: planned.pages.length,
  };
}
