// Backup copies that stay good for their keeping period (R-KEEP-2) and the year-end copy
// on two media by 30 June (R-KEEP-1).
//
// The copies a computer knows of are those its backup log names (backup_log, action
// 'backup', written correctly). On a schedule — at the app's start and once a day while it
// runs (BackupCheckSchedule, started by the database process), and by `journal backup
// check --db FILE` from the Task Scheduler — each copy is checked on the medium that holds
// it (the folder given to `journal backup --to`): a medium that cannot be reached is named
// as such; a copy that is there is read bit for bit and compared with its manifest (its
// size and SHA-256, and SQLite's integrity check, db/backup.ts verifyBackup) and with the
// hash the backup log recorded when it was written (a manifest replaced along with its
// copy does not pass). Every check of a copy that could be read is entered in the backup
// log ('verify', with a note that it was the scheduled check), and so is a copy becoming
// unreachable; the results of the last run stay on this computer (local_state) for the
// backups screen and the navigation's notice, each problem with what to do.
//
// By default a computer checks the copies it made itself (copies on removable media are
// out of every other computer's reach); `all` checks every copy the log names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Actor } from './journal-writer';
import type { JournalDb } from './journal-db';
import { verifyBackup } from './backup';
import { getLocal, setLocal } from './local-state';
import { newId } from './ids';
import { formerNodeIds } from './sync/state';
import { addDays } from '../shared/dates';

export type CopyState = 'ok' | 'damaged' | 'missing' | 'unreachable';

export interface CopyCheck {
  /** The copy's folder, as the backup log names it. */
  readonly location: string;
  /** The medium: the folder holding the copy (the one given to `journal backup --to`). */
  readonly medium: string;
  readonly state: CopyState;
  readonly problems: string[];
  /** When the copy was made (the backup log). */
  readonly madeAt: string;
  readonly sha256: string;
  /** Since when it is in this state (the first check that found it so). */
  readonly since: string;
  /** What happened and what to do, in words for the administrator (null when the copy is good). */
  readonly message: string | null;
}

export interface BackupCheckRun {
  readonly at: string;
  readonly copies: CopyCheck[];
  /** One line per problem, for the notice (a medium out of reach is named once). */
  readonly notices: string[];
}

const LAST_RUN = 'backup.check';
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

interface KnownCopy {
  location: string;
  sha256: string;
  size: number;
  at: string;
  computer: string;
}

/** The node ids and name this computer has had (copies made under any of them are its own). */
async function ownIdentity(db: JournalDb): Promise<{ ids: string[]; name: string }> {
  const restored = await getLocal(db.knex, 'restored_from');
  let restoredNode: string | null;
  try {
    restoredNode = restored ? ((JSON.parse(restored) as { nodeId?: string }).nodeId ?? null) : null;
  } catch {
    restoredNode = null;
  }
  const ids = [db.writer.nodeId, ...(await formerNodeIds(db.knex)), ...(restoredNode ? [restoredNode] : [])];
  return { ids, name: (await getLocal(db.knex, 'computer_name')) ?? os.hostname() };
}

/** The copies the backup log names, written correctly (the newest entry per folder). */
export async function knownCopies(db: JournalDb, opts: { all?: boolean } = {}): Promise<KnownCopy[]> {
  const rows = await db.knex('backup_log').where({ action: 'backup', ok: 1 }).orderBy('at').select('location', 'sha256', 'size', 'at', 'computer') as KnownCopy[];
  const byLocation = new Map<string, KnownCopy>();
  for (const r of rows) byLocation.set(r.location, r);
  let copies = [...byLocation.values()];
  if (!opts.all) {
    const me = await ownIdentity(db);
    copies = copies.filter((c) => me.ids.some((id) => c.computer.startsWith(id)) || c.computer.endsWith(`(${me.name})`));
  }
  return copies.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.location.localeCompare(b.location)));
}

export function mediumOf(location: string): string {
  return path.dirname(location);
}

const day = (iso: string) => new Date(iso).toLocaleDateString('ru-RU');

