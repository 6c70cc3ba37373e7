// Sync through the school's network share (issue 4), as the service offers it: the
// indicator everyone sees, the administrator's detail and settings, a cycle on demand,
// conflicts for a deputy (or the lesson's teacher) to resolve, and the quarantine.
// The share folder is this computer's own setting (local_state), never synced.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { setLocal } from '../../db/local-state';
import { listConflicts, settleLocally, type Conflict } from '../../db/sync/conflicts';
import { currentViolation, mergeRule } from '../../db/sync/merge-rules';
import { withConnection } from '../../db/connection';
import { syncCycle } from '../../db/sync/cycle';
import { syncStatus } from '../../db/sync/status';
import { isJournalTable, type FieldValue } from '../../db/schema';
import { isSecretField, secretChangeWords } from '../../shared/journal-words';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';
import { hasRole } from '../session';
import { lessonOfRow } from '../sync/lesson-of-row';

/** Why "sync now" is refused with sync off, and how to turn it on. */
const SYNC_OFF_MESSAGE = 'Синхронизация выключена: журнал ведётся только на этом компьютере. Чтобы включить её, администратор указывает в разделе «Синхронизация» сетевую папку, общую для всех компьютеров школы, и нажимает «Сохранить».';

export const indicator = defineMethod({
  summary: 'Состояние синхронизации для индикатора (всегда на экране)',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const s = await syncStatus(ctx.db);
    // With sync off nothing waits to be sent: the whole journal would go out once it is turned on.
    const off = s.health === 'off';
    return { health: s.health, summary: s.summary, lastSuccessAt: s.lastSuccessAt, outbox: off ? null : s.outbox, openConflicts: s.openConflicts, quarantined: s.quarantine.length, updateNeeded: s.updateNeeded };
  },
});

export const status = defineMethod({
  summary: 'Синхронизация подробно: компьютеры, отставание, часы, карантин, конфликты',
  access: 'controllers',
  input: z.object({}).strict(),
  async run(ctx) {
    return syncStatus(ctx.db);
  },
});

export const configure = defineMethod({
  summary: 'Задать сетевую папку синхронизации этого компьютера (пусто — выключить)',
  access: 'administrator',
  input: z.object({ share: z.string().trim().max(500) }).strict(),
  async run(ctx, a) {
    if (a.share !== '') {
      let st: fs.Stats;
      try {
        st = fs.statSync(a.share);
      } catch {
        throw new ServiceError('VALIDATION', `Папка не найдена или недоступна: ${a.share}`, { field: 'share' });
      }
      if (!st.isDirectory()) throw new ServiceError('VALIDATION', 'Укажите папку, а не файл.', { field: 'share' });
      const dbDir = path.dirname(path.resolve(ctx.db.file));
      if (path.resolve(a.share) === dbDir) {
        throw new ServiceError('VALIDATION', 'Папка синхронизации не может совпадать с папкой базы данных этого компьютера.', { field: 'share' });
      }
    }
    await setLocal(ctx.db.knex, 'sync.share', a.share);
    if (a.share === '') await setLocal(ctx.db.knex, 'sync.last_error', '');
    return syncStatus(ctx.db);
  },
});

export const now = defineMethod({
  summary: 'Синхронизировать сейчас',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const s = await syncStatus(ctx.db);
    if (!s.share) throw new ServiceError('CONFLICT', SYNC_OFF_MESSAGE);
    const r = await syncCycle(ctx.db, { share: s.share });
    return { ok: r.ok, published: r.published.entries, received: r.received?.entries ?? 0, errors: r.errors };
  },
});

/** Tables of lessons and their marks: conflicts the lesson's teacher or a deputy resolves. */
const LESSON_TABLES = ['lesson', 'mark', 'attendance', 'period_mark'];

async function mayResolve(ctx: Parameters<typeof now.run>[0], table: string, rowId: string): Promise<boolean> {
  const user = userOf(ctx);
  // Accounts and the school's setup are the administrator's alone (R-ROLE-6, db/rules/book.ts).
  if (!LESSON_TABLES.includes(table) && !table.startsWith('certification_')) return hasRole(user, 'admin');
  // The journal itself: a deputy settles it (the rule book's settlesConflict), never the
  // administrator, who does not edit marks (R-ROLE-6, R-ROLE-4).
  if (hasRole(user, 'deputy')) return true;
  const lesson = await lessonOfRow(ctx.db.knex, table, rowId);
  return !!lesson && (lesson.teacher_id === user.id || lesson.substitute_teacher_id === user.id);
}

/** A secret field's value as it is shown: words («пароль изменён»), never the value. */
const secretShown = (table: string, field: string, v: FieldValue): FieldValue => secretChangeWords(table, field, true, v !== null);

/** A conflict over a secret field (a password changed on two computers) shows words, never the values. */
function shown(c: Conflict): Conflict {
  if (!isSecretField(c.table, c.field)) return c;
  return { ...c, current: secretShown(c.table, c.field, c.current), values: c.values.map((v) => ({ ...v, value: secretShown(c.table, c.field, v.value) })) };
}

