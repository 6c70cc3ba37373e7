// The secretary's books on paper (R-PRINT-3, issue 5 item 5): the register of paper copies
// of the journal, the log of strict-accountability documents handed over, and the log of
// use of backup copies — each an extract of the book as it stands on the day of printing,
// a ruled table on landscape A4 in the same style as the summary sheets (print/draw/table).
//
// An extract carries a number, the date and the hash of its rows like every printed
// document, but it is not entered in the register of printed documents: that register holds
// a class's documents for a period (migration 006: class, period, kinds of class copies and
// summaries) and is itself one of these books. The extract's number says which book and
// when ('КУ-КОПИИ-20261123-7F3C': book, date, first hex digits of the hash). Each book —
// its title, number code and which of the row readers below — is declared in
// print/registry.ts (BOOKS).
import { paperCopiesQuery, type PaperCopyRow } from '../../db/queries/paper-copies';
import { shortNameSql } from '../../db/queries/short-name';
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import { loadRetention, type ArchiveKind } from '../archive/retention';
import { paintHeader, shortHash, type Stamp } from '../draw/frame';
import { fitSize } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type Column, type TableRow, type TableSpec } from '../draw/table';
import { GREY, hline, line } from '../draw/text';
import type { DocPage } from '../document';
import { A4_LANDSCAPE, BAND, MM, bodyBox, contentBox } from '../layout/geometry';
import type { Drawable } from '../pdf/react-pdf';
import { hashOf } from '../verify/hash';
import { strictEntryLabel, strictLogEntries } from '../../db/queries/strict-log';

/** A book's rows as of the day, ruled: what each book (print/registry.ts BOOKS) reads. */
export interface BookRows {
  columns: Column[];
  rows: string[][];
  empty: string;
}

/** An extract to compose: the book's rows and what its declaration says (print/registry.ts). */
export interface BookData extends BookRows {
  book: string;
  title: string;
  /** In the extract's number: КУ-<code>-<date>-<hash>. */
  code: string;
  schoolFullName: string;
}

const dt = (iso: string | null) => (iso ? `${formatRuDate(iso.slice(0, 10))} ${iso.slice(11, 16)}` : '');
const d = (iso: string | null) => (iso ? formatRuDate(iso.slice(0, 10)) : '—');
const initials = shortNameSql;

const BACKUP_ACTIONS: Record<string, string> = { backup: 'создание', verify: 'проверка', restore: 'восстановление', read: 'чтение' };

