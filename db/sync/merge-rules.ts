// Rules that tie fields together, checked on the merged journal (issue 12). Each computer
// alone refuses to break them (the service), but two computers offline can each make half
// of a forbidden state: on A a student is marked absent (Н) in a lesson, on B the same
// student gets a 5 in it. After every apply the rules are checked on the rows it touched;
// a violation becomes a conflict for the lesson's teacher or a deputy, showing both changes
// and offering a one-click resolution — never a silently forbidden state. Every rule is
// listed here (MERGE_RULES), each with its test (tests/integration/sync-merge-rules.test.ts).
import { execute, queryAll, type RawConnection } from '../connection';
import type { FieldValue, JournalTable } from '../schema';
import { valueSeenIn } from './seen';

/** One way out of a violation: keep this change, and write `undo` to undo the others. */
export interface Resolution {
  readonly hlc: string;
  /** «оставить отметку 5 (снять «Н»)» */
  readonly label: string;
  readonly undo: readonly { table: JournalTable; id: string; set: Record<string, FieldValue> }[];
  /**
   * The field kept, written again with the decision: its entry records what the decider
   * had seen of that row, as the undo's entry does of the other — so every computer can
   * tell the decision saw the violation, whatever it holds itself (sawViolation).
   */
  readonly keep: { table: JournalTable; id: string; field: string } | null;
}

/** What an author had seen of a row, from the entry their decision wrote on it; null when it wrote none. */
export type SawOfRow = (table: string, rowId: string) => ((hlc: string) => boolean) | null;

export interface Violation {
  /** 'rule:<rule id>:<row id>' — the conflict's id. */
  readonly id: string;
  readonly table: JournalTable;
  readonly rowId: string;
  readonly field: string;
  readonly message: string;
  readonly resolutions: readonly Resolution[];
}

export interface MergeRule {
  readonly id: string;
  /**
   * Whether, in the journal as an author saw it (`saw`, seen.ts), this row took part in a
   * violation of the rule: then a decision of theirs that undoes it is a way out.
   */
  sawViolation(conn: RawConnection, table: string, rowId: string, sawOf: SawOfRow): Promise<boolean>;
  /** What the rule says, for people. */
  readonly description: string;
  /** Tables whose changes may break it. */
  readonly tables: readonly JournalTable[];
  /** The violations among (or around) these rows of its tables. */
  find(conn: RawConnection, rows: ReadonlyMap<string, readonly string[]>): Promise<Violation[]>;
}

const ABSENT = ['Н', 'У', 'Б'];

/** The newest entry that set this field of this row (or created the row). */
async function lastEntry(conn: RawConnection, table: string, rowId: string, field: string): Promise<string | null> {
  const [row] = await queryAll<{ hlc: string }>(conn,
    `SELECT hlc FROM change_log WHERE table_name = ? AND row_id = ? AND field IN (?, '*') ORDER BY hlc DESC LIMIT 1`, [table, rowId, field]);
  return row?.hlc ?? null;
}

const marks = (ids: readonly string[]) => ids.map(() => '?').join(', ');

