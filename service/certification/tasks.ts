// Each person's to-do list for the certification (R-PRINT-2, 004 §4): what they can do now,
// with its day and whether it is late. A teacher confirms and signs their own subjects; a
// class teacher certifies the title page; a deputy records the backup, prints, collects
// the signatures and hands the copies over; the director signs; the secretary takes the
// copies to the director, seals them and forms the folder.
import type { Role } from '../../db/schema';
import type { SessionUser } from '../session';
import { campaignDays, type CampaignData, type ClassState, type StepKey } from './state';

export type TaskKind =
  | 'confirmMarks' | 'recordBackup' | 'print' | 'reprint' | 'printOverride' | 'sign' | 'collectSignatures'
  | 'certifyTitle' | 'handOver' | 'directorSign' | 'seal' | 'bind';

export interface Task {
  readonly campaignId: string;
  readonly periodName: string;
  readonly kind: TaskKind;
  readonly step: StepKey;
  readonly day: number;
  readonly dueOn: string;
  readonly late: boolean;
  /** Who the task is for. */
  readonly role: Role;
  readonly classId: string | null;
  readonly className: string | null;
  readonly assignmentId: string | null;
  readonly subjectName: string | null;
  readonly text: string;
}

const done = (x: string | null | undefined) => !!x;

/** A period's name inside a sentence: «за 1 четверть», «за учебный год». */
const inText = (name: string) => (/^\p{Lu}\p{Ll}/u.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name);

/**
 * The person's tasks in one campaign. Each line names its period (`periodLabel`: the
 * period's name, with its grades where two open campaigns share a name).
 */
export function tasksFor(user: SessionUser, data: CampaignData, today: string, periodLabel: string = data.period.name): Task[] {
  const days = campaignDays(data.campaign);
  const per = inText(periodLabel);
  const tasks: Task[] = [];
  const add = (role: Role, kind: TaskKind, step: StepKey, day: number, cls: ClassState | null, text: string, subject?: { assignmentId: string; subjectName: string }) =>
    tasks.push({
      campaignId: data.campaign.id, periodName: data.period.name, kind, step, day, dueOn: days[day - 1]!, late: today > days[day - 1]!, role,
      classId: cls?.classId ?? null, className: cls?.className ?? null, assignmentId: subject?.assignmentId ?? null, subjectName: subject?.subjectName ?? null, text,
    });
  const is = (r: Role) => user.roles.includes(r);
  const teaches = is('teacher') || is('class_teacher');

  if (is('deputy') && !done(data.campaign.backup_recorded_at)) {
    add('deputy', 'recordBackup', 'print', 2, null, `Сделать и записать резервную копию журнала для аттестации за ${per}`);
  }
  for (const c of data.classes) {
    const rec = c.record;
    if (teaches) {
      for (const s of c.subjects.filter((x) => x.teacherId === user.id)) {
        const label = `${s.subjectName}${s.subgroupName ? ` (${s.subgroupName})` : ''}`;
        if (s.graded && !done(s.confirmedAt)) add('teacher', 'confirmMarks', 'marks', 1, c, `Проверить и подтвердить отметки за ${per}: ${c.className}, ${label}`, s);
        if (c.steps.print.status === 'done' && !done(s.signedAt)) add('teacher', 'sign', 'signatures', 3, c, `Проверить бумажную копию за ${per} и подписать листы: ${c.className}, ${label}`, s);
      }
    }
    if (is('class_teacher') && c.classTeacherId === user.id && c.steps.title.status === 'open') {
      add('class_teacher', 'certifyTitle', 'title', 4, c, `Заверить титульный лист копии журнала ${c.className} за ${per} и сдать заместителю директора`);
    }
    if (is('deputy')) {
      if (c.steps.print.status === 'stale') add('deputy', 'reprint', 'print', 2, c, `Перепечатать устаревшие листы копии ${c.className} за ${per}: ${rec?.print_stale_note ?? ''}`);
      else if (c.steps.print.status === 'open') add('deputy', 'print', 'print', 2, c, `Напечатать копию журнала ${c.className} за ${per}`);
      else if (c.steps.print.status === 'waiting' && c.steps.marks.status !== 'done' && today >= days[1]!) {
        add('deputy', 'printOverride', 'print', 2, c, `${c.className}, ${per}: подтвердили отметки ${c.steps.marks.done} из ${c.steps.marks.total} — напомнить учителям или печатать с указанием причины`);
      }
      if (c.steps.signatures.status === 'open') add('deputy', 'collectSignatures', 'signatures', 3, c, `Собрать подписи учителей на листах ${c.className} за ${per}: ${c.steps.signatures.done} из ${c.steps.signatures.total}`);
      if (c.steps.handover.status === 'open' && !done(rec?.handed_at)) add('deputy', 'handOver', 'handover', 5, c, `Заверить копию журнала ${c.className} за ${per} и сдать секретарю`);
    }
    if (c.steps.handover.status === 'open' && done(rec?.handed_at)) {
      if (!done(rec?.director_signed_at)) {
        if (is('director')) add('director', 'directorSign', 'handover', 5, c, `Подписать копию журнала ${c.className} за ${per}`);
        if (is('secretary')) add('secretary', 'directorSign', 'handover', 5, c, `Представить копию журнала ${c.className} за ${per} на подпись директору`);
      } else if (is('secretary') && !done(rec?.sealed_at)) {
        add('secretary', 'seal', 'handover', 5, c, `Заверить копию журнала ${c.className} за ${per} печатью школы`);
      } else if (is('secretary') && !done(rec?.bound_at)) {
        add('secretary', 'bind', 'handover', 5, c, `Пронумеровать, прошить копию ${c.className} за ${per}, внести в реестр и вложить в папку за период`);
      }
    }
  }
  return tasks;
}

/**
 * One list of a person's tasks from every open campaign: late first, then by day (within
 * that the classes stay in grade order: a stable sort), and no two identical lines — a line
 * the person would read twice (the same words, day and date) is shown once.
 */
export function orderTasks(tasks: readonly Task[]): Task[] {
  const seen = new Set<string>();
  const unique = tasks.filter((t) => {
    const line = `${t.day}|${t.dueOn}|${t.text}`;
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
  return unique.sort((a, b) => Number(b.late) - Number(a.late) || a.day - b.day);
}
