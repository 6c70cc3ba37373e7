// The certification's shapes as the service returns them (types only) and how they are
// written in Russian on the screens (R-PRINT-2, 004 §4).
import type { ResultOf } from '../../../../service/api';
import { formatRuDate, toIsoDate } from '../../../../shared/dates';

export type Dashboard = ResultOf<'campaign.dashboard'>;
export type CampaignInfo = Dashboard['campaign'];
export type ClassState = Dashboard['classes'][number];
export type SubjectState = ClassState['subjects'][number];
export type StepState = ClassState['steps']['marks'];
export type StepKey = keyof ClassState['steps'];
export type Task = ResultOf<'campaign.myTasks'>['tasks'][number];
export type MarkCheck = ResultOf<'campaign.checkMarks'>;
export type PeriodChoice = ResultOf<'campaign.periods'>[number];

export const STEP_ORDER: readonly StepKey[] = ['marks', 'print', 'signatures', 'title', 'handover'];

/** Short column heads of the matrix: the day and what happens on it. */
export const STEP_HEADS: Record<StepKey, string> = {
  marks: 'День 1 · отметки',
  print: 'День 2 · копия и печать',
  signatures: 'День 3 · подписи',
  title: 'День 4 · титульный лист',
  handover: 'День 5 · сдача, директор, печать, папка',
};

export function stepText(s: StepState): string {
  const count = s.total > 1 ? ` ${s.done}/${s.total}` : '';
  switch (s.status) {
    case 'done': return `готово${count}`;
    case 'stale': return 'устарела — перепечатать';
    case 'open': return `${s.late ? 'опаздывает' : 'в работе'}${count}`;
    case 'waiting': return `ждёт${count}`;
  }
}

/** The colour class of a step's cell: done, in work, late, waiting, stale. */
export function stepClass(s: StepState): string {
  if (s.status === 'done') return 'cert-done';
  if (s.status === 'stale') return 'cert-late';
  if (s.late) return 'cert-late';
  return s.status === 'open' ? 'cert-open' : 'cert-waiting';
}

export const dateTime = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return `${formatRuDate(toIsoDate(d))} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export const subjectLabel = (s: { subjectName: string; subgroupName: string | null }) => (s.subgroupName ? `${s.subjectName} (${s.subgroupName})` : s.subjectName);
