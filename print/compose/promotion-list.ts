// The list of promoted students of a class as pages (R-ROLE-6): a table on portrait A4 —
// the student, the decision, next year's class and the academic debts — under the
// director's order, signed by the director. The same verification band as every document.
import { formatRuDate } from '../../shared/dates';
import { paintFrame, type Stamp } from '../draw/frame';
import { fitSize } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type TableRow, type TableSpec } from '../draw/table';
import { GREY, line } from '../draw/text';
import type { PromotionListData } from '../data/promotion-list';
import type { DocPage, PrintDocument } from '../document';
import { A4, MM, bodyBox } from '../layout/geometry';
import { hashOf, type DocumentHashes, type SheetHash } from '../verify/hash';

export const PROMOTION_LIST_TITLE = 'Список переведённых обучающихся';

const SIZE = A4;
const HEADING_H = 18 * MM;
const SIGN_H = 24 * MM;
const SPEC_BASE = { headH: 10 * MM, rowH: 6 * MM, size: 8 } as const;

function spec(): TableSpec {
  const box = bodyBox('front', SIZE);
  const W = [8, 62, 44, 18, 0].map((w) => w * MM);
  W[4] = box.w - W.reduce((a, b) => a + b, 0);
  const heads = ['№', 'Фамилия, имя, отчество обучающегося', 'Решение', 'В класс', 'Академическая задолженность'];
  return { ...SPEC_BASE, columns: heads.map((head, i) => ({ head, width: W[i]!, align: i === 1 || i === 2 || i === 4 ? 'left' as const : 'center' as const })) };
}

function tableRows(d: PromotionListData): TableRow[] {
  return d.rows.map((r, i) => ({ cells: [String(i + 1), r.name, r.decision, r.toClass, r.debts || '—'] }));
}

function paginate(rows: TableRow[]): TableRow[][] {
  const box = bodyBox('front', SIZE);
  const first = Math.max(1, Math.floor((box.h - HEADING_H - SPEC_BASE.headH - SIGN_H) / SPEC_BASE.rowH));
  const rest = Math.max(1, Math.floor((box.h - SPEC_BASE.headH - SIGN_H) / SPEC_BASE.rowH));
  const pages: TableRow[][] = [rows.slice(0, first)];
  for (let i = first; i < rows.length; i += rest) pages.push(rows.slice(i, i + rest));
  return pages;
}

export function promotionListHashes(d: PromotionListData): DocumentHashes & { pages: TableRow[][] } {
  const pages = paginate(tableRows(d));
  const sheets: SheetHash[] = pages.map((rows, i) => ({
    sheet: i + 1, label: `${PROMOTION_LIST_TITLE}, лист ${i + 1}`,
    hash: hashOf({ sheet: i + 1, heading: d.heading, order: [d.orderNumber, d.orderDate], rows: rows.map((r) => r.cells) }),
  }));
  const hash = hashOf(d);
  return { hash, sheets, parts: [{ key: 'promotions', label: PROMOTION_LIST_TITLE, hash, firstSheet: 1, lastSheet: pages.length }], pages };
}

export function composePromotionList(d: PromotionListData, opts: { docNo: string; printedOn: string; warning: string | null }): PrintDocument {
  const { pages: planned, ...hashes } = promotionListHashes(d);
  const h = d.heading;
  const stamp: Stamp = { docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: planned.length, about: `Класс ${h.className} · ${h.yearName}` };
  const box = bodyBox('front', SIZE);
  const table = spec();
  const order = `Приказ директора № ${d.orderNumber} от ${formatRuDate(d.orderDate)}`;
  const pages: DocPage[] = planned.map((rows, i) => ({
    size: SIZE,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, page: SIZE, sheetHash: hashes.sheets[i]!.hash,
        title: `${PROMOTION_LIST_TITLE} · ${h.className} класс`,
        subtitle: `${h.schoolShortName} · ${h.yearName} учебный год · классный руководитель ${h.classTeacher ?? 'не назначен'}`,
      }, stamp);
      let y = box.y;
      if (i === 0) {
        const head = `${PROMOTION_LIST_TITLE.toLocaleUpperCase('ru')} · ${h.className} КЛАСС`;
        line(p, head, box.x, y, { size: fitSize(head, box.w, 12, 8, true), bold: true, align: 'center', width: box.w });
        const sub = `${h.schoolFullName}; по итогам ${h.yearName} учебного года`;
        line(p, sub, box.x, y + 5.5 * MM, { size: fitSize(sub, box.w, 8, 5.5), color: GREY, align: 'center', width: box.w });
        line(p, order, box.x, y + 11 * MM, { size: fitSize(order, box.w, 10, 6, true), bold: true, align: 'center', width: box.w });
        y += HEADING_H;
      }
      y = paintTable(p, box.x, y, table, rows) + 7 * MM;
      if (i === planned.length - 1) {
        line(p, `Обучающихся: ${d.rows.length}. ${order}.`, box.x, y, { size: 9 });
        line(p, 'Директор ____________________ / ______________________ /        М.П.', box.x, y + 10 * MM, { size: 9.5 });
      }
    },
  }));
  return {
    ...hashes, docNo: opts.docNo, printedOn: opts.printedOn,
    title: `${PROMOTION_LIST_TITLE}: ${h.className} класс, ${h.yearName}`,
    subject: h.schoolFullName, pages, sheetCount: planned.length,
  };
}
