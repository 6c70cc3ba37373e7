// Reads everything a class copy needs for a class × reporting period (R-PRINT-1): the
// heading, the class list with enrolment dates and the movement of the period, and every
// journal page of the class — a subject, or each subgroup of a split subject as its own
// page — in the order of subject.sort_order, with lessons in date order, marks (up to two
// a cell) with their kinds of work, attendance codes and period marks. The pages are read
// with the journal's own page query (db/queries/journal-page.ts, all of the class's at once), so the paper shows
// exactly what the journal screen shows.
import type { Knex } from 'knex';
import { listAssignments } from '../../db/queries/assignments';
import { readJournalPages } from '../../db/queries/journal-page';
import type { PeriodRow } from '../../db/queries/year';
import { fullName, loadHeading } from './heading';
import type { BlockLesson, ClassCopyData, ClassListStudent, PrintHeading, PrintMovement, SubjectBlock } from './types';

const collator = new Intl.Collator('ru');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function periodRow(h: PrintHeading): PeriodRow {
  const p = h.period;
  return { id: p.id, kind: p.kind, number: p.number, name: p.name, starts_on: p.startsOn, ends_on: p.endsOn, grade_from: h.grade, grade_to: h.grade };
}

export async function loadClassList(knex: Knex, h: PrintHeading): Promise<ClassListStudent[]> {
  const rows: { id: string; last_name: string; first_name: string; middle_name: string; birth_date: string; personal_file: string; starts_on: string; ends_on: string | null }[] =
    await knex('enrolment as e')
      .join('student as s', 's.id', 'e.student_id')
      .where('e.class_id', h.classId)
      .where('e.starts_on', '<=', h.period.endsOn)
      .where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', h.period.startsOn))
      .select('s.id', 's.last_name', 's.first_name', 's.middle_name', 's.birth_date', 's.personal_file', 'e.starts_on', 'e.ends_on');
  return rows
    .map((r) => ({
      id: r.id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, birthDate: r.birth_date,
      personalFile: r.personal_file, enrolledFrom: r.starts_on, enrolledTo: r.ends_on,
    }))
    .sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName)
      || collator.compare(a.middleName, b.middleName) || byText(a.id, b.id) || byText(a.enrolledFrom, b.enrolledFrom));
}

export async function loadMovements(knex: Knex, h: PrintHeading): Promise<PrintMovement[]> {
  const rows: {
    student_id: string; last_name: string; first_name: string; middle_name: string; kind: PrintMovement['kind']; date: string;
    from_class_id: string | null; to_class_id: string | null; order_number: string; order_date: string; note: string;
    from_name: string | null; to_name: string | null;
  }[] = await knex('movement as m')
    .join('student as s', 's.id', 'm.student_id')
    .leftJoin('class as cf', 'cf.id', 'm.from_class_id')
    .leftJoin('class as ct', 'ct.id', 'm.to_class_id')
    .where((w) => w.where('m.to_class_id', h.classId).orWhere('m.from_class_id', h.classId))
    .whereBetween('m.date', [h.period.startsOn, h.period.endsOn])
    .select('m.student_id', 's.last_name', 's.first_name', 's.middle_name', 'm.kind', 'm.date', 'm.from_class_id', 'm.to_class_id',
      'm.order_number', 'm.order_date', 'm.note', 'cf.name as from_name', 'ct.name as to_name');
  return rows
    .map((r): PrintMovement => {
      const direction = r.kind === 'arrival' || (r.kind === 'transfer' && r.to_class_id === h.classId) ? 'in' : 'out';
      return {
        studentId: r.student_id, studentName: fullName(r), kind: r.kind, direction, date: r.date,
        orderNumber: r.order_number, orderDate: r.order_date, note: r.note,
        otherClass: r.kind === 'transfer' ? (direction === 'in' ? r.from_name : r.to_name) : null,
      };
    })
    .sort((a, b) => byText(a.date, b.date) || collator.compare(a.studentName, b.studentName) || byText(a.studentId, b.studentId));
}

