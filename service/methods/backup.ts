// Backup copies from the app (R-KEEP-1, R-PRINT-2 day 2, R-PRINT-3): the administrator or a
// deputy makes them, anyone of the administration reads the log; the secretary keeps the
// log of use of backup copies. The administrator restores a verified copy (R-KEEP-4) with the
// checks of `journal restore`: the open database is closed, replaced, kept beside the new
// one, the computer gets a new node id, the database is opened again and everyone signs in
// again (service/host.ts replaceDatabase).
import { z } from 'zod';
import { chooseCopy, copyWords, makeBackup, verifyBackup, verifyLocation, logLocation, logVerification, restoreBackup, BackupError, type VerifyResult } from '../../db/backup';
import { yearOn } from '../../db/queries/year';
import { checkBackups, lastCheck, yearEndCopy } from '../../db/backup-check';
import { addDays, toIsoDate } from '../../shared/dates';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';

const folder = z.string().trim().min(1, 'Укажите папку').max(500);

function asService(err: unknown): never {
  if (err instanceof BackupError) throw new ServiceError(err.code === 'BACKUP_NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', err.message, { backupCode: err.code });
  throw err;
}

/** A copy as the screen lists it. */
function copyShown(v: VerifyResult) {
  return {
    folder: v.folder, ok: v.ok, problems: v.problems, createdAt: v.manifest?.createdAt ?? null,
    computer: v.manifest?.computer ?? null, size: v.manifest?.size ?? null, sha256: v.manifest?.sha256 ?? null,
  };
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

export const inspect = defineMethod({
  summary: 'Найти резервные копии в папке (копия или носитель с копиями) и проверить каждую; проверки записываются в журнал копий',
  access: 'administrator',
  input: z.object({ folder }).strict(),
  async run(ctx, a) {
    const check = await verifyLocation(a.folder).catch(asService);
    await logLocation(ctx.db, { userId: userOf(ctx).id }, check, ctx.now());
    return { folder: check.folder, kind: check.kind, copies: check.copies.map(copyShown), newest: check.newest ? check.newest.folder : null };
  },
});

export const restore = defineMethod({
  summary: 'Восстановить журнал из резервной копии, прошедшей проверку (копия или самая новая годная копия на носителе); прежняя база сохраняется рядом, все выходят из программы',
  access: 'administrator',
  input: z.object({ folder }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    if (!ctx.replaceDatabase) throw new ServiceError('CONFLICT', 'Здесь журнал восстанавливается только командой journal restore при закрытой программе.');
    // Checked while the journal stays open: a copy that does not verify changes nothing.
    const { chosen } = await chooseCopy(a.folder).catch(asService);
    const signingKey = ctx.db.writer.signingKeyOf(user.id);
    const when = chosen.manifest ? new Date(chosen.manifest.createdAt).toLocaleString('ru-RU') : '';
    const r = await ctx.replaceDatabase(
      (file) => restoreBackup(chosen.folder, file, { userId: user.id }, { signingKey, byName: `${user.fullName} (${user.login})` }),
      `Журнал восстановлен из резервной копии${when ? ` от ${when}` : ''}. Все пользователи вышли из программы: войдите снова.`,
    ).catch(asService);
    return { restoredFrom: r.restoredFrom, copy: copyWords(r.verify), createdAt: r.verify.manifest?.createdAt ?? null, keptAs: r.keptAs, nodeId: r.nodeId, signedOut: true };
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

export const check = defineMethod({
  summary: 'Проверить сейчас резервные копии, сделанные на этом компьютере: каждую на её носителе побайтно по манифесту; проверки записываются в журнал копий',
  access: 'backupMakers',
  input: z.object({ all: z.boolean().default(false) }).strict(),
  async run(ctx, a) {
    return checkBackups(ctx.db, { userId: userOf(ctx).id }, { now: ctx.now(), all: a.all });
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
    // The scheduled checks of the copies (R-KEEP-2) and the year-end copy by 30 June (R-KEEP-1).
    const checks = await lastCheck(ctx.db.knex);
    const yearEnd = await yearEndCopy(ctx.db.knex, today, checks);
    const checked = {
      checkedAt: checks?.at ?? null, copies: checks?.copies ?? [], notices: checks?.notices ?? [],
      attention: (checks?.notices.length ?? 0) > 0 || yearEnd.state === 'reminder' || yearEnd.state === 'overdue', yearEnd,
    };
    if (!year) return { yearEndDue: yearEnd.state === 'reminder' || yearEnd.state === 'overdue', dueFrom: null, yearEndsOn: null, lastBackupAt: last?.at ?? null, ...checked };
    const dueFrom = addDays(year.ends_on, -14);
    const since: { location: string }[] = await ctx.db.knex('backup_log').where({ action: 'backup', ok: 1 }).where('at', '>=', `${dueFrom}T00:00:00`).select('location');
    const places = new Set(since.map((s) => s.location.replace(/[\\/][^\\/]+$/, '')));
    const due = (today >= dueFrom && today <= year.ends_on && places.size < 2) || yearEnd.state === 'reminder' || yearEnd.state === 'overdue';
    return { yearEndDue: due, dueFrom, yearEndsOn: year.ends_on, lastBackupAt: last?.at ?? null, ...checked };
  },
});
