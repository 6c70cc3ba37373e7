// The rows of the demo school, collected per table before anything is written, and the
// order in which the tables are written so that every foreign key already has its row.
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

  /** Adds one row; the type demands every field of the table (insertNew needs the same set in each row). */
  add<T extends JournalTable>(table: T, row: JournalRow<T>): void {
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
}
