// The certification's one link to the print register (print/, the paper copies of issue 5):
// a copy recorded on day 2 is named by its document number, checked against the register;
// a correction after printing marks the register's copy stale too.
// HOOK (print engineer): until print/ is wired in, a document number is taken as given and
// the register is not told about stale copies; see wirePrintRegister below.
import type { JournalDb } from '../../db/journal-db';
import type { StaleCopy } from './stale';

export interface PrintedCopyInfo {
  /** Sheets of the copy, when the register knows them. */
  readonly sheets: number | null;
}

export interface PrintRegisterLink {
  /** Throws a ServiceError when docNo is not a current copy of this class and period. */
  checkCopy(db: JournalDb, docNo: string, classId: string, periodId: string): Promise<PrintedCopyInfo>;
  markStale(db: JournalDb, copies: readonly StaleCopy[], reason: string, now: Date): Promise<void>;
}

let link: PrintRegisterLink = {
  async checkCopy() {
    return { sheets: null };
  },
  async markStale() {
    // nothing to tell until the print register is wired in
  },
};

export function wirePrintRegister(l: PrintRegisterLink): void {
  link = l;
}

export const printRegister = (): PrintRegisterLink => link;