export const conflicts = defineMethod({
  summary: 'Конфликты синхронизации: одно поле изменено на двух компьютерах независимо',
  access: 'signed-in',
  input: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }).strict(),
  async run(ctx, a) {
    const list = await listConflicts(ctx.db, a.status);
    const user = userOf(ctx);
    const out: (Conflict & { canResolve: boolean })[] = [];
    for (const c of list) {
      const canResolve = await mayResolve(ctx, c.table, c.rowId);
      // The administration reads them all; a teacher, those of their own lessons.
      if (canResolve || hasRole(user, 'deputy', 'admin', 'director')) out.push({ ...shown(c), canResolve });
    }
    return out;
  },
});

export const resolveConflict = defineMethod({
  summary: 'Разрешить конфликт: выбрать одно из значений (записывается как новое изменение с историей)',
  access: 'conflictResolvers',
  input: z.object({ id: z.string().min(1).max(300), hlc: z.string().min(1).max(100), note: z.string().trim().max(300).default('') }).strict(),
  async run(ctx, a) {
    const [c] = (await listConflicts(ctx.db, 'all')).filter((x) => x.id === a.id);
    if (!c) throw notFound('Конфликт не найден.');
    if (c.status !== 'open') throw new ServiceError('CONFLICT', 'Этот конфликт уже разрешён.');
    if (!(await mayResolve(ctx, c.table, c.rowId))) {
      throw new ServiceError('FORBIDDEN', LESSON_TABLES.includes(c.table) || c.table.startsWith('certification_')
        ? 'Этот конфликт разрешает учитель урока или заместитель директора.'
        : 'Этот конфликт разрешает администратор журнала.');
    }
    const chosen = c.values.find((v) => v.hlc === a.hlc);
    if (!chosen) throw new ServiceError('VALIDATION', 'Выберите одно из значений конфликта.', { field: 'hlc' });
    if (!isJournalTable(c.table)) throw notFound('Конфликт не найден.');
    const user = userOf(ctx);
    if (mergeRule(c.id)) {
      // A rule that ties fields together (db/sync/merge-rules.ts): keep the chosen change, undo the other.
      const v = await withConnection(ctx.db.knex, (conn) => currentViolation(conn, c.id, c.table, c.rowId));
      const way = v?.resolutions.find((r) => r.hlc === a.hlc);
      if (!v || !way) throw new ServiceError('CONFLICT', 'Правило уже не нарушено: конфликт разрешён.');
      // The kept field is written again with the decision (always): its entry shows what the
      // decider saw of that row, so every computer can judge the decision (merge-rules.ts).
      const kept = way.keep ? await ctx.db.knex(way.keep.table).where({ id: way.keep.id }).first(way.keep.field) as Record<string, FieldValue> | undefined : undefined;
      const changes = [
        ...way.undo.map((u) => ({ table: u.table, id: u.id, set: u.set })),
        ...(way.keep && kept ? [{ table: way.keep.table, id: way.keep.id, set: { [way.keep.field]: kept[way.keep.field] ?? null } }] : []),
      ];
      await ctx.db.writer.write({ userId: user.id }, changes, {
        reason: `Разрешение конфликта синхронизации: ${way.label}${a.note ? ` (${a.note})` : ''}`,
        always: true,
      });
      await settleLocally(ctx.db, ctx.now().toISOString());
      return { resolved: true, value: chosen.value };
    }
    const secret = isSecretField(c.table, c.field);
    // The reason is in the change history for everyone to read: a secret's value never is.
    const value = secret ? secretShown(c.table, c.field, chosen.value) : chosen.value;
    const what = secret ? `изменение от ${chosen.userName ?? 'программы'} (${String(value)})` : `значение ${JSON.stringify(value)}`;
    await ctx.db.writer.write({ userId: user.id }, [{ table: c.table, id: c.rowId, set: { [c.field]: chosen.value as FieldValue } }], {
      reason: `Разрешение конфликта синхронизации: выбрано ${what}${a.note ? ` (${a.note})` : ''}`,
      always: true,
    });
    await settleLocally(ctx.db, ctx.now().toISOString());
    return { resolved: true, value };
  },
});

export const release = defineMethod({
  summary: 'Карантин: принять сегмент с часами «из будущего» (администратор) или убрать запись из списка',
  access: 'administrator',
  input: z.object({ id: z.number().int().positive(), action: z.enum(['release', 'dismiss']) }).strict(),
  async run(ctx, a) {
    const item = await ctx.db.knex('sync_quarantine').where({ id: a.id }).first('id', 'code', 'status') as { id: number; code: string; status: string } | undefined;
    if (!item) throw notFound('Запись карантина не найдена.');
    if (item.status !== 'open') throw new ServiceError('CONFLICT', 'Эта запись карантина уже закрыта.');
    if (a.action === 'release' && item.code !== 'CLOCK_AHEAD') {
      throw new ServiceError('CONFLICT', 'Принять можно только изменения, задержанные из-за часов. Повреждённые и поддельные файлы в журнал не попадают.');
    }
    await ctx.db.knex('sync_quarantine').where({ id: a.id }).update({ status: a.action === 'release' ? 'released' : 'cleared', last_seen_at: ctx.now().toISOString() });
    return { ok: true };
  },
});
