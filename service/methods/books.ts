// The secretary's books (R-PRINT-3): the register of paper copies of the journal and the
// log of strict-accountability documents the certified copies are handed over in (day 5 of
// the campaign, service/methods/campaign.ts).
import { z } from 'zod';
import { paperCopiesQuery, type PaperCopyRow } from '../../db/queries/paper-copies';
import { rowId } from '../args';
import { defineMethod } from '../define';

export type PaperCopy = PaperCopyRow;

export interface StrictLogEntry {
  id: string; entryNo: number; enteredAt: string; document: string; docNo: string; sheets: number | null; note: string; handedBy: string; receivedBy: string;
}

export const paperCopies = defineMethod({
  summary: 'Реестр бумажных копий журнала: номер, класс, период, листы, дата прошивки, папка',
  access: 'wholeSchool',
  input: z.object({ periodId: rowId.optional() }).strict(),
  async run(ctx, a) {
    return (await paperCopiesQuery(ctx.db.knex, a.periodId)) as PaperCopy[];
  },
});

export const strictLog = defineMethod({
  summary: 'Журнал сдачи документов строгой отчётности: что, кем и кому сдано, когда',
  access: 'wholeSchool',
  input: z.object({}).strict(),
  async run(ctx) {
    return (await ctx.db.knex('strict_document_log as l')
      .join('staff as h', 'h.id', 'l.handed_by').join('staff as r', 'r.id', 'l.received_by')
      .orderBy('l.entry_no')
      .select('l.id', 'l.entry_no as entryNo', 'l.entered_at as enteredAt', 'l.document', 'l.doc_no as docNo', 'l.sheets', 'l.note',
        ctx.db.knex.raw(`h.last_name || ' ' || substr(h.first_name, 1, 1) || '. ' || substr(h.middle_name, 1, 1) || '.' as handedBy`),
        ctx.db.knex.raw(`r.last_name || ' ' || substr(r.first_name, 1, 1) || '. ' || substr(r.middle_name, 1, 1) || '.' as receivedBy`))) as StrictLogEntry[];
  },
});