/** What happened to a copy and what to do, in words (never a rule id: the administrator reads it). */
export function copyMessage(c: Pick<CopyCheck, 'location' | 'medium' | 'state' | 'problems' | 'madeAt'>): string | null {
  const copy = `${path.basename(c.location)} от ${day(c.madeAt)}`;
  switch (c.state) {
    case 'ok':
      return null;
    case 'damaged':
      return `Копия на носителе ${c.medium} повреждена: сделайте новую копию и проверьте её, а этот носитель замените; для восстановления берите копию с другого носителя. Копия ${copy}: ${c.problems.join('; ')}.`;
    case 'missing':
      return `Копии ${copy} нет на носителе ${c.medium}: её удалили или переместили. Верните папку копии на место или сделайте новую копию и проверьте её.`;
    case 'unreachable':
      return `Носитель ${c.medium} недоступен: копия ${copy} не проверена. Подключите носитель к этому компьютеру (или проверьте доступ к сетевой папке) и нажмите «Проверить копии»; если носитель утерян или неисправен, сделайте новую копию на другой носитель.`;
  }
}

async function checkOne(c: KnownCopy): Promise<{ state: CopyState; problems: string[]; sha256: string; size: number }> {
  const medium = mediumOf(c.location);
  if (!fs.existsSync(medium)) return { state: 'unreachable', problems: ['носитель недоступен'], sha256: c.sha256, size: c.size };
  if (!fs.existsSync(c.location)) return { state: 'missing', problems: ['папки копии нет на носителе'], sha256: c.sha256, size: c.size };
  const v = await verifyBackup(c.location);
  const problems = [...v.problems];
  if (v.manifest && v.manifest.sha256 !== c.sha256) problems.push('контрольная сумма в манифесте не совпадает с записанной в журнале копий при создании');
  return { state: problems.length === 0 ? 'ok' : 'damaged', problems, sha256: v.manifest?.sha256 ?? c.sha256, size: v.manifest?.size ?? c.size };
}

export async function lastCheck(knex: Knex): Promise<BackupCheckRun | null> {
  const raw = await getLocal(knex, LAST_RUN);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as BackupCheckRun;
  } catch {
    return null;
  }
}

/**
 * Checks the copies this computer knows of (see the head of this file), enters the checks
 * in the backup log and keeps the results for the backups screen. `actor` is the user who
 * asked, or the program (userId null) on the schedule and from the command line.
 */
export async function checkBackups(db: JournalDb, actor: Actor, opts: { now?: Date; all?: boolean } = {}): Promise<BackupCheckRun> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const before = new Map((await lastCheck(db.knex))?.copies.map((c) => [c.location, c]) ?? []);
  const copies: CopyCheck[] = [];
  const toLog: { location: string; sha256: string; size: number; ok: boolean; note: string }[] = [];
  for (const known of await knownCopies(db, { all: opts.all ?? false })) {
    const r = await checkOne(known);
    const previous = before.get(known.location);
    const since = previous && previous.state === r.state ? previous.since : at;
    const check: Omit<CopyCheck, 'message'> = { location: known.location, medium: mediumOf(known.location), state: r.state, problems: r.problems, madeAt: known.at, sha256: r.sha256, since };
    copies.push({ ...check, message: copyMessage(check) });
    // A medium kept in a cupboard is out of reach every day: entered when it becomes so, not daily.
    if (r.state !== 'unreachable' || previous?.state !== 'unreachable') {
      const note = r.state === 'ok' ? 'плановая проверка: совпадает побайтно' : `плановая проверка: ${r.problems.join('; ')}`;
      toLog.push({ location: known.location, sha256: r.sha256, size: r.size, ok: r.state === 'ok', note });
    }
  }
  if (toLog.length > 0) {
    const computer = `${db.writer.nodeId} (${(await getLocal(db.knex, 'computer_name')) ?? os.hostname()})`;
    await db.writer.write(actor, toLog.map((e) => ({
      table: 'backup_log' as const,
      id: newId(),
      set: { action: 'verify', at, staff_id: actor.userId, computer, location: e.location, sha256: e.sha256, size: e.size, ok: e.ok, note: e.note },
    })), { reason: 'резервная копия: плановая проверка' });
  }
  const notices: string[] = [];
  const unreachable = new Map<string, CopyCheck[]>();
  for (const c of copies) {
    if (c.state === 'unreachable') unreachable.set(c.medium, [...(unreachable.get(c.medium) ?? []), c]);
    else if (c.message) notices.push(c.message);
  }
  for (const [medium, list] of unreachable) {
    notices.push(list.length === 1 ? list[0]!.message! : `Носитель ${medium} недоступен: копии на нём (${list.length}) не проверены. Подключите носитель к этому компьютеру (или проверьте доступ к сетевой папке) и нажмите «Проверить копии»; если носитель утерян или неисправен, сделайте новую копию на другой носитель.`);
  }
  const run: BackupCheckRun = { at, copies, notices };
  await setLocal(db.knex, LAST_RUN, JSON.stringify(run));
  return run;
}

