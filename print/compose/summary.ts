// The summary sheets as pages (R-REP-4, R-PRINT-4): the summary of period marks with the
// class's results, the summary of attendance, and student movement. One side per sheet
// (landscape tables are not printed on their backs); the same verification band as the
// class copy; certification lines at the end. The year's summary of final marks follows the
// archive form and is laid out in compose/year-final.ts.
import { formatRuDate } from '../../shared/dates';
// Shares on paper to tenths of a percent with a decimal comma ('93,3'), as on the screen.
import { formatPercent as percent } from '../../shared/format';
import { paintFrame, type Stamp } from '../draw/frame';
import type { Painter } from '../draw/painter';
import { paintTable, type Column, type TableRow, type TableSpec } from '../draw/table';
import { GREY, line } from '../draw/text';
import { paintCertification } from '../draw/title';
import { fitSize } from '../draw/measure';
import type { AttendanceSummaryData, MarksSummaryData, MovementSummaryData, SummaryData } from '../data/summary';
import { composeYearFinal, yearFinalHashes } from './year-final';
import type { DocPage, PrintDocument } from '../document';
import { A4, A4_LANDSCAPE, MM, bodyBox, type Box } from '../layout/geometry';
import { hashOf, type DocumentHashes, type SheetHash } from '../verify/hash';

const HEADING_H = 14 * MM;
const CERT_H = 47 * MM;

interface SummaryLayout {
  size: { width: number; height: number };
  spec: TableSpec;
  body: TableRow[];
  foot: TableRow[];
  /** Lines of the results under the table on the last page. */
  results: string[];
  title: string;
  note: string;
  /** A table before the main one on the first page (movement counts). */
  lead?: { spec: TableSpec; rows: TableRow[] };
}

interface SummaryPage {
  rows: TableRow[];
  final: boolean;
}

function titleOf(d: SummaryData): string {
  switch (d.kind) {
    case 'marks': return 'Сводная ведомость успеваемости';
    case 'year-final': return 'Сводная ведомость итоговых отметок за учебный год';
    case 'attendance': return 'Сводная ведомость посещаемости';
    case 'movement': return 'Сводная ведомость движения обучающихся';
  }
}

export function summaryKindName(kind: SummaryData['kind']): string {
  return titleOf({ kind } as SummaryData);
}

const PASSING = new Set(['3', '4', '5']);
const FAILING = new Set(['1', '2', 'Н/А']);

function studentResult(values: string[]): string {
  const marked = values.filter((v) => v !== 'ОСВ');
  if (marked.length === 0) return '';
  if (marked.some((v) => FAILING.has(v))) return 'неусп.';
  if (marked.every((v) => v === '5')) return 'на «5»';
  if (marked.every((v) => v === '4' || v === '5')) return 'на «4» и «5»';
  if (marked.filter((v) => v === '3').length === 1) return 'одна «3»';
  return 'успевает';
}

/** № and the student's name, a narrow vertical column per subject (as many as fit), then `extra`. */
function studentSubjectColumns(box: Box, subjects: readonly { name: string }[], extra: Column[]): Column[] {
  const numberW = 8 * MM;
  const nameW = 62 * MM;
  const extraW = extra.reduce((s, c) => s + c.width, 0);
  const width = Math.max(6 * MM, Math.min(14 * MM, (box.w - numberW - nameW - extraW) / Math.max(1, subjects.length)));
  return [
    { head: '№', width: numberW },
    { head: 'Фамилия, имя, отчество обучающегося', width: nameW, align: 'left' },
    ...subjects.map((s) => ({ head: s.name, width, vertical: true })),
    ...extra,
  ];
}

/** The summaries laid out here: every kind but the year's final marks. */
type TableSummary = Exclude<SummaryData, { kind: 'year-final' }>;

