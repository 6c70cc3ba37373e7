// The log of strict-accountability documents (R-PRINT-2 day 5, R-PRINT-3), numbered the
// same on every computer. Two offices offline can each hand a copy over as entry №5 (a
// computer numbers from what it has); the numbers written on paper then are kept
// (entry_no), and the book numbers its entries by when they were made (entered_at, then
// id) — one order on every computer once they have synced — showing the number on paper
// beside its own where they differ (issue 12).
import type { Knex } from 'knex';
import { shortNameSql } from './short-name';

export interface StrictLogRow {
  readonly id: string;
  /** The entry's number in the book: its place by time, the same on every computer. */
  readonly entryNo: number;
  /** The number written on paper when the copy was handed over. */
  readonly paperNo: number;
  readonly enteredAt: string;
  readonly document: string;
  readonly docNo: string;
  readonly sheets: number | null;
  readonly note: string;
  readonly handedBy: string;
  readonly receivedBy: string;
}

const initials = shortNameSql;

export async function strictLogEntries(knex: Knex): Promise<StrictLogRow[]> {
  return await knex('strict_document_log as l')
    .join('staff as h', 'h.id', 'l.handed_by').join('staff as r', 'r.id', 'l.received_by')
    .orderBy([{ column: 'l.entered_at' }, { column: 'l.id' }])
    .select('l.id', knex.raw('row_number() OVER (ORDER BY l.entered_at, l.id) AS entryNo'), 'l.entry_no as paperNo', 'l.entered_at as enteredAt',
      'l.document', 'l.doc_no as docNo', 'l.sheets', 'l.note', knex.raw(`${initials('h')} as handedBy`), knex.raw(`${initials('r')} as receivedBy`)) as StrictLogRow[];
}

/** «7» or «7 (на бумаге № 5)». */
export function strictEntryLabel(r: Pick<StrictLogRow, 'entryNo' | 'paperNo'>): string {
  return r.paperNo === r.entryNo ? String(r.entryNo) : `${r.entryNo} (на бумаге № ${r.paperNo})`;
}
