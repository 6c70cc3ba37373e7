// The title page of a class's bound journal for the year (R-PRINT-4, issue 5 item 5): the
// school, the class, the year, the contents (each paper copy of the year with its document
// number, period, sheets, dates printed and bound, and its sheets in the folder), the
// sheet count in figures and in words ("Пронумеровано, прошнуровано и скреплено печатью
// 48 (сорок восемь) листов"), the director's signature, М.П., and the keeping period.
// The same verification band as every document (number, date, hashes, QR code).
import { formatRuDate } from '../../shared/dates';
import { pluralRu, sheetsInWords } from '../../shared/number-words';
import { keepingText } from '../archive/retention';
import type { YearTitleData } from '../data/year-title';
import { TITLE_ROWS_FIRST, TITLE_ROWS_MORE } from '../data/year-title';
import { paintFrame, type Stamp } from '../draw/frame';
import { fitLines, fitSize } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type Column, type TableRow, type TableSpec } from '../draw/table';
import { GREY, LIGHT, hline, line, lineAt, lines } from '../draw/text';
import { sheetRange } from '../draw/title';
import type { DocPage, PrintDocument } from '../document';
import { A4, MM, bodyBox } from '../layout/geometry';
import { hashOf, type DocumentHashes } from '../verify/hash';

/** What the title page states, hashed: a change in the register after printing makes it stale. */
function printedData(d: YearTitleData) {
  return {
    school: d.schoolFullName, classId: d.classId, className: d.className, yearId: d.yearId, yearName: d.yearName,
    classTeacher: d.classTeacher, director: d.director,
    contents: d.contents.map((c) => ({ docNo: c.docNo, kind: c.kind, period: c.periodName, sheets: c.sheets, printedOn: c.printedOn, boundOn: c.boundOn, stale: c.stale, first: c.firstSheet, last: c.lastSheet })),
    yearFinal: d.yearFinal.map((f) => ({ docNo: f.docNo, sheets: f.sheets, printedOn: f.printedOn, boundOn: f.boundOn })), totalSheets: d.totalSheets, keepYears: d.keepYears, keepUntil: d.keepUntil,
  };
}

function chunks(d: YearTitleData): YearTitleData['contents'][] {
  const out = [d.contents.slice(0, TITLE_ROWS_FIRST)];
  for (let i = TITLE_ROWS_FIRST; i < d.contents.length; i += TITLE_ROWS_MORE) out.push(d.contents.slice(i, i + TITLE_ROWS_MORE));
  return out;
}

export function yearTitleHashes(d: YearTitleData): DocumentHashes {
  const data = printedData(d);
  const hash = hashOf(data);
  const sheets = chunks(d).map((rows, i) => ({
    sheet: i + 1,
    label: i === 0 ? 'титульный лист' : `титульный лист, продолжение содержания ${i + 1}`,
    hash: hashOf({ sheet: i + 1, rows, ...(i === 0 ? { head: { ...data, contents: undefined } } : {}) }),
  }));
  return { hash, sheets, parts: [{ key: 'year_title', label: 'Титульный лист журнала за год', hash, firstSheet: 1, lastSheet: sheets.length }] };
}

const W = [8, 46, 32, 24, 18, 18, 12, 0].map((w) => w * MM);

function columns(boxW: number): Column[] {
  const w = [...W];
  w[7] = boxW - w.reduce((a, b) => a + b, 0);
  return [
    { head: '№', width: w[0]! }, { head: 'Документ', width: w[1]!, align: 'left' }, { head: '№ документа', width: w[2]! },
    { head: 'Период', width: w[3]!, align: 'left' }, { head: 'Напечатан', width: w[4]! }, { head: 'Прошит', width: w[5]! },
    { head: 'Листов', width: w[6]! }, { head: 'Листы в деле', width: w[7]! },
  ];
}

function signature(p: Painter, x: number, y: number, w: number, role: string, name: string | null): void {
  line(p, role, x, y, { size: 10 });
  const sx = x + 52 * MM;
  p.lineWidth(0.5).strokeColor('#000000');
  hline(p, sx, sx + 32 * MM, y + 4 * MM);
  hline(p, sx + 36 * MM, sx + 90 * MM, y + 4 * MM);
  p.stroke();
  if (name) line(p, name, sx + 36 * MM, y, { size: 9.5, align: 'center', width: 54 * MM });
  line(p, '(подпись)', sx, y + 4.5 * MM, { size: 6, color: LIGHT, align: 'center', width: 32 * MM });
  line(p, '(расшифровка подписи)', sx + 36 * MM, y + 4.5 * MM, { size: 6, color: LIGHT, align: 'center', width: 54 * MM });
  line(p, '«___» _________ 20___ г.', x + w - 40 * MM, y, { size: 9, align: 'right', width: 40 * MM });
}