/** R-REC-3: no mark for a student absent (Н, У, Б) from that lesson. */
const absentWithMark: MergeRule = {
  id: 'absent-mark',
  description: 'нет отметки у ученика, отсутствовавшего на уроке',
  tables: ['mark', 'attendance'],
  async sawViolation(conn, table, rowId, sawOf) {
    if (table !== 'mark' && table !== 'attendance') return false;
    const [cell] = await queryAll<{ lesson_id: string; student_id: string }>(conn, `SELECT lesson_id, student_id FROM "${table}" WHERE id = ?`, [rowId]);
    if (!cell) return false;
    const markIds = await queryAll<{ id: string }>(conn, 'SELECT id FROM mark WHERE lesson_id = ? AND student_id = ?', [cell.lesson_id, cell.student_id]);
    const attIds = await queryAll<{ id: string }>(conn, 'SELECT id FROM attendance WHERE lesson_id = ? AND student_id = ?', [cell.lesson_id, cell.student_id]);
    let marked = false;
    for (const m of markIds) {
      const saw = sawOf('mark', m.id);
      if (saw && ((await seenValue(conn, 'mark', m.id, 'value', saw)) ?? null) !== null) marked = true;
    }
    let absent = false;
    for (const a of attIds) {
      const saw = sawOf('attendance', a.id);
      if (saw && ABSENT.includes(String((await seenValue(conn, 'attendance', a.id, 'code', saw)) ?? ''))) absent = true;
    }
    return marked && absent;
  },
  async find(conn, rows) {
    const markIds = rows.get('mark') ?? [];
    const attIds = rows.get('attendance') ?? [];
    if (markIds.length === 0 && attIds.length === 0) return [];
    // The cells of the marks, then of the absences, each found through its own key (an OR
    // of the two lists made SQLite join every mark with every absence of the journal).
    const pairs = `SELECT m.id AS mark_id, m.value AS value, a.id AS att_id, a.code AS code FROM mark m
         JOIN attendance a ON a.lesson_id = m.lesson_id AND a.student_id = m.student_id
       WHERE m.value IS NOT NULL AND a.code IN ('Н', 'У', 'Б')`;
    const found = await queryAll<{ mark_id: string; value: string; att_id: string; code: string }>(conn,
      `${pairs} AND m.id IN (${marks(markIds) || "''"}) UNION ${pairs} AND a.id IN (${marks(attIds) || "''"})`, [...markIds, ...attIds]);
    const out: Violation[] = [];
    for (const f of found) {
      if (!ABSENT.includes(f.code)) continue;
      const markHlc = await lastEntry(conn, 'mark', f.mark_id, 'value');
      const attHlc = await lastEntry(conn, 'attendance', f.att_id, 'code');
      if (!markHlc || !attHlc) continue;
      out.push({
        id: `rule:absent-mark:${f.mark_id}`, table: 'mark', rowId: f.mark_id, field: 'value',
        message: `Ученик отмечен как отсутствовавший («${f.code}»), и у него отметка ${f.value} за этот урок: изменения сделаны на разных компьютерах.`,
        resolutions: [
          { hlc: markHlc, label: `оставить отметку ${f.value} (снять «${f.code}»)`, undo: [{ table: 'attendance', id: f.att_id, set: { code: null } }], keep: { table: 'mark', id: f.mark_id, field: 'value' } },
          { hlc: attHlc, label: `оставить «${f.code}» (снять отметку ${f.value})`, undo: [{ table: 'mark', id: f.mark_id, set: { value: null } }], keep: { table: 'attendance', id: f.att_id, field: 'code' } },
        ],
      });
    }
    return out;
  },
};

/** R-REC-4: a period mark belongs to its period: the period applies to the class's grade and year. */
const periodMarkInPeriod: MergeRule = {
  id: 'period-mark-period',
  description: 'отметка за период относится к периоду своего класса',
  tables: ['period_mark', 'period', 'class'],
  async sawViolation(conn, table, rowId) {
    // Which period, class and grade are the school's setup: the violation is as it stands.
    return table === 'period_mark' && (await this.find(conn, new Map([[table, [rowId]]]))).length > 0;
  },
  async find(conn, rows) {
    const ids = rows.get('period_mark') ?? [];
    if (ids.length === 0) return [];
    const bad = await queryAll<{ id: string; value: string; period: string; class: string }>(conn,
      `SELECT pm.id AS id, pm.value AS value, p.name AS period, c.name AS class FROM period_mark pm
         JOIN period p ON p.id = pm.period_id JOIN class c ON c.id = pm.class_id
       WHERE pm.id IN (${marks(ids)}) AND pm.value IS NOT NULL
         AND (c.grade < p.grade_from OR c.grade > p.grade_to OR c.year_id <> p.year_id)`, ids);
    const out: Violation[] = [];
    for (const b of bad) {
      const hlc = await lastEntry(conn, 'period_mark', b.id, 'value');
      if (!hlc) continue;
      out.push({
        id: `rule:period-mark-period:${b.id}`, table: 'period_mark', rowId: b.id, field: 'value',
        message: `Отметка ${b.value} за «${b.period}» не относится к периодам класса ${b.class}.`,
        resolutions: [{ hlc, label: `снять отметку ${b.value}`, undo: [{ table: 'period_mark', id: b.id, set: { value: null } }], keep: null }],
      });
    }
    return out;
  },
};

/** A field's value as an author saw it (seen.ts), read from the row's history. */
export async function seenValue(conn: RawConnection, table: string, rowId: string, field: string, saw: (hlc: string) => boolean): Promise<FieldValue | undefined> {
  const history = await queryAll<{ hlc: string; field: string; new_value: string }>(conn,
    `SELECT hlc, field, new_value FROM change_log WHERE table_name = ? AND row_id = ? AND field IN (?, '*') ORDER BY hlc DESC`, [table, rowId, field]);
  return valueSeenIn(history, field, saw);
}

