// Backup copies from the app (R-KEEP-1, R-PRINT-2 day 2, R-PRINT-3): the administrator or a
// deputy makes them, anyone of the administration reads the log; the secretary keeps the
// log of use of backup copies. Restoring replaces the open database and is done with the
// `journal restore` command while the app is closed.
import { z } from 'zod';
import { makeBackup, verifyBackup, logVerification, BackupError } from '../../db/backup';
import { yearOn } from '../../db/queries/year';
import { addDays, toIsoDate } from '../../shared/dates';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';

const folder = z.string().trim().min(1, 'Укажите папку').max(500);

function asService(err: unknown): never {
  if (err instanceof BackupError) throw new ServiceError('CONFLICT', err.message, err.details);
  throw err;
}

export const make = defineMethod({
  summary: 'Сделать резервную копию журнала в одну или две папки (два носителя в разных помещениях)',
  access: 'backupMakers',
  input: z.object({ destinations: z.array(folder).min(1).max(2), note: z.string().trim().max(300).default('') }).strict(),
  async run(ctx, a) {
    return makeBackup(ctx.db, a.destinations, { userId: userOf(ctx).id }, a.note, ctx.now()).catch(asService);
  },
});

export const verify = defineMethod({
  summary: 'Проверить резервную копию (побайтно по SHA-256 и проверкой целостности); проверка записывается в журнал копий',
  access: 'wholeSchool',
  input: z.object({ folder }).strict(),
  async run(ctx, a) {
    const result = await verifyBackup(a.folder);
    await logVerification(ctx.db, { userId: userOf(ctx).id }, result, ctx.now());
    return result;
  },
});

export const log = defineMethod({
  summary: 'Журнал резервных копий: создание, проверка, восстановление — кто, когда, где, контрольные суммы',
  access: 'wholeSchool',
  input: z.object({}).strict(),
  async run(ctx) {
    return ctx.db.knex('backup_log as b').leftJoin('staff as s', 's.id', 'b.staff_id').orderBy('b.at', 'desc').limit(500)
      .select('b.id', 'b.action', 'b.at', 'b.computer', 'b.location', 'b.sha256', 'b.size', 'b.ok', 'b.note', 's.last_name as staffName');
  },
});

/**
 * Whether the end-of-year copy on two media is due (R-KEEP-1): from two weeks before the
 * year ends, until a backup has been written correctly to two places since then.
 */
export const status = defineMethod({
  summary: 'Напоминание о резервной копии конца года на двух носителях',
  access: 'wholeSchool',
  input: z.object({}).strict(),
  async run(ctx) {
    const today = toIsoDate(ctx.now());
    const year = await yearOn(ctx.db.knex, today);
    const last = await ctx.db.knex('backup_log').where({ action: 'backup', ok: 1 }).max('at as at').first();
    if (!year) return { yearEndDue: false, dueFrom: null, lastBackupAt: last?.at ?? null };
    const dueFrom = addDays(year.ends_on, -14);
    const since: { location: string }[] = await ctx.db.knex('backup_log').where({ action: 'backup', ok: 1 }).where('at', '>=', `${dueFrom}T00:00:00`).select('location');
    const places = new Set(since.map((s) => s.location.replace(/[\\/][^\\/]+$/, '')));
    return { yearEndDue: today >= dueFrom && places.size < 2, dueFrom, yearEndsOn: year.ends_on, lastBackupAt: last?.at ?? null };
  },
});
