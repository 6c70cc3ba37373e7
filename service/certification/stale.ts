// An approved correction after printing (R-PRINT-2, R-PRINT-5, R-TIME-3): the paper copy of
// the class no longer matches the journal. The class's copy in the period's certification
// is marked stale (the dashboard asks for a reprint of the affected sheets), and the
// signature of the affected subject's sheets is withdrawn: the reprinted sheets are signed
// again. These rows are written in the same transaction as the correction itself.
import type { Knex } from 'knex';
import type { RowChange } from '../../db/journal-writer';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { classRowId, liveCampaignId, subjectRowId } from './state';

export interface PrintedDataTouched {
  readonly assignmentId: string;
  readonly classId: string;
  readonly subjectName: string;
  /** The periods whose printed copies show the change. */
  readonly periodIds: readonly string[];
}

/** Which class, subject and periods an edit of the journal (journal.set*) touches. */
export async function touchedByEdit(knex: Knex, method: string, args: Record<string, unknown>): Promise<PrintedDataTouched | null> {
  let assignmentId: string;
  let periodIds: string[];
  if (method === 'journal.setPeriodMark') {
    assignmentId = String(args.assignmentId);
    periodIds = [String(args.periodId)];
  } else {
    const lesson: { assignment_id: string; date: string } | undefined = await knex('lesson').where({ id: String(args.lessonId) }).first('assignment_id', 'date');
    if (!lesson) return null;
    assignmentId = lesson.assignment_id;
    const a: { year_id: string; grade: number } | undefined = await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id')
      .where('a.id', assignmentId).first('a.year_id', 'c.grade');
    if (!a) return null;
    const periods: { id: string }[] = await knex('period').where({ year_id: a.year_id })
      .where('grade_from', '<=', a.grade).where('grade_to', '>=', a.grade)
      .where('starts_on', '<=', lesson.date).where('ends_on', '>=', lesson.date).select('id');
    periodIds = periods.map((p) => p.id);
  }
  const page: { class_id: string; subject_name: string } | undefined = await knex('teaching_assignment as a').join('subject as s', 's.id', 'a.subject_id')
    .where('a.id', assignmentId).first('a.class_id', 's.name as subject_name');
  if (!page) return null;
  return { assignmentId, classId: page.class_id, subjectName: page.subject_name, periodIds };
}

export interface StaleCopy {
  readonly campaignId: string;
  readonly periodId: string;
  readonly classId: string;
  readonly docNo: string;
}

/**
 * The rows that mark the printed copies of the touched class stale and withdraw the
 * subject's signature, and the copies concerned (for the print register).
 */
export async function staleChangesFor(knex: Knex, touched: PrintedDataTouched, now: Date): Promise<{ changes: RowChange[]; copies: StaleCopy[] }> {
  const changes: RowChange[] = [];
  const copies: StaleCopy[] = [];
  for (const periodId of touched.periodIds) {
    const cid = await liveCampaignId(knex, periodId);
    if (!cid) continue;
    const cls: { id: string; print_doc_no: string | null; print_stale_at: string | null; print_stale_note: string } | undefined =
      await knex('certification_class').where({ id: classRowId(cid, touched.classId) }).first('id', 'print_doc_no', 'print_stale_at', 'print_stale_note');
    if (!cls?.print_doc_no) continue;
    const what = `${touched.subjectName}: исправление ${formatRuDate(toIsoDate(now))}`;
    const note = cls.print_stale_at && cls.print_stale_note ? (cls.print_stale_note.includes(what) ? cls.print_stale_note : `${cls.print_stale_note}; ${what}`) : what;
    changes.push({ table: 'certification_class', id: cls.id, set: { print_stale_at: cls.print_stale_at ?? now.toISOString(), print_stale_note: note } });
    const sig: { id: string; signed_at: string | null } | undefined = await knex('certification_subject').where({ id: subjectRowId(cid, touched.assignmentId) }).first('id', 'signed_at');
    if (sig?.signed_at) {
      changes.push({ table: 'certification_subject', id: sig.id, set: { signed_by: null, signed_at: null, signed_on: null, sign_note: 'подпись снята: листы перепечатываются после исправления' } });
    }
    copies.push({ campaignId: cid, periodId, classId: touched.classId, docNo: cls.print_doc_no });
  }
  return { changes, copies };
}
