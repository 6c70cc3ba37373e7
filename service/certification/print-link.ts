// The certification's one link to the register of printed documents (print/verify/register):
// the copy recorded on day 2 is a current class copy of this class and period in the
// register; a correction after printing marks the register's copies stale; the secretary's
// binding is entered in the register too (R-PRINT-3, R-PRINT-5).
import type { JournalDb } from '../../db/journal-db';
import type { Actor } from '../../db/journal-writer';
import { findPrint, markStaleCopies, recordBinding } from '../../print/verify/register';
import { notFound, ServiceError } from '../errors';

/** The register's entry of a class copy, or a Russian refusal; returns its sheet count. */
export async function checkRegisteredCopy(db: JournalDb, docNo: string, classId: string, periodId: string): Promise<{ sheets: number }> {
  const e = await findPrint(db.knex, docNo);
  if (!e) throw notFound(`Документ № ${docNo} не найден в реестре напечатанных документов: сначала напечатайте копию журнала класса.`);
  if (e.kind !== 'class_copy') throw new ServiceError('VALIDATION', `Документ № ${docNo} — не копия классного журнала.`);
  if (e.classId !== classId || e.periodId !== periodId) {
    throw new ServiceError('VALIDATION', `Документ № ${docNo} — копия журнала ${e.className} за период «${e.periodName}», а не этого класса и периода.`);
  }
  if (e.status !== 'current') {
    throw new ServiceError('CONFLICT', `Документ № ${docNo} ${e.status === 'stale' ? 'устарел: журнал изменился после печати' : 'аннулирован'}; нужна новая печать.`);
  }
  return { sheets: e.sheets };
}

/** Marks the register's copies of the touched classes and periods stale (after a correction). */
export async function markRegisterStale(db: JournalDb, actor: Actor, copies: readonly { classId: string; periodId: string }[], reason: string, now: Date): Promise<void> {
  const seen = new Set<string>();
  for (const c of copies) {
    const key = `${c.classId}|${c.periodId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await markStaleCopies(db, actor, { classId: c.classId, periodId: c.periodId, reason, now });
  }
}

/** The secretary's binding of the copy, entered in the register of printed documents. */
export async function recordRegisterBinding(db: JournalDb, actor: Actor, docNo: string, boundOn: string, folder: string): Promise<void> {
  if (await findPrint(db.knex, docNo)) await recordBinding(db, actor, docNo, { boundOn, folder });
}