export function composeYearTitle(d: YearTitleData, opts: { docNo: string; printedOn: string }): PrintDocument {
  const hashes = yearTitleHashes(d);
  const parts = chunks(d);
  const box = bodyBox('front', A4);
  const stamp: Stamp = { docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: parts.length, about: `Класс ${d.className} · журнал за ${d.yearName} учебный год` };
  const spec: TableSpec = { columns: columns(box.w), headH: 8 * MM, rowH: 6 * MM, size: 8 };
  const total = sheetsInWords(d.totalSheets);
  const pages: DocPage[] = parts.map((rows, i) => ({
    size: A4,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, sheetHash: hashes.sheets[i]!.hash, title: `Классный журнал ${d.className} класса за ${d.yearName} учебный год`,
        subtitle: `${d.schoolShortName} · титульный лист дела · ${keepingText(d.keepYears, d.keepUntil).toLowerCase()}`,
      }, stamp);
      let y = box.y;
      if (i === 0) {
        const school = fitLines(d.schoolFullName, box.w - 10 * MM, 12 * MM, 11, 8, true);
        school.lines.forEach((l, k) => line(p, l, box.x, y + k * school.size * 1.2, { size: school.size, bold: true, align: 'center', width: box.w }));
        y += Math.max(1, school.lines.length) * school.size * 1.2 + 5 * MM;
        line(p, 'ДЕЛО № ________', box.x, y, { size: 11, bold: true, align: 'right', width: box.w });
        y += 8 * MM;
        const head = `КЛАССНЫЙ ЖУРНАЛ ${d.className} КЛАССА`;
        line(p, head, box.x, y, { size: fitSize(head, box.w, 20, 12, true), bold: true, align: 'center', width: box.w });
        y += 9 * MM;
        line(p, `бумажные копии электронного журнала за ${d.yearName} учебный год`, box.x, y, { size: 11, color: GREY, align: 'center', width: box.w });
        y += 9 * MM;
        line(p, `Начат ${formatRuDate(d.yearStartsOn)}, окончен ${formatRuDate(d.yearEndsOn)}. Классный руководитель: ${d.classTeacher ?? 'не назначен'}.`, box.x, y, { size: 9.5 });
        y += 8 * MM;
        line(p, 'Содержание', box.x, y, { size: 11, bold: true });
        y += 6 * MM;
      } else {
        line(p, 'Содержание (продолжение)', box.x, y, { size: 11, bold: true });
        y += 6 * MM;
      }
      const offset = i === 0 ? 0 : TITLE_ROWS_FIRST + (i - 1) * TITLE_ROWS_MORE;
      const body: TableRow[] = i === 0 && rows.length === 0
        ? [{ cells: ['', 'Копий за год в реестре нет'] }]
        : rows.map((c, k) => ({
          cells: [String(offset + k + 1), c.title, c.docNo, c.periodName, formatRuDate(c.printedOn), c.boundOn ? formatRuDate(c.boundOn) : '—',
            String(c.sheets), `${sheetRange(c)}${c.stale ? ' (устар.)' : ''}`],
          bold: c.stale,
        }));
      if (i === 0) body.unshift({ cells: ['', 'Титульный лист (этот документ)', opts.docNo, d.yearName, formatRuDate(opts.printedOn), '', String(d.titleSheets), sheetRange({ firstSheet: 1, lastSheet: d.titleSheets })], shade: true });
      y = paintTable(p, box.x, y, spec, body) + 4 * MM;
      if (i !== parts.length - 1) return;
      for (const f of d.yearFinal) {
        const t = `${f.title} № ${f.docNo} (${f.sheets} л.) подшивается в отдельное дело: срок хранения — ${f.keepYears} ${pluralRu(f.keepYears, 'год', 'года', 'лет')}.`;
        line(p, t, box.x, y, { size: fitSize(t, box.w, 9, 6.5), color: GREY });
        y += 5 * MM;
      }
      if (d.contents.some((c) => c.stale)) {
        line(p, 'Отмеченные копии устарели после исправления в журнале: перед переплётом перепечатайте указанные в реестре листы.', box.x, y, { size: 8.5, bold: true });
        y += 5 * MM;
      }
      // The certifying block sits at the bottom of the last sheet.
      let b = Math.max(y + 4 * MM, box.y + box.h - 62 * MM);
      const sentence = `Пронумеровано, прошнуровано и скреплено печатью ${total}.`;
      const s = fitLines(sentence, box.w, 12 * MM, 12, 9, true);
      lines(p, s.lines, box.x, b, { size: s.size, bold: true });
      b += s.lines.length * s.size * 1.2 + 6 * MM;
      signature(p, box.x, b, box.w, d.directorTitle ?? 'Директор', d.director);
      const cx = box.x + 30 * MM;
      const cy = b + 22 * MM;
      p.save().dash(2, { space: 2 }).lineWidth(0.5).strokeColor('#888888').circle(cx, cy, 11 * MM).stroke().restore();
      lineAt(p, 'М.П.', cx - 10 * MM, cy, { size: 10, bold: true, color: GREY, align: 'center', width: 20 * MM });
      b += 38 * MM;
      // R-PRINT-4: kept 5 years from 30 June of the year's end.
      line(p, `${keepingText(d.keepYears, d.keepUntil)}; может быть уничтожено по акту с ${formatRuDate(d.destroyFrom)}.`, box.x, b, { size: 10, bold: true });
    },
  }));
  return {
    ...hashes,
    docNo: opts.docNo,
    printedOn: opts.printedOn,
    title: `Титульный лист: классный журнал ${d.className} класса за ${d.yearName} учебный год`,
    subject: d.schoolFullName,
    pages,
    sheetCount: parts.length,
  };
}
