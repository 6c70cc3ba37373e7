// The kinds of printed documents: how each is read from the journal and hashed. The
// register (verify/register.ts) recomputes a printed document's hashes through here.
import type { Knex } from 'knex';
import { classCopyHashes } from './compose/class-copy';
import { summaryHashes } from './compose/summary';
import { yearTitleHashes } from './compose/year-title';
import { loadClassCopy } from './data/class-copy';
import { loadSummary, type SummaryKind } from './data/summary';
import { loadYearTitle } from './data/year-title';
import type { DocumentKind } from './document';
import type { DocumentHashes } from './verify/hash';

export const SUMMARY_DOCUMENT: Record<SummaryKind, DocumentKind> = {
  marks: 'summary_marks',
  attendance: 'summary_attendance',
  movement: 'summary_movement',
  'year-final': 'year_final',
};

export const DOCUMENT_NAMES: Record<DocumentKind, string> = {
  class_copy: 'копия классного журнала',
  summary_marks: 'сводная ведомость успеваемости',
  summary_attendance: 'сводная ведомость посещаемости',
  summary_movement: 'сводная ведомость движения обучающихся',
  year_final: 'сводная ведомость итоговых отметок',
  year_title: 'титульный лист журнала класса за год',
};

export function summaryKindOf(kind: DocumentKind): SummaryKind | null {
  const found = (Object.entries(SUMMARY_DOCUMENT) as [SummaryKind, DocumentKind][]).find(([, k]) => k === kind);
  return found ? found[0] : null;
}

/** The hashes a document of `kind` for the class and period would have if printed now. */
export async function currentHashes(knex: Knex, kind: DocumentKind, classId: string, periodId: string): Promise<DocumentHashes> {
  if (kind === 'class_copy') {
    const { plan: _plan, ...h } = classCopyHashes(await loadClassCopy(knex, classId, periodId));
    return h;
  }
  // The year title page lists the register's copies of the class: it is stale when they change (R-PRINT-4).
  if (kind === 'year_title') return yearTitleHashes(await loadYearTitle(knex, classId));
  const { layout: _l, pages: _p, ...h } = summaryHashes(await loadSummary(knex, summaryKindOf(kind)!, classId, periodId));
  return h;
}
