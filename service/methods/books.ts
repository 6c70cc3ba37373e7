// The secretary's books (R-PRINT-3): the register of paper copies of the journal, the log
// of strict-accountability documents the certified copies are handed over in (day 5 of the
// campaign, service/methods/campaign.ts), and the log of use of backup copies — the
// program's events and the secretary's own entries of media taken out of the safe and put
// back (004 §5.2, issue 17 item 17).
import { z } from 'zod';
import { newId } from '../../db/ids';
import { backupUseEntries, mediaOut, mediumKey, type BackupUseRow, type MediumOut } from '../../db/queries/backup-use';
import { paperCopiesQuery, type PaperCopyRow } from '../../db/queries/paper-copies';
import { formatRuDate } from '../../shared/dates';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';
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

export type BackupUseEntry = BackupUseRow;

export const backupUse = defineMethod({
  summary: 'Журнал пользования резервными копиями: создание, проверка, восстановление копий и записи делопроизводителя о носителях, взятых из сейфа и возвращённых; носители, которые сейчас не в сейфе',
  access: 'bookReaders',
  input: z.object({}).strict(),
  async run(ctx): Promise<{ entries: BackupUseEntry[]; out: MediumOut[] }> {
    const [entries, out] = await Promise.all([backupUseEntries(ctx.db.knex), mediaOut(ctx.db.knex)]);
    return { entries, out };
  },
});

export const mediumPeople = defineMethod({
  summary: 'Сотрудники, которые могут взять носитель резервной копии из сейфа или вернуть его (для записи в журнал пользования резервными копиями)',
  access: 'secretary',
  input: z.object({}).strict(),
  async run(ctx): Promise<{ id: string; name: string; position: string }[]> {
    const rows: { id: string; last_name: string; first_name: string; middle_name: string; position: string | null }[] =
      await ctx.db.knex('staff').where({ active: 1 }).orderBy([{ column: 'last_name' }, { column: 'first_name' }])
        .select('id', 'last_name', 'first_name', 'middle_name', 'position');
    return rows.map((r) => ({ id: r.id, name: [r.last_name, r.first_name, r.middle_name].filter((x) => x && x.trim() !== '').join(' '), position: r.position ?? '' }));
  },
});

/**
 * When a medium's new entry happened: now, but never at or before the medium's previous
 * entry. Its entries are read in time order (mediaOut, the printed book); two at one instant
 * (a clock held still, as the preview's, or two entries within a millisecond) would come back
 * in the order of their random ids, and a medium put back could read as still out.
 */
function afterPreviousEntry(nowMs: number, entries: readonly { medium: string; happened_at: string }[], medium: string): string {
  const previous = entries.filter((e) => mediumKey(e.medium) === mediumKey(medium)).map((e) => Date.parse(e.happened_at)).filter(Number.isFinite);
  return new Date(Math.max(nowMs, ...previous.map((ms) => ms + 1))).toISOString();
}

/**
 * The secretary enters a medium of a backup copy taken out of the safe or put back
 * (R-PRINT-3, 004 §5.2): which medium, by whom, for what, in which room. A medium already out
 * cannot be taken again, nor one in the safe returned: the book would contradict itself.
 */
export const recordMediumUse = defineMethod({
  summary: 'Записать в журнал пользования резервными копиями, что носитель взят из сейфа или возвращён: какой носитель, кто, для чего, в каком помещении (делопроизводитель)',
  access: 'secretary',
  input: z.object({
    medium: z.string().trim().min(2, 'Укажите носитель: например, «Флеш-накопитель № 2»').max(120, 'Название носителя — не длиннее 120 знаков'),
    action: z.enum(['taken', 'returned'], { message: 'Укажите, взят носитель или возвращён' }),
    personId: rowId,
    purpose: z.string().trim().max(200, 'Цель — не длиннее 200 знаков').default(''),
    room: z.string().trim().min(1, 'Укажите помещение, где хранится носитель (например, «каб. 12, сейф»)').max(100, 'Помещение — не длиннее 100 знаков'),
    note: z.string().trim().max(300, 'Примечание — не длиннее 300 знаков').default(''),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const knex = ctx.db.knex;
    if (a.action === 'taken' && a.purpose.length < 3) {
      throw new ServiceError('VALIDATION', 'Укажите, для чего берётся носитель (например, «восстановление журнала», «проверка копии»).', { field: 'purpose' });
    }
    const person: { id: string } | undefined = await knex('staff').where({ id: a.personId, active: 1 }).first('id');
    if (!person) throw notFound('Сотрудник не найден среди работающих: выберите того, кто берёт или возвращает носитель.');
    const out = (await mediaOut(knex)).find((m) => mediumKey(m.medium) === mediumKey(a.medium));
    if (a.action === 'taken' && out) {
      throw new ServiceError('CONFLICT', `Носитель «${out.medium}» уже выдан (${formatRuDate(out.at.slice(0, 10))}${out.staffName ? `, ${out.staffName}` : ''}) и не возвращён в сейф: сначала запишите его возврат.`);
    }
    if (a.action === 'returned' && !out) {
      throw new ServiceError('CONFLICT', `Носитель «${a.medium}» не записан как выданный: возвращать нечего. Проверьте название носителя в журнале.`);
    }
    const now = ctx.now().toISOString();
    const happenedAt = afterPreviousEntry(ctx.now().getTime(), await knex('backup_medium_use').select('medium', 'happened_at'), a.medium);
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'backup_medium_use', id,
      set: {
        happened_at: happenedAt, medium: out ? out.medium : a.medium, action: a.action, person_id: a.personId, purpose: a.purpose,
        room: a.room, entered_by: user.id, entered_at: now, note: a.note,
      },
    }], { reason: a.action === 'taken' ? `носитель резервной копии взят: ${a.medium}` : `носитель резервной копии возвращён: ${a.medium}` });
    return { id };
  },
});