/** Whether the scheduled check is due: never run here, or the last run a day ago or more. */
export async function checkDue(knex: Knex, now: Date): Promise<boolean> {
  const last = await lastCheck(knex);
  return !last || now.getTime() - Date.parse(last.at) >= CHECK_EVERY_MS;
}

/**
 * The scheduled check in the database process: once soon after the start, then whenever a
 * day has passed since the last run (looked at every hour, so a computer left on checks
 * daily and one started each morning checks at its start).
 */
export class BackupCheckSchedule {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: JournalDb, private readonly log: (msg: string) => void = () => undefined, private readonly opts: { firstAfterMs?: number; everyMs?: number; now?: () => Date } = {}) {}

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      try {
        const run = this.runIfDue();
        this.current = run.catch(() => undefined);
        await run;
      } catch (err) {
        this.log(`backup check: ${String((err as Error)?.stack ?? err)}`);
      } finally {
        if (this.timer) this.timer = setTimeout(() => void tick(), this.opts.everyMs ?? 60 * 60 * 1000);
      }
    };
    this.timer = setTimeout(() => void tick(), this.opts.firstAfterMs ?? 30_000);
  }

  stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.current.then(() => undefined);
  }

  /** Runs the check when it is due; returns the run, or null when not due. */
  async runIfDue(): Promise<BackupCheckRun | null> {
    const now = this.opts.now?.() ?? new Date();
    if (!(await checkDue(this.db.knex, now))) return null;
    return checkBackups(this.db, { userId: null }, { now });
  }
}

// ---- the year-end copy on two media (R-KEEP-1) --------------------------------------------

export type YearEndState = 'none' | 'reminder' | 'overdue' | 'done';

export interface YearEndCopy {
  readonly state: YearEndState;
  /** 30 June of the year the school year ends in. */
  readonly deadline: string;
  /** From when a copy counts as the year-end one. */
  readonly countsFrom: string;
  /** The media holding a good year-end copy. */
  readonly media: string[];
  /** The reminder or the warning, in words (null when nothing is to be done). */
  readonly message: string | null;
}

/**
 * The year-end copy (R-KEEP-1): by 30 June, on two media kept in different rooms. A copy
 * counts from June 1 (or from two weeks before the school year ends, when that is
 * earlier); a reminder from then until 30 June while fewer than two media hold a good
 * one; a warning after 30 June, through the summer, until they do. A copy the last check
 * found damaged or missing does not count.
 */
export async function yearEndCopy(knex: Knex, today: string, run: BackupCheckRun | null = null): Promise<YearEndCopy> {
  const y = today.slice(0, 4);
  const deadline = `${y}-06-30`;
  const june = `${y}-06-01`;
  const years = await knex('academic_year').select('ends_on') as { ends_on: string }[];
  const ending = years.map((r) => r.ends_on).filter((e) => e.startsWith(y)).sort()[0];
  const early = ending ? addDays(ending, -14) : june;
  const countsFrom = early < june && early >= `${y}-05-01` ? early : june;
  const bad = new Set((run?.copies ?? []).filter((c) => c.state === 'damaged' || c.state === 'missing').map((c) => c.location));
  const made = await knex('backup_log').where({ action: 'backup', ok: 1 }).where('at', '>=', `${countsFrom}T00:00:00`).select('location') as { location: string }[];
  const media = [...new Set(made.filter((m) => !bad.has(m.location)).map((m) => mediumOf(m.location)))].sort();
  const lateSummer = `${y}-08-31`;
  let state: YearEndState;
  if (media.length >= 2) state = 'done';
  else if (today < countsFrom || today > lateSummer) state = 'none';
  else if (today <= deadline) state = 'reminder';
  else state = 'overdue';
  const have = media.length === 0 ? 'пока её нет ни на одном' : 'сейчас она есть только на одном';
  const message = state === 'reminder'
    ? `До 30 июня ${y} г. сделайте резервную копию конца учебного года на двух носителях, которые хранятся в разных помещениях (${have}).`
    : state === 'overdue'
      ? `Срок прошёл: резервная копия конца учебного года на двух носителях была нужна до 30 июня ${y} г., а ${have}. Сделайте её сейчас на два носителя и храните их в разных помещениях.`
      : null;
  return { state, deadline, countsFrom, media, message };
}
