// Confirmation locks the period marks (R-PRINT-2 day 1, R-TIME-3): once the subject teacher
// confirmed a class × subject in the period's certification, a period mark of it is no
// longer changed directly; the change is a correction request a deputy approves.
import type { Knex } from 'knex';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { ServiceError } from '../errors';
import { liveCampaignId, subjectRowId } from './state';

/** Refuses (OUT_OF_WINDOW) a direct change of a period mark the teacher has confirmed. */
export async function checkCertificationLock(knex: Knex, assignmentId: string, periodId: string): Promise<void> {
  const campaign = await liveCampaignId(knex, periodId);
  if (!campaign) return;
  const row: { confirmed_at: string | null } | undefined = await knex('certification_subject')
    .where({ id: subjectRowId(campaign, assignmentId) }).first('confirmed_at');
  if (!row?.confirmed_at) return;
  throw new ServiceError(
    'OUT_OF_WINDOW',
    `Отметки за период по этому предмету подтверждены ${formatRuDate(toIsoDate(new Date(row.confirmed_at)))} при аттестации (день 1). Теперь изменение возможно только по заявке на исправление с согласия заместителя директора.`,
    { lockedBy: 'certification' },
  );
}
