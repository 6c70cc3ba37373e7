// The user-activity report (R-REP-2), weekly or monthly: who worked in the journal and when.
// From the change history (change_log: the author and the author's clock of every change,
// synced from every computer) and the record of sign-ins (sign_in_log, migration 019: this
// computer's), per person per day: sign-ins, changes (one change is one action: a mark, a
// lesson's topic, a day's absences), the first and the last of them; totals per person,
// also for those who did nothing; and the teachers who have not filled today's lessons.
// Counted in SQL per person and day (the index change_log_user: author, clock).
import type { Knex } from 'knex';
import { addDays, formatRuDate } from '../../../shared/dates';
import { shortName } from '../../../shared/format';
import type { LinkedLesson, ReportLink, ReportParams, ReportResult, ReportRow, ReportSection } from '../../../shared/report-model';
import { dueLessons } from '../../queries/overview';
import { yearOn } from '../../queries/year';
import { lessonIdOf } from '../../setup/lesson-slots';
import { ReportError } from '../errors';
import type { ReportContext } from '../types';
import { reportRange } from '../control/range';

const ROLE_WORDS: Readonly<Record<string, string>> = {
  admin: 'администратор', director: 'директор', deputy: 'заместитель директора', secretary: 'секретарь', class_teacher: 'классный руководитель', teacher: 'учитель',
};

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

interface Person { id: string; name: string; roles: string }
interface Day { staffId: string; day: string; signIns: number; changes: number; first: string | null; last: string | null }

/** Sign-ins and changes per person per local day, `from`…`to`. */
async function activityDays(knex: Knex, from: string, to: string, staffId?: string): Promise<Day[]> {
  const start = new Date(`${from}T00:00:00`).toISOString();
  const end = new Date(`${addDays(to, 1)}T00:00:00`).toISOString();
  const who = staffId ? 'AND x.user_id = ?' : 'AND x.user_id IN (SELECT id FROM staff)';
  const changes: { staff_id: string; day: string; n: number; first: string; last: string }[] = await knex.raw(`
    SELECT x.user_id AS staff_id, date(x.recorded_at, 'localtime') AS day, count(DISTINCT x.change_set_id) AS n, min(x.recorded_at) AS first, max(x.recorded_at) AS last
    FROM change_log x WHERE x.hlc >= ? AND x.hlc < ? ${who} AND x.recorded_at >= ? AND x.recorded_at < ?
    GROUP BY x.user_id, date(x.recorded_at, 'localtime')`, [start, end, ...(staffId ? [staffId] : []), start, end]);
  const signIns: { staff_id: string; day: string; n: number; first: string; last: string }[] = await knex.raw(`
    SELECT staff_id, day, count(*) AS n, min(signed_in_at) AS first, max(signed_in_at) AS last FROM sign_in_log
    WHERE day BETWEEN ? AND ? ${staffId ? 'AND staff_id = ?' : ''} GROUP BY staff_id, day`, [from, to, ...(staffId ? [staffId] : [])]);
  const out = new Map<string, Day>();
  const at = (staff: string, day: string) => {
    const key = `${staff}|${day}`;
    const d = out.get(key) ?? { staffId: staff, day, signIns: 0, changes: 0, first: null, last: null };
    out.set(key, d);
    return d;
  };
  const span = (d: Day, first: string, last: string) => {
    if (d.first === null || first < d.first) d.first = first;
    if (d.last === null || last > d.last) d.last = last;
  };
  for (const c of changes) { const d = at(c.staff_id, c.day); d.changes += Number(c.n); span(d, c.first, c.last); }
  for (const s of signIns) { const d = at(s.staff_id, s.day); d.signIns += Number(s.n); span(d, s.first, s.last); }
  return [...out.values()];
}

async function people(knex: Knex, staffId?: string): Promise<Person[]> {
  const q = knex('staff as s').where('s.active', 1).orderBy([{ column: 's.last_name' }, { column: 's.first_name' }])
    .select('s.id', 's.last_name', 's.first_name', 's.middle_name', knex.raw(`(SELECT group_concat(r.role, ' ') FROM staff_role r WHERE r.staff_id = s.id AND r.revoked = 0) AS roles`));
  if (staffId) q.where('s.id', staffId);
  const rows: { id: string; last_name: string; first_name: string; middle_name: string; roles: string | null }[] = await q;
  return rows.map((r) => ({
    id: r.id, name: shortName(r.last_name, r.first_name, r.middle_name),
    roles: (r.roles ?? '').split(' ').filter(Boolean).map((x) => ROLE_WORDS[x] ?? x).join(', '),
  }));
}

