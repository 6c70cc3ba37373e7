// The data of the list of promoted students of a class (R-ROLE-6, issue 13 point 6): who
// of the class was promoted where at the year's end, by the director's order — promoted,
// promoted conditionally with the subjects of the academic debt, kept back, graduated.
import type { Knex } from 'knex';
import { PrintError } from '../errors';
import { fullName, loadHeading } from './heading';
import type { PrintHeading } from './types';

export const PROMOTION_WORDS: Readonly<Record<string, string>> = {
  promoted: 'переведён(а)',
  conditional: 'переведён(а) условно',
  kept: 'оставлен(а) на повторное обучение',
  graduated: 'окончил(а) и выбыл(а)',
  left: 'выбыл(а)',
};

export interface PromotionListData {
  heading: PrintHeading;
  yearId: string;
  orderNumber: string;
  orderDate: string;
  rows: { studentId: string; name: string; decision: string; toClass: string; debts: string }[];
}

export async function loadPromotionList(knex: Knex, classId: string): Promise<PromotionListData> {
  const cls: { year_id: string; grade: number } | undefined = await knex('class').where({ id: classId }).first('year_id', 'grade');
  if (!cls) throw new PrintError('PRINT_UNKNOWN_CLASS', 'Класс не найден в журнале.');
  const yp: { id: string } | undefined = await knex('period').where({ year_id: cls.year_id, kind: 'year' })
    .where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).first('id');
  if (!yp) throw new PrintError('PRINT_UNKNOWN_PERIOD', 'В учебном году нет периода «учебный год».');
  const heading = await loadHeading(knex, classId, yp.id);
  const rows: { student_id: string; last_name: string; first_name: string; middle_name: string; decision: string; to_name: string | null; debts: string; order_number: string; order_date: string }[] = await knex('promotion as p')
    .join('student as s', 's.id', 'p.student_id').leftJoin('class as c', 'c.id', 'p.to_class_id')
    .where('p.from_class_id', classId)
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 's.middle_name' }, { column: 's.id' }])
    .select('p.student_id', 's.last_name', 's.first_name', 's.middle_name', 'p.decision', 'c.name as to_name', 'p.debts', 'p.order_number', 'p.order_date');
  return {
    heading, yearId: cls.year_id,
    orderNumber: rows[0]?.order_number ?? '', orderDate: rows[0]?.order_date ?? '',
    rows: rows.map((r) => ({ studentId: r.student_id, name: fullName(r), decision: PROMOTION_WORDS[r.decision] ?? r.decision, toClass: r.to_name ?? '—', debts: r.debts })),
  };
}