export async function paperCopiesRows(knex: Knex): Promise<BookRows> {
  const rows = (await paperCopiesQuery(knex)) as PaperCopyRow[];
  const W = [10, 40, 16, 50, 14, 24, 38, 26].map((w) => w * MM);
  return {
    columns: [
      { head: '№ п/п', width: W[0]! }, { head: '№ документа', width: W[1]! }, { head: 'Класс', width: W[2]! },
      { head: 'Период, учебный год', width: W[3]!, align: 'left' }, { head: 'Листов', width: W[4]! }, { head: 'Напечатана', width: W[5]! },
      { head: 'Подпись директора, печать', width: W[6]! }, { head: 'Прошита', width: W[7]! },
      { head: 'Дело (папка)', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    rows: rows.map((r, i) => [
      String(i + 1), r.docNo, r.className, `${r.periodName} ${r.yearName}`, r.sheets === null ? '' : String(r.sheets),
      `${d(r.printedAt)}${r.staleAt ? ' (устарела)' : ''}`,
      [r.directorSignedAt ? 'подписана' : '', r.sealedAt ? 'печать' : ''].filter(Boolean).join(', ') || '—',
      d(r.boundOn), r.folder || '—',
    ]),
    empty: 'Бумажных копий в реестре ещё нет.',
  };
}

export async function strictLogRows(knex: Knex): Promise<BookRows> {
  const rows = await strictLogEntries(knex);
  const W = [10, 28, 78, 40, 14, 34, 34].map((w) => w * MM);
  return {
    columns: [
      { head: '№', width: W[0]! }, { head: 'Дата', width: W[1]! }, { head: 'Документ', width: W[2]!, align: 'left' },
      { head: '№ документа', width: W[3]! }, { head: 'Листов', width: W[4]! }, { head: 'Сдал(а)', width: W[5]!, align: 'left' },
      { head: 'Принял(а)', width: W[6]!, align: 'left' },
      { head: 'Примечание', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    rows: rows.map((r) => [strictEntryLabel(r), dt(r.enteredAt), r.document, r.docNo, r.sheets === null ? '' : String(r.sheets), r.handedBy, r.receivedBy, r.note]),
    empty: 'Записей ещё нет.',
  };
}

export async function backupLogRows(knex: Knex): Promise<BookRows> {
  const rows: { action: string; at: string; computer: string; location: string; sha256: string; ok: number; note: string; staffName: string | null }[] =
    await knex('backup_log as b').leftJoin('staff as s', 's.id', 'b.staff_id').orderBy('b.at')
      .select('b.action', 'b.at', 'b.computer', 'b.location', 'b.sha256', 'b.ok', 'b.note', knex.raw(`CASE WHEN s.id IS NULL THEN NULL ELSE ${initials('s')} END as staffName`));
  const W = [10, 28, 26, 34, 90, 26].map((w) => w * MM);
  return {
    columns: [
      { head: '№', width: W[0]! }, { head: 'Когда', width: W[1]! }, { head: 'Что', width: W[2]! }, { head: 'Кто', width: W[3]!, align: 'left' },
      { head: 'Где (папка копии)', width: W[4]!, align: 'left' }, { head: 'Контрольная сумма', width: W[5]! },
      { head: 'Итог', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    rows: rows.map((r, i) => [String(i + 1), dt(r.at), BACKUP_ACTIONS[r.action] ?? r.action, r.staffName ?? 'программа', r.location,
      shortHash(r.sha256, 8), `${r.ok ? 'успешно' : 'ошибка'}${r.note ? `; ${r.note}` : ''}`]),
    empty: 'Резервных копий ещё не было.',
  };
}

/** The archive's keeping periods (R-PRINT-4): every bound document in the order it may be destroyed. */
export async function retentionRows(knex: Knex, today: string, kinds: readonly ArchiveKind[]): Promise<BookRows> {
  const items = await loadRetention(knex, today, kinds);
  const W = [10, 92, 14, 22, 12, 22, 20, 24, 30].map((w) => w * MM);
  return {
    columns: [
      { head: '№', width: W[0]! }, { head: 'Документ, дело', width: W[1]!, align: 'left' }, { head: 'Класс', width: W[2]! },
      { head: 'Учебный год', width: W[3]! }, { head: 'Листов', width: W[4]! }, { head: 'Прошит', width: W[5]! },
      { head: 'Срок, лет', width: W[6]! }, { head: 'Хранить до', width: W[7]! }, { head: 'Уничтожить с', width: W[8]! },
      { head: 'Отметка', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    rows: items.map((r, i) => [
      String(i + 1), `${r.title}${r.folder ? `; дело «${r.folder}»` : ''}`, r.className, r.yearName, String(r.sheets), d(r.boundOn),
      String(r.keepYears), d(r.keepUntil), d(r.destroyFrom), r.destroyable ? 'можно уничтожить' : '',
    ]),
    empty: 'Прошитых дел ещё нет.',
  };
}

export interface BookDocument extends Drawable {
  book: string;
  sheetCount: number;
  rows: number;
}

const SPEC = { headH: 10 * MM, rowH: 6 * MM, size: 8 } as const;
const HEADING_H = 12 * MM;
const SIGN_H = 16 * MM;

export function bookDocNo(code: string, printedOn: string, hash: string): string {
  return `КУ-${code}-${printedOn.replace(/-/g, '')}-${hash.slice(0, 4).toUpperCase()}`;
}

export function composeBook(data: BookData, opts: { printedOn: string }): BookDocument {
  const size = A4_LANDSCAPE;
  const box = bodyBox('front', size);
  const spec: TableSpec = { columns: data.columns, ...SPEC };
  const body: TableRow[] = data.rows.length > 0 ? data.rows.map((cells) => ({ cells })) : [{ cells: ['', data.empty] }];
  const first = Math.max(1, Math.floor((box.h - HEADING_H - spec.headH - SIGN_H) / spec.rowH));
  const rest = Math.max(1, Math.floor((box.h - spec.headH - SIGN_H) / spec.rowH));
  const chunks: TableRow[][] = [body.slice(0, first)];
  for (let i = first; i < body.length; i += rest) chunks.push(body.slice(i, i + rest));
  const hash = hashOf({ book: data.book, rows: data.rows, on: opts.printedOn });
  const docNo = bookDocNo(data.code, opts.printedOn, hash);
  const title = data.title;
  const stamp: Stamp = { docNo, printedOn: opts.printedOn, hash, totalSheets: chunks.length, about: `выписка на ${formatRuDate(opts.printedOn)}` };
  const pages: DocPage[] = chunks.map((rows, i) => ({
    size,
    paint: (p: Painter) => {
      const sheetHash = hashOf({ sheet: i + 1, rows: rows.map((r) => r.cells) });
      paintHeader(p, { face: 'front', sheet: i + 1, page: size, sheetHash, title, subtitle: `${data.schoolFullName} · выписка на ${formatRuDate(opts.printedOn)}` }, stamp);
      let y = box.y;
      if (i === 0) {
        const head = title.toLocaleUpperCase('ru');
        line(p, head, box.x, y, { size: fitSize(head, box.w, 12, 8, true), bold: true, align: 'center', width: box.w });
        line(p, `${data.schoolFullName}; записей: ${data.rows.length}`, box.x, y + 5.5 * MM, { size: 8, color: GREY, align: 'center', width: box.w });
        y += HEADING_H;
      }
      y = paintTable(p, box.x, y, spec, rows) + 6 * MM;
      if (i === chunks.length - 1) {
        line(p, 'Делопроизводитель ____________________ / ______________________ /        «____» ______________ 20____ г.', box.x, y, { size: 9 });
      }
      const c = contentBox('front', size);
      const top = c.y + c.h - BAND.footer;
      p.lineWidth(0.4).strokeColor('#000000');
      hline(p, c.x, c.x + c.w, top).stroke();
      line(p, `Выписка № ${docNo} от ${formatRuDate(opts.printedOn)} · ${title}`, c.x, top + 1.6 * MM, { size: 7.5, bold: true });
      line(p, `Контрольная сумма записей: ${shortHash(hash)} · этого листа: ${shortHash(sheetHash, 8)}`, c.x, top + 5.2 * MM, { size: 7, color: GREY });
    },
  }));
  return { book: data.book, docNo, printedOn: opts.printedOn, hash, title: `${title} (выписка на ${formatRuDate(opts.printedOn)})`, subject: data.schoolFullName, pages, sheetCount: chunks.length, rows: data.rows.length };
}
