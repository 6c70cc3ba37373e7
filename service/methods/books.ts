// The secretary's books (R-PRINT-3): the register of paper copies of the journal and the
// log of strict-accountability documents the certified copies are handed over in (day 5 of
// the campaign, service/methods/campaign.ts).
import { z } from 'zod';
import { paperCopiesQuery, type PaperCopyRow } from '../../db/queries/paper-copies';
import { rowId } from '../args';
import { defineMethod } from '../define';
import { strictEntryLabel, strictLogEntries, type StrictLogRow } from '../../db/queries/strict-log';

export type PaperCopy = PaperCopyRow;

/** An entry of the strict-accountability log: its number in the book, the number on paper, and «7 (на бумаге № 5)». */
export type StrictLogEntry = StrictLogRow & { entryLabel: string };

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
    // Numbered the same on every computer, the number on paper beside (db/queries/strict-log.ts).
    return (await strictLogEntries(ctx.db.knex)).map((r): StrictLogEntry => ({ ...r, entryLabel: strictEntryLabel(r) }));
  },
});
