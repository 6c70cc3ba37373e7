// The register of paper copies (R-PRINT-3): every class copy printed in a certification,
// with its period, binding, strict-accountability entry and seal. Read by the secretary's
// books screen (books.paperCopies) and printed as a book extract (print/compose/books.ts).
import type { Knex } from 'knex';

export interface PaperCopyRow {
  id: string;
  docNo: string;
  className: string;
  periodName: string;
  yearName: string;
  printedAt: string;
  staleAt: string | null;
  boundOn: string | null;
  folder: string;
  sheets: number | null;
  strictEntryNo: number | null;
  sealedAt: string | null;
  directorSignedAt: string | null;
}

export function paperCopiesQuery(knex: Knex, periodId?: string): Knex.QueryBuilder {
  const q = knex('certification_class as k')
    .join('certification_campaign as m', 'm.id', 'k.campaign_id')
    .join('period as p', 'p.id', 'm.period_id')
    .join('academic_year as y', 'y.id', 'p.year_id')
    .join('class as c', 'c.id', 'k.class_id')
    .leftJoin('strict_document_log as l', 'l.id', 'k.strict_log_id')
    .whereNotNull('k.print_doc_no')
    .orderBy([{ column: 'p.ends_on' }, { column: 'c.grade' }, { column: 'c.letter' }])
    .select('k.id', 'k.print_doc_no as docNo', 'c.name as className', 'p.name as periodName', 'y.name as yearName', 'k.printed_at as printedAt',
      'k.print_stale_at as staleAt', 'k.bound_on as boundOn', 'k.folder', 'l.sheets', 'l.entry_no as strictEntryNo', 'k.sealed_at as sealedAt', 'k.director_signed_at as directorSignedAt');
  if (periodId) q.where('p.id', periodId);
  return q;
}
