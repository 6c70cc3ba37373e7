// The log of substitutions of a class for a period as pages (R-ROLE-2, revised in issue 17
// item 16): a ruled table on landscape A4, one row a lesson given by a substitute, with a
// cell beside each lesson for the substitute's signature; the deputy who keeps the log signs
// at its end. One side per sheet, the same verification band as every document of the
// register (the number, the hashes, the QR code, where in the app the copy is checked).
import { DEFAULT_TITLES } from '../../db/setup/school-titles';
import { formatRuDate } from '../../shared/dates';
import { paintFrame, type Stamp } from '../draw/frame';
import { fitSize } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type TableRow, type TableSpec } from '../draw/table';
import { GREY, line } from '../draw/text';
import type { SubstitutionLogData } from '../data/substitution-log';
import type { DocPage, PrintDocument } from '../document';
import { A4_LANDSCAPE, MM, bodyBox } from '../layout/geometry';
import { hashOf, type DocumentHashes, type SheetHash } from '../verify/hash';

export const SUBSTITUTION_LOG_TITLE = 'Журнал замены уроков';

/** The heading of the signature column: a test finds the column by it. */
export const SUBSTITUTE_SIGNATURE_HEAD = 'Подпись заменявшего учителя';

const SIZE = A4_LANDSCAPE;
const HEADING_H = 14 * MM;
/** The deputy's signature under the table on the last sheet. */
const SIGN_H = 16 * MM;
/** Rows tall enough to sign in. */
const SPEC_BASE = { headH: 11 * MM, rowH: 9 * MM, size: 8 } as const;

function spec(): TableSpec {
  const box = bodyBox('front', SIZE);
  const W = [8, 17, 10, 28, 40, 40, 40, 0, 34].map((w) => w * MM);
  W[7] = box.w - W.reduce((a, b) => a + b, 0);
  const heads = ['№', 'Дата', 'Урок', 'Предмет', 'Отсутствовал учитель', 'Заменял(а)', 'Причина замены', 'Тема урока', SUBSTITUTE_SIGNATURE_HEAD];
  return {
    ...SPEC_BASE,
    columns: heads.map((head, i) => ({ head, width: W[i]!, align: i === 3 || i === 4 || i === 5 || i === 6 || i === 7 ? 'left' as const : 'center' as const })),
  };
}

function tableRows(d: SubstitutionLogData): TableRow[] {
  if (d.rows.length === 0) return [{ cells: ['', '', '', 'Замен за период не было'] }];
  return d.rows.map((r, i) => ({
    // The last cell stays empty: the substitute signs there.
    cells: [String(i + 1), formatRuDate(r.date), String(r.lessonNo), r.subject, r.absentTeacher, r.substitute, r.reason, r.topic || '—', ''],
  }));
}

function paginate(rows: TableRow[]): TableRow[][] {
  const box = bodyBox('front', SIZE);
  const first = Math.max(1, Math.floor((box.h - HEADING_H - SPEC_BASE.headH - SIGN_H) / SPEC_BASE.rowH));
  const rest = Math.max(1, Math.floor((box.h - SPEC_BASE.headH - SIGN_H) / SPEC_BASE.rowH));
  const pages: TableRow[][] = [rows.slice(0, first)];
  for (let i = first; i < rows.length; i += rest) pages.push(rows.slice(i, i + rest));
  return pages;
}

export function substitutionLogHashes(d: SubstitutionLogData): DocumentHashes & { pages: TableRow[][] } {
  const pages = paginate(tableRows(d));
  const sheets: SheetHash[] = pages.map((rows, i) => ({
    sheet: i + 1,
    label: `${SUBSTITUTION_LOG_TITLE}, лист ${i + 1}`,
    hash: hashOf({ sheet: i + 1, heading: d.heading, rows: rows.map((r) => r.cells) }),
  }));
  const hash = hashOf(d);
  return { hash, sheets, parts: [{ key: 'substitutions', label: SUBSTITUTION_LOG_TITLE, hash, firstSheet: 1, lastSheet: pages.length }], pages };
}

export function composeSubstitutionLog(d: SubstitutionLogData, opts: { docNo: string; printedOn: string; warning: string | null }): PrintDocument {
  const { pages: planned, ...hashes } = substitutionLogHashes(d);
  const h = d.heading;
  const stamp: Stamp = { docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: planned.length, about: `Класс ${h.className} · ${h.period.name} ${h.yearName}` };
  const box = bodyBox('front', SIZE);
  const table = spec();
  const pages: DocPage[] = planned.map((rows, i) => ({
    size: SIZE,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, page: SIZE, sheetHash: hashes.sheets[i]!.hash,
        title: `${SUBSTITUTION_LOG_TITLE} · ${h.className} класс`,
        subtitle: `${h.schoolShortName} · ${h.period.name} ${h.yearName} учебного года`,
      }, stamp);
      let y = box.y;
      if (i === 0) {
        const head = `${SUBSTITUTION_LOG_TITLE.toLocaleUpperCase('ru')} · ${h.className} КЛАСС`;
        line(p, head, box.x, y, { size: fitSize(head, box.w, 12, 8, true), bold: true, align: 'center', width: box.w });
        const sub = `${h.schoolFullName}; ${h.period.name} ${h.yearName}: ${formatRuDate(h.period.startsOn)} – ${formatRuDate(h.period.endsOn)}; замен: ${d.rows.length}${opts.warning ? `. ${opts.warning}` : ''}`;
        line(p, sub, box.x, y + 5.5 * MM, { size: fitSize(sub, box.w, 8, 5.5), color: GREY, align: 'center', width: box.w });
        y += HEADING_H;
      }
      y = paintTable(p, box.x, y, table, rows) + 7 * MM;
      if (i === planned.length - 1) {
        line(p, `${(h.titles ?? DEFAULT_TITLES).certifierTitle} ____________________ / ______________________ /        «____» ______________ 20____ г.`, box.x, y, { size: 9.5 });
      }
    },
  }));
  return {
    ...hashes,
    docNo: opts.docNo,
    printedOn: opts.printedOn,
    title: `${SUBSTITUTION_LOG_TITLE}: ${h.className} класс, ${h.period.name} ${h.yearName}`,
    subject: h.schoolFullName,
    pages,
    sheetCount: planned.length,
  };
}
