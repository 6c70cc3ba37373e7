// The declaration of the user-activity report (R-REP-2): for the deputies, the director and
// the administrator (the control screens' role set), a week or a month, one person or all.
import { declareReport } from '../types';
import { buildActivity } from './build';

export const activityReport = declareReport({
  name: 'activity',
  title: 'Активность пользователей',
  description: 'Кто и когда работал в журнале за неделю или месяц: входы и изменения по дням, и кто не заполнил сегодняшние уроки.',
  params: { from: 'required', to: 'required', teacherId: 'optional' },
  access: 'controllers',
  build: buildActivity,
});
