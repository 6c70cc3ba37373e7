// Closing the year (R-ROLE-6, 001 §3.4.12; issue 13 point 6): the administrator sees the
// year marks still missing and the decision proposed for every student, prepares next
// year (its periods from the school calendar, the curriculum copied, the classes one grade
// up with their letters and, where chosen, their class teachers), then closes the year by
// the director's order: each student promoted, promoted conditionally with academic debts,
// kept back, or graduated (grades 9 and 11); enrolments end at the year's end and begin in
// next year's classes. The closed year stays readable and printable; every edit of it is
// refused (service/journal/edits.ts, checkYearOpen).
//   yearClose.status           the year's end: missing year marks, debts, proposals, decisions
//   yearClose.prepareNextYear  next year with its periods, holidays, curriculum and classes
//   yearClose.close            the decisions by the order; the old year closed, the next opened
//   yearClose.previewList / printList  the list of promoted students of a class (PDF, the register)
import { z } from 'zod';
import type { Knex } from 'knex';
import { buildCalendar } from '../../db/demo/calendar';
import { printFolder } from '../../print/jobs/manager';
import { PrintError } from '../../print/errors';
import { printDocument, renderDocument } from '../../print/render';
import { keyId, newId } from '../../db/ids';
import type { NewRows, RowChange } from '../../db/journal-writer';
import { JOURNAL_FIELDS, type FieldValue } from '../../db/schema';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import { DECISION_WORDS, DECISIONS, loadYear, loadYearEnd, yearToClose, type Decision, type YearEnd, type YearRow } from '../year-close/status';

const conflict = (message: string) => new ServiceError('CONFLICT', message);

/** The year after `year`: the first that begins after it ends. */
async function nextYearOf(knex: Knex, year: YearRow): Promise<YearRow | undefined> {
  const y: { id: string } | undefined = await knex('academic_year').where('starts_on', '>', year.ends_on).orderBy('starts_on').first('id');
  return y ? loadYear(knex, y.id) : undefined;
}

interface NextClass { id: string; name: string; grade: number; letter: string; class_teacher_id: string | null }

async function classesOf(knex: Knex, yearId: string): Promise<NextClass[]> {
  return knex('class').where({ year_id: yearId }).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade', 'letter', 'class_teacher_id');
}

/** Where a decision takes the student next year: grade + 1 (or the same grade when kept back), the same letter when there is one. */
function targetClass(next: readonly NextClass[], grade: number, letter: string, decision: Decision): NextClass | undefined {
  if (decision === 'graduated' || decision === 'left') return undefined;
  const g = decision === 'kept' ? grade : grade + 1;
  return next.find((c) => c.grade === g && c.letter === letter) ?? next.find((c) => c.grade === g);
}

function view(end: YearEnd, next: YearRow | undefined, nextClasses: readonly NextClass[]) {
  return {
    year: {
      id: end.year.id, name: end.year.name, startsOn: end.year.starts_on, endsOn: end.year.ends_on, lastDay: end.lastDay, status: end.year.status,
      closedOrderNo: end.year.closed_order_no || null, closedOrderDate: end.year.closed_order_date, closedAt: end.year.closed_at,
    },
    nextYear: next ? { id: next.id, name: next.name, startsOn: next.starts_on, status: next.status, classes: nextClasses.map((c) => ({ id: c.id, name: c.name, grade: c.grade })) } : null,
    decisionWords: DECISION_WORDS,
    missing: end.missing,
    classes: end.classes.map((c) => ({
      classId: c.id, className: c.name, grade: c.grade, classTeacherName: c.teacher_name,
      students: c.students.map((s) => {
        const target = targetClass(nextClasses, c.grade, c.letter, s.decided?.decision ?? s.proposed);
        return {
          studentId: s.studentId, name: s.name,
          debts: s.debts.map((d) => `${d.subjectName} (${d.value})`), missing: s.missing.map((m) => m.subjectName),
          proposed: s.proposed, proposedToClass: target ? { id: target.id, name: target.name } : null,
          decided: s.decided,
        };
      }),
    })),
    totals: {
      students: end.classes.reduce((n, c) => n + c.students.length, 0),
      missing: end.missing.length,
      withDebts: end.classes.reduce((n, c) => n + c.students.filter((s) => s.debts.length > 0).length, 0),
    },
  };
}