/**
 * Today's lessons not filled (R-REC-1, R-TIME-1): a lesson due today by the timetable (or
 * recorded for today), not cancelled, that has no record or no topic — the same test as
 * the overview's «не заполнен». Marks and absences are not asked: a lesson may have none.
 * Whose: the page's teacher, or the substitute.
 */
async function unfilledToday(knex: Knex, today: string, staffId?: string): Promise<Map<string, { due: number; unfilled: LinkedLesson[] }>> {
  const out = new Map<string, { due: number; unfilled: LinkedLesson[] }>();
  const year = await yearOn(knex, today);
  if (!year || today < year.starts_on || today > year.ends_on) return out;
  const classes: { id: string }[] = await knex('class').where({ year_id: year.id }).select('id');
  const due = await dueLessons(knex, year.id, new Map(classes.map((c) => [c.id, { starts_on: today, ends_on: today }])), today, staffId ? { teacherId: staffId } : {});
  if (due.length === 0) return out;
  const pages = new Map((await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
    .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id').join('staff as t', 't.id', 'a.teacher_id').where('a.year_id', year.id)
    .select('a.id', 'c.name as className', 's.name as subject', 'g.name as subgroup', 't.last_name', 't.first_name', 't.middle_name') as
    { id: string; className: string; subject: string; subgroup: string | null; last_name: string; first_name: string; middle_name: string }[]).map((p) => [p.id, p]));
  for (const d of due) {
    const o = out.get(d.teacherId) ?? { due: 0, unfilled: [] };
    o.due++;
    if (!d.lesson || d.lesson.topic.trim() === '') {
      const p = pages.get(d.assignmentId);
      o.unfilled.push({
        assignmentId: d.assignmentId, lessonId: d.lesson?.id ?? lessonIdOf(d.assignmentId, d.date, d.lessonNo), date: d.date,
        className: p?.className ?? '', subjectName: p ? (p.subgroup ? `${p.subject} (${p.subgroup})` : p.subject) : '',
        teacherName: p ? shortName(p.last_name, p.first_name, p.middle_name) : '', note: `${d.lessonNo}-й урок: ${d.lesson ? 'нет темы' : 'нет записи'}`,
      });
    }
    out.set(d.teacherId, o);
  }
  return out;
}