function marksLayout(d: MarksSummaryData, box: Box): SummaryLayout {
  const extra: Column[] = [{ head: 'Итог', width: 20 * MM }];
  const columns = studentSubjectColumns(box, d.subjects, extra);
  const value = new Map(d.marks.map((m) => [`${m.studentId}|${m.subjectId}`, m.value]));
  const results: string[] = [];
  const body: TableRow[] = d.students.map((s, i) => {
    const vals = d.subjects.map((sub) => value.get(`${s.id}|${sub.id}`) ?? '');
    const r = studentResult(vals.filter((v) => v !== ''));
    results.push(r);
    return { cells: [String(i + 1), s.name, ...vals, r] };
  });
  const count = (subId: string, pred: (v: string) => boolean) => d.students.filter((s) => pred(value.get(`${s.id}|${subId}`) ?? '')).length;
  const foot: TableRow[] = [
    ...['5', '4', '3', '2', 'Н/А'].map((v) => ({ cells: ['', `Отметок «${v}»`, ...d.subjects.map((sub) => String(count(sub.id, (x) => x === v) || '')), ''], shade: true })),
    { cells: ['', 'Успеваемость, %', ...d.subjects.map((sub) => percent(count(sub.id, (x) => PASSING.has(x)), count(sub.id, (x) => x !== '' && x !== 'ОСВ'))), ''], bold: true },
    { cells: ['', 'Качество, %', ...d.subjects.map((sub) => percent(count(sub.id, (x) => x === '4' || x === '5'), count(sub.id, (x) => x !== '' && x !== 'ОСВ'))), ''], bold: true },
  ];
  const n = d.students.length;
  const c = (k: string) => results.filter((r) => r === k).length;
  const passing = results.filter((r) => r !== '' && r !== 'неусп.').length;
  const quality = c('на «5»') + c('на «4» и «5»');
  const attested = results.filter((r) => r !== '').length;
  return {
    size: A4_LANDSCAPE,
    spec: { columns, headH: 34 * MM, rowH: 4.6 * MM, size: 8 },
    body, foot,
    results: [
      `Обучающихся: ${n}. Успевают на «5» — ${c('на «5»')}, на «4» и «5» — ${quality - c('на «5»')}, с одной «3» — ${c('одна «3»')}, не успевают — ${c('неусп.')}.`,
      `Успеваемость класса — ${percent(passing, attested)} %, качество знаний — ${percent(quality, attested)} %.`,
    ],
    title: titleOf(d),
    note: `отметки за ${d.heading.period.name}`,
  };
}

function attendanceLayout(d: AttendanceSummaryData, box: Box): SummaryLayout {
  // R-REP-4: the lessons missed, then each reason in its own column — Б (illness), У (another
  // valid reason), Н (no valid reason) — and the lateness.
  const extra: Column[] = [
    { head: 'Всего пропущено уроков', width: 14 * MM },
    { head: 'Б — по болезни', width: 11 * MM },
    { head: 'У — по уважит. причине', width: 11 * MM },
    { head: 'Н — без уважит. причины', width: 11 * MM },
    { head: 'Опозданий', width: 11 * MM },
  ];
  const columns = studentSubjectColumns(box, d.subjects, extra);
  const cell = new Map(d.cells.map((c) => [`${c.studentId}|${c.subjectId}`, c]));
  const fmt = (missed: number, excused: number) => (missed === 0 ? '' : excused === 0 ? String(missed) : `${missed}/${excused}`);
  type Count = 'missed' | 'excused' | 'ill' | 'valid' | 'unexcused' | 'late';
  const body: TableRow[] = d.students.map((s, i) => {
    const cs = d.subjects.map((sub) => cell.get(`${s.id}|${sub.id}`));
    const total = (k: Count) => String(cs.reduce((a, c) => a + (c?.[k] ?? 0), 0) || '');
    return { cells: [String(i + 1), s.name, ...cs.map((c) => fmt(c?.missed ?? 0, c?.excused ?? 0)), total('missed'), total('ill'), total('valid'), total('unexcused'), total('late')] };
  });
  const sum = (subId: string, k: Count) => d.students.reduce((a, s) => a + (cell.get(`${s.id}|${subId}`)?.[k] ?? 0), 0);
  const all = (k: Count) => d.cells.reduce((a, c) => a + c[k], 0);
  const foot: TableRow[] = [
    { cells: ['', 'Пропущено уроков', ...d.subjects.map((s) => String(sum(s.id, 'missed'))), String(all('missed')), String(all('ill')), String(all('valid')), String(all('unexcused')), String(all('late'))], bold: true },
    { cells: ['', 'из них по уважительной причине', ...d.subjects.map((s) => String(sum(s.id, 'excused'))), String(all('excused')), '', '', '', ''], bold: true },
  ];
  return {
    size: A4_LANDSCAPE,
    spec: { columns, headH: 34 * MM, rowH: 4.6 * MM, size: 8 },
    body, foot,
    results: [
      `Пропущено уроков: ${all('missed')}: по болезни (Б) — ${all('ill')}, по другой уважительной причине (У) — ${all('valid')}, без уважительной причины (Н) — ${all('unexcused')}. Опозданий: ${all('late')}.`,
      'В клетке: пропущено уроков / из них по уважительной причине.',
    ],
    title: titleOf(d),
    note: `пропущенные уроки за ${d.heading.period.name} по предметам`,
  };
}