/** The journal pages of the class in the period, each with at least one lesson. */
export async function loadBlocks(knex: Knex, h: PrintHeading, yearId: string, kindOrder: Map<string, number>): Promise<SubjectBlock[]> {
  const period = periodRow(h);
  const assignments = await listAssignments(knex, { yearId, classId: h.classId });
  const teacherIds = [...new Set(assignments.map((a) => a.teacherId))];
  const teachers: { id: string; last_name: string; first_name: string; middle_name: string }[] =
    await knex('staff').whereIn('id', teacherIds).select('id', 'last_name', 'first_name', 'middle_name');
  const teacherName = new Map(teachers.map((t) => [t.id, fullName(t)]));
  const pages = await readJournalPages(knex, assignments, period);
  const blocks: SubjectBlock[] = [];
  for (const a of assignments) {
    const page = pages.get(a.id)!;
    if (page.lessons.length === 0) continue;
    const kindsOf = new Map<string, Set<string>>();
    for (const m of page.marks) {
      if (!m.workKind) continue;
      const set = kindsOf.get(m.lessonId) ?? new Set<string>();
      set.add(m.workKind);
      kindsOf.set(m.lessonId, set);
    }
    const order = (c: string) => kindOrder.get(c) ?? Number.MAX_SAFE_INTEGER;
    const lessons: BlockLesson[] = page.lessons.map((l) => ({
      id: l.id, date: l.date, lessonNo: l.lessonNo, topic: l.topic, homework: l.homework, lessonType: l.lessonType,
      substitute: l.substituteName,
      workKinds: [...(kindsOf.get(l.id) ?? [])].sort((x, y) => order(x) - order(y) || byText(x, y)),
    }));
    blocks.push({
      key: a.id,
      subjectId: a.subjectId,
      subjectName: a.subjectName,
      subgroupName: a.subgroupName,
      teacher: teacherName.get(a.teacherId) ?? a.teacherName,
      students: page.students.map((s) => ({ id: s.id, name: `${s.lastName} ${s.firstName}`, from: s.from, to: s.to })),
      lessons,
      marks: page.marks
        .map((m) => ({ lessonId: m.lessonId, studentId: m.studentId, slot: m.slot, value: m.value, workKind: m.workKind }))
        .sort((x, y) => byText(x.lessonId, y.lessonId) || byText(x.studentId, y.studentId) || x.slot - y.slot),
      attendance: page.attendance
        .map((x) => ({ lessonId: x.lessonId, studentId: x.studentId, code: x.code }))
        .sort((x, y) => byText(x.lessonId, y.lessonId) || byText(x.studentId, y.studentId)),
      periodMarks: page.periodMarks.map((p) => ({ studentId: p.studentId, value: p.value })).sort((x, y) => byText(x.studentId, y.studentId)),
    });
  }
  return blocks;
}

export async function loadWorkKinds(knex: Knex): Promise<{ code: string; name: string; sort_order: number }[]> {
  return knex('work_kind').orderBy([{ column: 'sort_order' }, { column: 'code' }]).select('code', 'name', 'sort_order');
}

/** Everything the class copy of `classId` for `periodId` prints. */
export async function loadClassCopy(knex: Knex, classId: string, periodId: string): Promise<ClassCopyData> {
  const heading = await loadHeading(knex, classId, periodId);
  const { year_id: yearId } = (await knex('class').where({ id: classId }).first('year_id')) as { year_id: string };
  const kinds = await loadWorkKinds(knex);
  const kindOrder = new Map(kinds.map((k, i) => [k.code, i]));
  const [students, movements, blocks] = await Promise.all([
    loadClassList(knex, heading),
    loadMovements(knex, heading),
    loadBlocks(knex, heading, yearId, kindOrder),
  ]);
  const used = new Set(blocks.flatMap((b) => b.lessons.flatMap((l) => l.workKinds)));
  return {
    heading,
    students,
    movements,
    blocks,
    workKinds: kinds.filter((k) => used.has(k.code)).map((k) => ({ code: k.code, name: k.name })),
  };
}
