// The declaration of the journal-control report (R-REP-1, R-REP-3): for the deputies and
// the director (the control screens' role set), a range or a period, any slice.
import { declareReport } from '../types';
import { buildControl } from './build';

export const controlReport = declareReport({
  name: 'control',
  title: 'Контроль ведения журнала',
  description: 'Как ведётся журнал за период: ученики без отметок и с одной отметкой, накопляемость, незаполненные уроки, уроки без темы и домашнего задания, внесённые поздно, выполнение программы, открытые замечания и заявки.',
  params: { periodId: 'optional', from: 'optional', to: 'optional', grade: 'optional', classId: 'optional', teacherId: 'optional', subjectId: 'optional' },
  access: 'controllers',
  build: buildControl,
});