function movementLayout(d: MovementSummaryData, box: Box): SummaryLayout {
  const kind = (m: MovementSummaryData['movements'][number]) =>
    m.kind === 'arrival' ? 'прибыл(а)' : m.kind === 'departure' ? 'выбыл(а)' : m.direction === 'in' ? `переведён(а) из ${m.otherClass ?? '—'}` : `переведён(а) в ${m.otherClass ?? '—'}`;
  const fixed = [8, 20, 60, 34, 34].map((w) => w * MM);
  const columns: Column[] = [
    { head: '№', width: fixed[0]! },
    { head: 'Дата', width: fixed[1]! },
    { head: 'Фамилия, имя, отчество обучающегося', width: fixed[2]!, align: 'left' },
    { head: 'Движение', width: fixed[3]! },
    { head: 'Приказ', width: fixed[4]! },
    { head: 'Откуда прибыл / куда выбыл', width: box.w - fixed.reduce((a, b) => a + b, 0), align: 'left' },
  ];
  const body: TableRow[] = d.movements.map((m, i) => ({
    cells: [String(i + 1), formatRuDate(m.date), m.studentName, kind(m), `${m.orderNumber} от ${formatRuDate(m.orderDate)}`, m.note],
  }));
  const leadW = box.w / 4;
  return {
    size: A4,
    spec: { columns, headH: 10 * MM, rowH: 6 * MM, size: 8 },
    body: body.length > 0 ? body : [{ cells: ['', '', 'Движения обучающихся за период не было', '', '', ''] }],
    foot: [],
    results: [],
    title: titleOf(d),
    note: `${d.heading.period.name}: прибытие, выбытие, перевод с приказами`, // R-REC-9
    lead: {
      spec: { columns: ['На начало периода', 'Прибыло', 'Выбыло', 'На конец периода'].map((head) => ({ head, width: leadW })), headH: 8 * MM, rowH: 7 * MM, size: 9 },
      rows: [{ cells: [String(d.atStart), String(d.arrived), String(d.left), String(d.atEnd)], bold: true }],
    },
  };
}

function layoutOf(d: TableSummary): SummaryLayout {
  const box = bodyBox('front', d.kind === 'movement' ? A4 : A4_LANDSCAPE);
  if (d.kind === 'attendance') return attendanceLayout(d, box);
  if (d.kind === 'movement') return movementLayout(d, box);
  return marksLayout(d, box);
}

function leadHeight(l: SummaryLayout): number {
  return l.lead ? l.lead.spec.headH + l.lead.rows.length * l.lead.spec.rowH + 6 * MM : 0;
}

/** Splits the table into pages; the foot rows, results and certification end the last one. */
function paginate(l: SummaryLayout): SummaryPage[] {
  const box = bodyBox('front', l.size);
  const finalH = l.foot.length * l.spec.rowH + l.results.length * 5 * MM + 4 * MM + CERT_H;
  const pages: SummaryPage[] = [];
  let rest = l.body;
  let first = true;
  for (;;) {
    const avail = box.h - HEADING_H - (first ? leadHeight(l) : 0) - l.spec.headH;
    const cap = Math.max(1, Math.floor(avail / l.spec.rowH));
    const here = rest.slice(0, cap);
    rest = rest.slice(here.length);
    if (rest.length === 0) {
      if (avail - here.length * l.spec.rowH >= finalH) {
        pages.push({ rows: [...here, ...l.foot], final: true });
      } else {
        pages.push({ rows: here, final: false });
        pages.push({ rows: l.foot, final: true });
      }
      return pages;
    }
    pages.push({ rows: here, final: false });
    first = false;
  }
}

