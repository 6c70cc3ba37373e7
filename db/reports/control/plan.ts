// Thematic-plan coverage (R-REC-6) and what is open on each page (R-ROLE-4, R-TIME-3): the
// plan's hours against the curriculum's (hours a week × the year's teaching weeks), the
// hours the plan puts on days up to the report's last past day against the lessons given
// by then (recorded with a topic, not cancelled, since the year began); the deputies'
// remarks not yet accepted and the correction requests waiting for a decision.
import type { Knex } from 'knex';
import { teachingWeeks } from '../../setup/teaching-weeks';
import type { ControlPage } from './pages';
import { sliceSql, type ReportSlice } from './range';

export interface PagePlan {
  readonly curriculumHours: number;
  readonly planHours: number;
  readonly plannedToDate: number;
  readonly given: number;
  readonly openRemarks: number;
  readonly pendingRequests: number;
}

export async function pagePlans(knex: Knex, pages: readonly ControlPage[], slice: ReportSlice, yearId: string, from: string, to: string, until: string): Promise<Map<string, PagePlan>> {
  const s = sliceSql(slice, yearId);
  const rows: { id: string; grade: number; hpw: number | null; plan_hours: number; planned: number; given: number; remarks: number }[] = await knex.raw(`
    SELECT a.id, c.grade,
      (SELECT k.hours_per_week FROM curriculum k WHERE k.year_id = a.year_id AND k.grade = c.grade AND k.subject_id = a.subject_id AND k.removed = 0 LIMIT 1) AS hpw,
      (SELECT coalesce(sum(p.hours), 0) FROM plan_item p WHERE p.assignment_id = a.id) AS plan_hours,
      (SELECT coalesce(sum(p.hours), 0) FROM plan_item p WHERE p.assignment_id = a.id AND p.planned_on <= ?) AS planned,
      (SELECT count(*) FROM lesson l WHERE l.assignment_id = a.id AND l.cancelled = 0 AND trim(l.topic) <> '' AND l.date <= ?) AS given,
      (SELECT count(*) FROM control_remark r WHERE r.assignment_id = a.id AND r.status IN ('open', 'reopened')) AS remarks
    FROM teaching_assignment a JOIN class c ON c.id = a.class_id
    WHERE ${s.where} AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)`, [until, until, ...s.bindings, to, from]);
  // Requests name a lesson (a lesson, its marks and absences) or a page (period marks).
  const requests: { assignment_id: string | null; n: number }[] = await knex.raw(`
    SELECT coalesce((SELECT l.assignment_id FROM lesson l WHERE l.id = json_extract(r.payload, '$.args.lessonId')), json_extract(r.payload, '$.args.assignmentId')) AS assignment_id,
      count(*) AS n
    FROM correction_request r WHERE r.status = 'pending' AND json_valid(r.payload) GROUP BY 1`);
  const requestsOf = new Map(requests.map((r) => [r.assignment_id, Number(r.n)]));
  const hoursOf = new Map(pages.map((p) => [p.id, p.hoursPerWeek]));
  return new Map(rows.map((r) => [r.id, {
    curriculumHours: Math.round((r.hpw ?? hoursOf.get(r.id) ?? 0) * teachingWeeks(r.grade)),
    planHours: Number(r.plan_hours), plannedToDate: Number(r.planned), given: Number(r.given),
    openRemarks: Number(r.remarks), pendingRequests: requestsOf.get(r.id) ?? 0,
  }]));
}