export async function buildActivity(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<ReportResult> {
  const range = await reportRange(knex, params);
  const staffId = params.teacherId;
  if (staffId && !(await knex('staff').where({ id: staffId }).first('id'))) throw new ReportError('REPORT_NOT_FOUND', 'Такого сотрудника нет.');
  const [persons, days, today] = await Promise.all([people(knex, staffId), activityDays(knex, range.from, range.to, staffId), unfilledToday(knex, ctx.today, staffId)]);
  const byId = new Map(persons.map((p) => [p.id, p]));
  // Someone no longer active who worked in the range still shows.
  for (const d of days) if (!byId.has(d.staffId)) byId.set(d.staffId, { id: d.staffId, name: '', roles: '' });
  const missingNames = [...byId.values()].filter((p) => p.name === '').map((p) => p.id);
  if (missingNames.length) {
    for (const s of (await knex('staff').whereIn('id', missingNames).select('id', 'last_name', 'first_name', 'middle_name')) as { id: string; last_name: string; first_name: string; middle_name: string }[]) {
      byId.get(s.id)!.name = shortName(s.last_name, s.first_name, s.middle_name);
    }
  }
  const nameOf = (id: string) => byId.get(id)?.name ?? '';
  const personLink = (id: string): ReportLink => ({ to: 'report', report: 'activity', params: { ...params, teacherId: id } });

  const dayRows: ReportRow[] = [...days]
    .sort((a, b) => a.day.localeCompare(b.day) || nameOf(a.staffId).localeCompare(nameOf(b.staffId), 'ru'))
    .map((d) => ({
      cells: { date: d.day, person: nameOf(d.staffId), signIns: d.signIns, changes: d.changes, first: clock(d.first), last: clock(d.last) },
      links: { person: personLink(d.staffId) },
    }));
  const totals = new Map<string, { days: number; signIns: number; changes: number; lastDay: string | null }>();
  for (const d of days) {
    const t = totals.get(d.staffId) ?? { days: 0, signIns: 0, changes: 0, lastDay: null };
    t.days++; t.signIns += d.signIns; t.changes += d.changes;
    if (t.lastDay === null || d.day > t.lastDay) t.lastDay = d.day;
    totals.set(d.staffId, t);
  }
  const people_ = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  const personRows: ReportRow[] = people_.map((p) => {
    const t = totals.get(p.id) ?? { days: 0, signIns: 0, changes: 0, lastDay: null };
    return { cells: { person: p.name, roles: p.roles, days: t.days, signIns: t.signIns, changes: t.changes, lastDay: t.lastDay }, links: { person: personLink(p.id) }, ...(t.days === 0 ? { mark: 'risk' as const } : {}) };
  });
  const sum = [...totals.values()].reduce((s, t) => ({ signIns: s.signIns + t.signIns, changes: s.changes + t.changes }), { signIns: 0, changes: 0 });
  personRows.push({ cells: { person: 'Итого', roles: '', days: [...new Set(days.map((d) => d.day))].length, signIns: sum.signIns, changes: sum.changes, lastDay: null }, mark: 'total' });

  const todayRows: ReportRow[] = [...today.entries()]
    .filter(([, t]) => t.unfilled.length > 0)
    .sort((a, b) => nameOf(a[0]).localeCompare(nameOf(b[0]), 'ru'))
    .map(([id, t]) => ({
      cells: { person: nameOf(id) || t.unfilled[0]!.teacherName, due: t.due, unfilled: t.unfilled.length },
      links: { unfilled: { to: 'lessons', title: `Незаполненные уроки ${formatRuDate(ctx.today)}: ${nameOf(id) || t.unfilled[0]!.teacherName}`, lessons: t.unfilled } },
      mark: 'risk' as const,
    }));

  // Changes and sign-ins a day over the range.
  const dates: string[] = [];
  for (let d = range.from; d <= range.to && dates.length < 400; d = addDays(d, 1)) dates.push(d);
  const perDay = (pick: (d: Day) => number) => dates.map((x) => days.filter((d) => d.day === x).reduce((s, d) => s + pick(d), 0));

  const sections: ReportSection[] = [
    { kind: 'chart', title: 'Работа в журнале по дням', chart: { type: 'bars', categories: dates.map((d) => formatRuDate(d).slice(0, 5)), series: [{ name: 'Изменения', values: perDay((d) => d.changes) }, { name: 'Входы', values: perDay((d) => d.signIns) }], unit: '', min: 0 } },
    {
      kind: 'table', title: 'Итого по сотрудникам',
      columns: [{ key: 'person', title: 'Сотрудник', kind: 'text', width: 3 }, { key: 'roles', title: 'Роли', kind: 'text', width: 4 },
        { key: 'days', title: 'Дней работы', kind: 'int' }, { key: 'signIns', title: 'Входов', kind: 'int' }, { key: 'changes', title: 'Изменений', kind: 'int' },
        { key: 'lastDay', title: 'Последний день работы', kind: 'date', width: 1.5 }],
      rows: personRows, empty: 'Нет сотрудников.',
    },
    {
      kind: 'table', title: 'По дням',
      columns: [{ key: 'date', title: 'Дата', kind: 'date', width: 1.5 }, { key: 'person', title: 'Сотрудник', kind: 'text', width: 3 },
        { key: 'signIns', title: 'Входов', kind: 'int' }, { key: 'changes', title: 'Изменений', kind: 'int' },
        { key: 'first', title: 'Первое действие', kind: 'text' }, { key: 'last', title: 'Последнее действие', kind: 'text' }],
      rows: dayRows, empty: 'За эти дни в журнале никто не работал.',
    },
    {
      kind: 'table', title: `Не заполнили уроки сегодня (${formatRuDate(ctx.today)})`,
      columns: [{ key: 'person', title: 'Учитель', kind: 'text', width: 3 }, { key: 'due', title: 'Уроков сегодня', kind: 'int' }, { key: 'unfilled', title: 'Не заполнено', kind: 'int' }],
      rows: todayRows, empty: today.size === 0 ? 'Сегодня уроков по расписанию нет.' : 'Все сегодняшние уроки заполнены.',
    },
  ];
  return {
    name: 'activity',
    title: 'Активность пользователей',
    subtitle: `${staffId ? `${nameOf(staffId)} · ` : ''}${range.words}`,
    params,
    notes: [
      'Изменение — одно действие в журнале (отметка, тема урока, отсутствующие за урок и т. п.), по истории изменений со всех компьютеров; время — по часам компьютера, где оно сделано.',
      'Входы — успешные входы в программу на этом компьютере.',
      'Урок сегодня не заполнен, если по расписанию он сегодня есть (не отменён), а в журнале нет записи о нём или не записана тема; отметки и отсутствующие не требуются. Замещённый урок — за заменяющим учителем.',
    ],
    parts: [{ title: '', sections }],
  };
}
