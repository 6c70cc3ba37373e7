// Late arrivals (R-TIME-3: nothing back-dated without a deputy's written agreement). A
// change from another computer whose own clock lies inside its entry window, but which
// this computer can prove first appeared on the share after the window closed — beyond
// an allowance for a computer that was really offline (the regulation profile's
// lateArrivalAllowanceDays) — is applied, since its author may well have been offline,
// and listed for the deputy with both times. The deputy accepts it or reverts it as a
// correction with a reason (late_arrival_decision, service/methods/late-arrival.ts).
//
// "Appeared after": the newest moment this computer looked at the share and the change
// was not there — its peer's next segment read by name and found absent
// (sync_peer.next_absent_at), or the listing of computer folders without that computer's
// folder (sync.listed_at). A computer that was offline itself can prove nothing about
// that time, so it flags nothing it cannot prove.
import type { LogEntry } from '../journal-writer';
import { ROW_CREATED } from '../journal-writer';
import { execute, queryAll, type RawConnection } from '../connection';
import { parseHlc } from '../../shared/hlc';
import type { FieldValue } from '../schema';
import { entryDeadline, periodMarkDeadline, type EntryKind } from '../regulation/windows';
import type { RegulationProfile } from '../regulation/profile';

const LESSON_FIELDS = new Set(['topic', 'homework', 'lesson_type', 'plan_item_id', 'cancelled']);

interface LessonInfo { date: string; grade: number }

export class LateArrivals {
  private readonly lessons = new Map<string, LessonInfo | null>();

  constructor(private readonly conn: RawConnection, private readonly profile: RegulationProfile) {}

  private async lesson(id: string | null | undefined): Promise<LessonInfo | null> {
    if (!id) return null;
    if (!this.lessons.has(id)) {
      const [row] = await queryAll<LessonInfo>(this.conn,
        `SELECT l.date AS date, c.grade AS grade FROM lesson l JOIN teaching_assignment a ON a.id = l.assignment_id JOIN class c ON c.id = a.class_id WHERE l.id = ?`, [id]);
      this.lessons.set(id, row ?? null);
    }
    return this.lessons.get(id)!;
  }

  private async fieldOf(table: string, rowId: string, field: string, e: LogEntry): Promise<FieldValue | undefined> {
    if (e.field === ROW_CREATED) return (JSON.parse(e.new_value) as Record<string, FieldValue>)[field];
    const [row] = await queryAll<{ v: FieldValue }>(this.conn, `SELECT "${field}" AS v FROM "${table}" WHERE id = ?`, [rowId]);
    return row?.v;
  }

  /** The end of the entry's window, or null for a change no window governs. */
  async deadline(e: LogEntry): Promise<Date | null> {
    const t = e.table_name;
    if (t === 'lesson') {
      if (e.field !== ROW_CREATED && !LESSON_FIELDS.has(e.field)) return null;
      const l = await this.lesson(e.row_id);
      return l ? entryDeadline(this.profile, 'lesson', l.date, l.grade) : null;
    }
    if (t === 'mark' || t === 'attendance') {
      const l = await this.lesson((await this.fieldOf(t, e.row_id, 'lesson_id', e)) as string | undefined);
      if (!l) return null;
      let kind: EntryKind = 'attendance';
      if (t === 'mark') {
        const workKind = await this.fieldOf('mark', e.row_id, 'work_kind_id', e);
        const [wk] = workKind ? await queryAll<{ written: number }>(this.conn, 'SELECT written FROM work_kind WHERE id = ?', [workKind]) : [];
        kind = wk?.written ? 'writtenMark' : 'oralMark';
      }
      return entryDeadline(this.profile, kind, l.date, l.grade);
    }
    if (t === 'period_mark') {
      const periodId = await this.fieldOf('period_mark', e.row_id, 'period_id', e);
      const [p] = periodId ? await queryAll<{ ends_on: string }>(this.conn, 'SELECT ends_on FROM period WHERE id = ?', [periodId]) : [];
      return p ? periodMarkDeadline(this.profile, p.ends_on) : null;
    }
    return null;
  }

  /**
   * Records the late arrivals among applied entries of one segment that this computer knows
   * appeared on the share only after `appearedAfter`. Returns how many were recorded.
   */
  async record(entries: readonly LogEntry[], appearedAfter: string | null, firstSeenAt: string): Promise<number> {
    if (!appearedAfter) return 0;
    const seenAfter = Date.parse(appearedAfter);
    const allowance = this.profile.lateArrivalAllowanceDays * 86_400_000;
    let n = 0;
    for (const e of entries) {
      const madeAt = parseHlc(e.hlc).millis;
      // Late means made ≤ deadline < appeared − allowance: a change that appeared within the
      // allowance of being made cannot be late (the usual case: no lookups at all).
      if (madeAt >= seenAfter - allowance) continue;
      const deadline = await this.deadline(e);
      if (!deadline) continue;
      // Made inside its window, but nowhere on the share until well after it closed.
      if (madeAt > deadline.getTime() || seenAfter <= deadline.getTime() + allowance) continue;
      await execute(this.conn, `INSERT INTO sync_late_arrival (hlc, node_id, user_id, table_name, row_id, field, made_at, deadline, appeared_after, first_seen_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hlc) DO NOTHING`,
      [e.hlc, e.node_id, e.user_id, e.table_name, e.row_id, e.field, new Date(madeAt).toISOString(), deadline.toISOString(), appearedAfter, firstSeenAt]);
      n++;
    }
    return n;
  }
}