/** The hashes of any summary (the register's staleness, R-PRINT-5). */
export function summaryDocumentHashes(d: SummaryData): DocumentHashes {
  if (d.kind === 'year-final') {
    const { plan: _plan, ...h } = yearFinalHashes(d);
    return h;
  }
  const { layout: _l, pages: _p, ...h } = summaryHashes(d);
  return h;
}

export function summaryHashes(d: TableSummary): DocumentHashes & { layout: SummaryLayout; pages: SummaryPage[] } {
  const layout = layoutOf(d);
  const pages = paginate(layout);
  const sheets: SheetHash[] = pages.map((pg, i) => ({
    sheet: i + 1,
    label: `${layout.title}, лист ${i + 1}`,
    hash: hashOf({ sheet: i + 1, heading: d.heading, rows: pg.rows.map((r) => r.cells), results: pg.final ? layout.results : null, lead: i === 0 ? layout.lead?.rows.map((r) => r.cells) ?? null : null }),
  }));
  return { hash: hashOf(d), sheets, parts: [{ key: d.kind, label: layout.title, hash: hashOf(d), firstSheet: 1, lastSheet: pages.length }], layout, pages };
}

export function composeSummary(d: SummaryData, opts: { docNo: string; printedOn: string; warning: string | null }): PrintDocument {
  if (d.kind === 'year-final') return composeYearFinal(d, opts);
  const { layout, pages: planned, ...hashes } = summaryHashes(d);
  const h = d.heading;
  const stamp: Stamp = { docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: planned.length, about: `Класс ${h.className} · ${h.period.name} ${h.yearName}` };
  const box = bodyBox('front', layout.size);
  const pages: DocPage[] = planned.map((pg, i) => ({
    size: layout.size,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, page: layout.size, sheetHash: hashes.sheets[i]!.hash,
        title: `${layout.title} · ${h.className} класс`,
        subtitle: `${h.schoolShortName} · ${h.period.name} ${h.yearName} учебного года · классный руководитель ${h.classTeacher ?? 'не назначен'}`,
      }, stamp);
      let y = box.y;
      const head = `${layout.title.toLocaleUpperCase('ru')} · ${h.className} КЛАСС`;
      line(p, head, box.x, y, { size: fitSize(head, box.w, 12, 8, true), bold: true, align: 'center', width: box.w });
      const sub = `${h.schoolFullName}; ${layout.note}; ${formatRuDate(h.period.startsOn)} – ${formatRuDate(h.period.endsOn)}${opts.warning ? `. ${opts.warning}` : ''}`;
      line(p, sub, box.x, y + 5.5 * MM, { size: fitSize(sub, box.w, 8, 5.5), color: GREY, align: 'center', width: box.w });
      y += HEADING_H;
      if (i === 0 && layout.lead) {
        paintTable(p, box.x, y, layout.lead.spec, layout.lead.rows);
        y += leadHeight(layout);
      }
      y = paintTable(p, box.x, y, layout.spec, pg.rows) + 3 * MM;
      if (pg.final) {
        layout.results.forEach((r) => {
          line(p, r, box.x, y, { size: fitSize(r, box.w, 9, 6, true), bold: true });
          y += 5 * MM;
        });
        paintCertification(p, box.x, box.y + box.h - CERT_H, box.w, true, h.titles);
      }
    },
  }));
  return {
    ...hashes,
    docNo: opts.docNo,
    printedOn: opts.printedOn,
    title: `${layout.title}: ${h.className} класс, ${h.period.name} ${h.yearName}`,
    subject: h.schoolFullName,
    pages,
    sheetCount: planned.length,
  };
}