/** Every rule checked on a merged journal. */
// At most two marks in one cell (R-REC-2) is held by the schema itself: a mark's slot is 1
// or 2, unique per lesson and student, and a cell's row ids follow from that key. A change
// that would break it is quarantined whole (CONSTRAINT, pull.ts), never half-applied.
export const MERGE_RULES: readonly MergeRule[] = [absentWithMark, periodMarkInPeriod];

/** Whether any rule's violation on this row was seen by an author (see MergeRule.sawViolation). */
export async function sawViolation(conn: RawConnection, table: string, rowId: string, sawOf: SawOfRow): Promise<boolean> {
  for (const rule of MERGE_RULES) {
    if (!(rule.tables as readonly string[]).includes(table)) continue;
    if (await rule.sawViolation(conn, table, rowId, sawOf)) return true;
  }
  return false;
}

export function mergeRule(conflictId: string): MergeRule | undefined {
  const id = conflictId.split(':')[1];
  return conflictId.startsWith('rule:') ? MERGE_RULES.find((r) => r.id === id) : undefined;
}

/** The violation behind an open rule conflict, as the journal stands now (null: no longer violated). */
export async function currentViolation(conn: RawConnection, conflictId: string, table: string, rowId: string): Promise<Violation | null> {
  const rule = mergeRule(conflictId);
  if (!rule) return null;
  const found = await rule.find(conn, new Map([[table, [rowId]]]));
  return found.find((v) => v.id === conflictId) ?? null;
}

/**
 * Checks the rules on the rows an apply touched: records each violation as an open
 * conflict (with the changes involved), and marks open rule conflicts that no longer hold
 * as resolved. The same on every computer once they hold the same journal. Returns how
 * many new conflicts were recorded.
 */
/** Rows per query of a rule (SQLite's limit of bound parameters). */
const CHUNK = 400;

/** The touched rows in parts of at most CHUNK ids per table. */
function* chunks(touched: ReadonlyMap<string, readonly string[]>): Generator<Map<string, readonly string[]>> {
  for (const [table, ids] of touched) {
    for (let i = 0; i < ids.length; i += CHUNK) yield new Map([[table, ids.slice(i, i + CHUNK)]]);
  }
}

export async function checkMergeRules(conn: RawConnection, touched: ReadonlyMap<string, readonly string[]>, at: string): Promise<number> {
  let added = 0;
  const seen = new Set<string>();
  const found: Violation[] = [];
  for (const rule of MERGE_RULES) {
    if (!rule.tables.some((t) => (touched.get(t)?.length ?? 0) > 0)) continue;
    for (const part of chunks(touched)) {
      if (!rule.tables.some((t) => part.has(t))) continue;
      for (const v of await rule.find(conn, part)) if (!found.some((x) => x.id === v.id)) found.push(v);
    }
  }
  for (const v of found) {
    seen.add(v.id);
    const hlcs = JSON.stringify(v.resolutions.map((r) => r.hlc).sort());
    const [had] = await queryAll<{ status: string }>(conn, 'SELECT status FROM sync_conflict WHERE id = ?', [v.id]);
    await execute(conn, `INSERT INTO sync_conflict (id, table_name, row_id, field, hlcs, status, detected_at) VALUES (?, ?, ?, ?, ?, 'open', ?)
      ON CONFLICT (id) DO UPDATE SET hlcs = excluded.hlcs, status = 'open', resolved_at = NULL, resolved_hlc = NULL`, [v.id, v.table, v.rowId, v.field, hlcs, at]);
    if (!had || had.status !== 'open') added++;
  }
  // Open rule conflicts whose rows were touched and hold no more: settled.
  const open = await queryAll<{ id: string; table_name: string; row_id: string }>(conn, `SELECT id, table_name, row_id FROM sync_conflict WHERE status = 'open' AND id LIKE 'rule:%'`);
  for (const c of open) {
    if (seen.has(c.id)) continue;
    if (!(await currentViolation(conn, c.id, c.table_name, c.row_id))) {
      await execute(conn, `UPDATE sync_conflict SET status = 'resolved', resolved_at = ? WHERE id = ?`, [at, c.id]);
    }
  }
  return added;
}
