// The rows of the demo school, collected per table, and the order in which the tables are
// written so that every foreign key already has its row. A table is sealed once the model
// has made all of its rows: the writer (write.ts) takes each table as soon as it is sealed,
// in that order, while the model goes on making the later ones.
import type { FieldValue, JournalRow, JournalTable } from '../schema';

/** Tables in the order they are written (parents before children). */
export const WRITE_ORDER: readonly JournalTable[] = [
  'school', 'academic_year', 'period', 'holiday', 'non_working_day', 'bell', 'subject', 'work_kind', 'curriculum',
  'staff', 'staff_role', 'class', 'subgroup', 'student', 'enrolment', 'subgroup_member', 'movement',
  'guardian', 'student_guardian', 'consent', 'teaching_assignment', 'timetable_entry', 'plan_item',
  'lesson', 'substitution', 'attendance', 'mark', 'period_mark',
];

export class DemoRows {
  private readonly byTable = new Map<JournalTable, Record<string, FieldValue>[]>();
  private readonly seals = new Map<JournalTable, { done: boolean; promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void }>();

  constructor() {
    for (const table of WRITE_ORDER) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => undefined); // a writer that waits sees the failure; none may be waiting
      this.seals.set(table, { done: false, promise, resolve, reject });
    }
  }

  /** Adds one row; the type demands every field of the table (insertNew needs the same set in each row). */
  add<T extends JournalTable>(table: T, row: JournalRow<T>): void {
    const seal = this.seals.get(table);
    if (!seal) throw new Error(`demo: no write order for ${table}`);
    if (seal.done) throw new Error(`demo: a row for ${table} after it was sealed`);
    let list = this.byTable.get(table);
    if (!list) this.byTable.set(table, (list = []));
    list.push(row as Record<string, FieldValue>);
  }

  rows(table: JournalTable): readonly Record<string, FieldValue>[] {
    return this.byTable.get(table) ?? [];
  }

  tables(): JournalTable[] {
    return [...this.byTable.keys()];
  }

  /** The model has made every row of these tables. */
  seal(...tables: JournalTable[]): void {
    for (const table of tables) {
      const seal = this.seals.get(table)!;
      seal.done = true;
      seal.resolve();
    }
  }

  /** Every table but these is complete. */
  sealAllBut(...open: JournalTable[]): void {
    this.seal(...WRITE_ORDER.filter((t) => !open.includes(t)));
  }

  /** Resolves when the table is sealed; rejects when the model failed first (fail). */
  sealed(table: JournalTable): Promise<void> {
    return this.seals.get(table)!.promise;
  }

  /** The model failed: nobody waits for the tables it would have sealed. */
  fail(err: unknown): void {
    for (const seal of this.seals.values()) if (!seal.done) seal.reject(err);
  }
}
