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
import { backupUseEntries, type BackupUseRow } from '../../db/queries/backup-use';

/** A book's rows as of the day, ruled: what each book (print/registry.ts BOOKS) reads. */
export interface BookRows {
  columns: Column[];
  rows: string[][];
  empty: string;
  /** Rows tall enough to sign in (the books kept «под подпись»); the usual height otherwise. */
  rowH?: number;
}

/** Row height of a book whose entries are signed by hand (issue 17 item 17). */
const SIGNED_ROW = 9 * MM;

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

const BACKUP_ACTIONS: Record<string, string> = { backup: 'создание копии', verify: 'проверка копии', restore: 'восстановление из копии', read: 'чтение копии' };
const MEDIUM_ACTIONS: Record<string, string> = { taken: 'взят из сейфа', returned: 'возвращён в сейф' };

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

/**
 * The log of strict-accountability documents: a copy is handed over «под подпись» (R-PRINT-2
 * day 5, R-PRINT-3), so the one who hands it over and the one who receives it each sign in
 * their column beside the entry (issue 17 item 17).
 */
export async function strictLogRows(knex: Knex): Promise<BookRows> {
  const rows = await strictLogEntries(knex);
  const W = [10, 24, 52, 34, 12, 30, 24, 30, 24].map((w) => w * MM);
  return {
    columns: [
      { head: '№', width: W[0]! }, { head: 'Дата', width: W[1]! }, { head: 'Документ', width: W[2]!, align: 'left' },
      { head: '№ документа', width: W[3]! }, { head: 'Листов', width: W[4]! }, { head: 'Сдал(а)', width: W[5]!, align: 'left' },
      { head: STRICT_LOG_SIGNATURES[0], width: W[6]! }, { head: 'Принял(а)', width: W[7]!, align: 'left' },
      { head: STRICT_LOG_SIGNATURES[1], width: W[8]! },
      { head: 'Примечание', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    // The signature cells stay empty: signed by hand on the paper book.
    rows: rows.map((r) => [strictEntryLabel(r), dt(r.enteredAt), r.document, r.docNo, r.sheets === null ? '' : String(r.sheets), r.handedBy, '', r.receivedBy, '', r.note]),
    empty: 'Записей ещё нет.',
    rowH: SIGNED_ROW,
  };
}

/** The signature columns of the log of strict-accountability documents. */
export const STRICT_LOG_SIGNATURES = ['Подпись сдавшего', 'Подпись принявшего'] as const;

/** The signature columns of the log of use of backup copies. */
export const BACKUP_USE_SIGNATURES = ['Подпись взявшего / вернувшего', 'Подпись делопроизводителя'] as const;

/** What an entry of the log of use of backup copies records, in words. */
export function backupUseWhat(r: Pick<BackupUseRow, 'source' | 'action' | 'medium'>): string {
  if (r.source === 'secretary') return `${r.medium}: ${MEDIUM_ACTIONS[r.action] ?? r.action}`;
  return BACKUP_ACTIONS[r.action] ?? r.action;
}

/**
 * The log of use of backup copies (R-PRINT-3, 004 §5.2): the program's events and the
 * secretary's entries — which medium was taken out of the safe or put back, by whom, for what,
 * in which room — in the order they happened, with a column for the signature of the one who
 * took or returned the medium and one for the secretary's (issue 17 item 17).
 */
export async function backupLogRows(knex: Knex): Promise<BookRows> {
  const rows = await backupUseEntries(knex);
  const W = [8, 24, 48, 28, 30, 38, 20, 24, 24].map((w) => w * MM);
  return {
    columns: [
      { head: '№', width: W[0]! }, { head: 'Когда', width: W[1]! }, { head: 'Что (носитель)', width: W[2]!, align: 'left' },
      { head: 'Кто', width: W[3]!, align: 'left' }, { head: 'Для чего', width: W[4]!, align: 'left' },
      { head: 'Где (помещение или папка копии)', width: W[5]!, align: 'left' }, { head: 'Контрольная сумма', width: W[6]! },
      { head: BACKUP_USE_SIGNATURES[0], width: W[7]! }, { head: BACKUP_USE_SIGNATURES[1], width: W[8]! },
      { head: 'Итог, примечание', width: bodyBox('front', A4_LANDSCAPE).w - W.reduce((a, b) => a + b, 0), align: 'left' },
    ],
    rows: rows.map((r, i) => [String(i + 1), dt(r.at), backupUseWhat(r), r.staffName ?? 'программа', r.purpose, r.place,
      r.sha256 ? shortHash(r.sha256, 8) : '', '', '',
      r.source === 'program' ? `${r.ok ? 'успешно' : 'ошибка'}${r.note ? `; ${r.note}` : ''}` : r.note]),
    empty: 'Записей ещё нет.',
    rowH: SIGNED_ROW,
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
  const spec: TableSpec = { columns: data.columns, ...SPEC, rowH: data.rowH ?? SPEC.rowH };
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