export const status = defineMethod({
  summary: 'Окончание учебного года: недостающие годовые отметки, академические задолженности, предлагаемое решение по каждому ученику, подготовленный следующий год',
  access: 'administrator',
  input: z.object({ yearId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const year = await yearToClose(knex, a.yearId, toIsoDate(ctx.now()));
    const next = await nextYearOf(knex, year);
    return view(await loadYearEnd(knex, year), next, next ? await classesOf(knex, next.id) : []);
  },
});

/** A row of `table` as the writer takes it: every field of the schema that `row` names. */
function rowOf(table: keyof typeof JOURNAL_FIELDS, row: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = { id: row.id ?? newId() };
  for (const f of JOURNAL_FIELDS[table] as readonly string[]) if (f in row) out[f] = row[f]!;
  return out;
}

export const prepareNextYear = defineMethod({
  summary: 'Подготовить следующий учебный год как копию текущего: периоды и каникулы по календарю, учебный план, классы на год старше с теми же буквами (классные руководители — где выбрано)',
  access: 'administrator',
  input: z.object({
    yearId: rowId.optional(),
    /** The classes of this year whose class teacher goes on with the class; omitted: every class. */
    keepClassTeachers: z.array(rowId).max(500).optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const year = await yearToClose(knex, a.yearId, toIsoDate(ctx.now()));
    if (year.status === 'closed') throw conflict(`Учебный год ${year.name} уже закрыт.`);
    const existing = await nextYearOf(knex, year);
    if (existing) throw conflict(`Следующий учебный год ${existing.name} уже создан.`);
    const startYear = Number(year.starts_on.slice(0, 4)) + 1;
    // The school's calendar rules (db/demo/calendar.ts): computed from the start year.
    const cal = buildCalendar(startYear);
    const school: { school_id: string } = await knex('academic_year').where({ id: year.id }).first('school_id');
    const yearId = newId();
    const periods = cal.periods.map((p) => ({ id: newId(), year_id: yearId, kind: p.kind, number: p.number, name: p.name, starts_on: p.startsOn, ends_on: p.endsOn, grade_from: p.gradeFrom, grade_to: p.gradeTo }));
    const holidays = cal.holidays.map((h) => rowOf('holiday', { year_id: yearId, name: h.name, starts_on: h.startsOn, ends_on: h.endsOn, grade_from: h.gradeFrom, grade_to: h.gradeTo, removed: 0 }));
    const curriculum: Record<string, FieldValue>[] = await knex('curriculum').where({ year_id: year.id }).select('*');
    const copied = curriculum.filter((c) => !c.removed).map((c) => rowOf('curriculum', { ...c, id: newId(), year_id: yearId }));
    const old = await classesOf(knex, year.id);
    const keep = a.keepClassTeachers ? new Set(a.keepClassTeachers) : null;
    const classes: Record<string, FieldValue>[] = [];
    const made = new Set<string>();
    const add = (grade: number, letter: string, teacher: string | null) => {
      const k = `${grade}${letter}`;
      if (made.has(k)) return;
      made.add(k);
      classes.push(rowOf('class', { id: newId(), year_id: yearId, grade, letter, name: k, class_teacher_id: teacher, room: '', retired: 0 }));
    };
    // Grade + 1 with the same letter (11th grades leave); new first grades with the letters of this year's.
    for (const c of old) if (c.grade < 11) add(c.grade + 1, c.letter, keep === null || keep.has(c.id) ? c.class_teacher_id : null);
    for (const c of old) if (c.grade === 1) add(1, c.letter, null);
    const name = `${startYear}/${startYear + 1}`;
    await ctx.db.writer.writeBatch({ userId: userOf(ctx).id }, {
      inserts: [
        { table: 'academic_year', rows: [{ id: yearId, school_id: school.school_id, name, starts_on: cal.startsOn, ends_on: cal.endsOn, status: 'planned' }] },
        { table: 'period', rows: periods },
        ...(holidays.length ? [{ table: 'holiday' as const, rows: holidays }] : []),
        ...(copied.length ? [{ table: 'curriculum' as const, rows: copied }] : []),
        ...(classes.length ? [{ table: 'class' as const, rows: classes }] : []),
      ] as NewRows[],
      changes: [],
    }, { reason: `подготовка учебного года ${name}: периоды, каникулы, учебный план, классы` });
    return { yearId, name, startsOn: cal.startsOn, endsOn: cal.endsOn, periods: periods.length, curriculum: copied.length, classes: classes.map((c) => ({ id: c.id as string, name: c.name as string, classTeacherId: c.class_teacher_id as string | null })) };
  },
});

export const close = defineMethod({
  summary: 'Закрыть учебный год по приказу директора: перевод, условный перевод, оставление на повторное обучение, выпуск; зачисление в классы следующего года',
  access: 'administrator',
  input: z.object({
    yearId: rowId.optional(),
    orderNumber: z.string().trim().max(30).default(''),
    orderDate: isoDate.optional(),
    /** The administrator's decisions where they differ from the proposal. */
    decisions: z.array(z.object({ studentId: rowId, decision: z.enum(DECISIONS as [Decision, ...Decision[]]), toClassId: rowId.optional() }).strict()).max(5000).default([]),
    /** The missing year marks closed without ('studentId:subjectId', as yearClose.status lists them). */
    acknowledgeMissing: z.array(z.string().max(140)).max(50000).default([]),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const today = toIsoDate(ctx.now());
    if (!a.orderNumber) throw new ServiceError('VALIDATION', 'Укажите номер приказа директора о переводе и выпуске обучающихся.');
    if (!a.orderDate) throw new ServiceError('VALIDATION', 'Укажите дату приказа директора.');
    if (a.orderDate > today) throw new ServiceError('VALIDATION', `Дата приказа ${formatRuDate(a.orderDate)} ещё не наступила.`);
    const year = await yearToClose(knex, a.yearId, today);
    if (year.status === 'closed') {
      throw conflict(`Учебный год ${year.name} уже закрыт приказом № ${year.closed_order_no} от ${year.closed_order_date ? formatRuDate(year.closed_order_date) : '—'}.`);
    }
    const end = await loadYearEnd(knex, year);
    if (today < end.lastDay) throw conflict(`Учебный год закрывают после последнего учебного дня (${formatRuDate(end.lastDay)}).`);
    if (a.orderDate < end.lastDay) throw new ServiceError('VALIDATION', `Приказ о переводе издаётся по окончании учебного года: дата приказа не раньше ${formatRuDate(end.lastDay)}.`);
    const next = await nextYearOf(knex, year);
    if (!next) throw conflict('Сначала подготовьте следующий учебный год: ученики зачисляются в его классы.');
    const acknowledged = new Set(a.acknowledgeMissing);
    const open = end.missing.filter((m) => !acknowledged.has(m.key));
    if (open.length > 0) {
      const first = open.slice(0, 3).map((m) => `${m.className}, ${m.subjectName}: ${m.studentName}`).join('; ');
      throw new ServiceError('NEEDS_CONFIRMATION', `Не выставлено годовых отметок: ${open.length} (${first}${open.length > 3 ? '; …' : ''}). Выставьте их или подтвердите закрытие года без них.`, { missing: open.length });
    }
    const nextClasses = await classesOf(knex, next.id);
    const byStudent = new Map(end.classes.flatMap((c) => c.students.map((s) => [s.studentId, { c, s }] as const)));
    const chosen = new Map<string, { decision: Decision; toClassId?: string }>();
    for (const d of a.decisions) {
      if (!byStudent.has(d.studentId)) throw new ServiceError('VALIDATION', 'Решение указано для ученика, которого нет в классах этого года на его конец.');
      chosen.set(d.studentId, d);
    }
    const user = userOf(ctx);
    const decidedAt = ctx.now().toISOString();
    const promotions: Record<string, FieldValue>[] = [];
    const enrolments: Record<string, FieldValue>[] = [];
    const changes: RowChange[] = [];
    const counts: Record<Decision, number> = { promoted: 0, conditional: 0, kept: 0, graduated: 0, left: 0 };
    for (const { c, s } of byStudent.values()) {
      const d = chosen.get(s.studentId);
      const decision = d?.decision ?? s.proposed;
      let target: NextClass | undefined;
      if (decision !== 'graduated' && decision !== 'left') {
        target = d?.toClassId ? nextClasses.find((x) => x.id === d.toClassId) : targetClass(nextClasses, c.grade, c.letter, decision);
        if (d?.toClassId && !target) throw new ServiceError('VALIDATION', `Класс для ${s.name} не из классов учебного года ${next.name}.`);
        if (!target) {
          const g = decision === 'kept' ? c.grade : c.grade + 1;
          throw conflict(g > 11
            ? `${s.name} (${c.name}): после 11 класса переводить некуда — выберите «окончил(а) и выбыл(а)».`
            : `В учебном году ${next.name} нет ${g}-го класса для ${s.name} (${c.name}): создайте его или выберите класс.`);
        }
      }
      counts[decision]++;
      promotions.push({
        id: keyId('promotion', year.id, s.studentId), year_id: year.id, student_id: s.studentId, from_class_id: c.id, decision, to_class_id: target?.id ?? null,
        debts: s.debts.map((x) => x.subjectName).join(', '), order_number: a.orderNumber, order_date: a.orderDate, decided_by: user.id, decided_at: decidedAt,
      });
      // In this year's class to its last day; in next year's from its first (R-REC-9).
      changes.push({ table: 'enrolment', id: s.enrolmentId, set: { ends_on: year.ends_on } });
      if (target) enrolments.push({ id: newId(), student_id: s.studentId, class_id: target.id, starts_on: next.starts_on, ends_on: null });
    }
    // Subgroups of the year end with it.
    const members: { id: string }[] = await knex('subgroup_member as m').join('subgroup as g', 'g.id', 'm.subgroup_id').join('class as c', 'c.id', 'g.class_id')
      .where('c.year_id', year.id).where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>', year.ends_on)).select('m.id');
    for (const m of members) changes.push({ table: 'subgroup_member', id: m.id, set: { ends_on: year.ends_on } });
    changes.push({ table: 'academic_year', id: year.id, set: { status: 'closed', closed_order_no: a.orderNumber, closed_order_date: a.orderDate, closed_by: user.id, closed_at: decidedAt } });
    if (next.status === 'planned') changes.push({ table: 'academic_year', id: next.id, set: { status: 'open' } });
    const r = await ctx.db.writer.writeBatch({ userId: user.id }, {
      inserts: [{ table: 'promotion', rows: promotions }, { table: 'enrolment', rows: enrolments }].filter((i) => i.rows.length > 0) as NewRows[],
      changes,
    }, { reason: `учебный год ${year.name} закрыт приказом № ${a.orderNumber} от ${formatRuDate(a.orderDate)}: перевод и выпуск обучающихся` });
    return {
      yearId: year.id, yearName: year.name, nextYearId: next.id, nextYearName: next.name, orderNumber: a.orderNumber, orderDate: a.orderDate,
      students: promotions.length, counts, enrolled: enrolments.length, acknowledgedMissing: end.missing.length, written: r.changed,
    };
  },
});

function asService(err: unknown): never {
  if (err instanceof PrintError) {
    const nf = err.code === 'PRINT_UNKNOWN_CLASS' || err.code === 'PRINT_UNKNOWN_PERIOD';
    throw new ServiceError(nf ? 'NOT_FOUND' : 'CONFLICT', err.message, { printCode: err.code });
  }
  throw err;
}

export const previewList = defineMethod({
  summary: 'Предпросмотр списка переведённых обучающихся класса (PDF в base64); ничего не записывается',
  access: 'documentPrinters',
  input: z.object({ classId: rowId }).strict(),
  async run(ctx, a) {
    const { bytes, sheetHashes: _s, parts: _p, ...r } = await renderDocument(ctx.db, 'promotion_list', { classId: a.classId, now: ctx.now(), docNo: 'ОБРАЗЕЦ' }).catch(asService);
    return { ...r, pdfBase64: bytes.toString('base64') };
  },
});

export const printList = defineMethod({
  summary: 'Напечатать список переведённых обучающихся класса в файл PDF в папке печати и внести его в реестр напечатанных документов',
  access: 'documentPrinters',
  input: z.object({ classId: rowId }).strict(),
  async run(ctx, a) {
    const { sheetHashes: _s, parts: _p, register, ...r } = await printDocument(ctx.db, { userId: userOf(ctx).id }, 'promotion_list', { classId: a.classId, now: ctx.now(), outDir: printFolder(ctx.db) }).catch(asService);
    return { ...r, registered: { status: register.status } };
  },
});
