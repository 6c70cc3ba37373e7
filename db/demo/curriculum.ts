// Subjects, the curriculum (учебный план: hours a week per grade, ФГОС/ФООП-like) and
// the school's list of kinds of work. The hours are the source of the timetable and of
// the thematic plan (R-REC-6).

export type SubjectKey =
  | 'rus' | 'litread' | 'lit' | 'eng' | 'math' | 'alg' | 'geom' | 'stat' | 'inf' | 'world'
  | 'hist' | 'soc' | 'geo' | 'bio' | 'phys' | 'chem' | 'orkse' | 'music' | 'art' | 'tech'
  | 'obzr' | 'pe' | 'project';

export interface SubjectDef {
  readonly key: SubjectKey;
  readonly name: string;
  readonly shortName: string;
  /** Marked with 2-5; ОРКСЭ is taught without marks. */
  readonly graded: boolean;
}

export const SUBJECTS: readonly SubjectDef[] = [
  { key: 'rus', name: 'Русский язык', shortName: 'Рус. яз.', graded: true },
  { key: 'litread', name: 'Литературное чтение', shortName: 'Лит. чтение', graded: true },
  { key: 'lit', name: 'Литература', shortName: 'Лит-ра', graded: true },
  { key: 'eng', name: 'Иностранный язык (английский)', shortName: 'Англ. яз.', graded: true },
  { key: 'math', name: 'Математика', shortName: 'Матем.', graded: true },
  { key: 'alg', name: 'Алгебра', shortName: 'Алгебра', graded: true },
  { key: 'geom', name: 'Геометрия', shortName: 'Геом.', graded: true },
  { key: 'stat', name: 'Вероятность и статистика', shortName: 'Вер. и стат.', graded: true },
  { key: 'inf', name: 'Информатика', shortName: 'Информ.', graded: true },
  { key: 'world', name: 'Окружающий мир', shortName: 'Окр. мир', graded: true },
  { key: 'hist', name: 'История', shortName: 'История', graded: true },
  { key: 'soc', name: 'Обществознание', shortName: 'Общ.', graded: true },
  { key: 'geo', name: 'География', shortName: 'Геогр.', graded: true },
  { key: 'bio', name: 'Биология', shortName: 'Биол.', graded: true },
  { key: 'phys', name: 'Физика', shortName: 'Физика', graded: true },
  { key: 'chem', name: 'Химия', shortName: 'Химия', graded: true },
  { key: 'orkse', name: 'Основы религиозных культур и светской этики', shortName: 'ОРКСЭ', graded: false },
  { key: 'music', name: 'Музыка', shortName: 'Музыка', graded: true },
  { key: 'art', name: 'Изобразительное искусство', shortName: 'ИЗО', graded: true },
  { key: 'tech', name: 'Труд (технология)', shortName: 'Труд', graded: true },
  { key: 'obzr', name: 'Основы безопасности и защиты Родины', shortName: 'ОБЗР', graded: true },
  { key: 'pe', name: 'Физическая культура', shortName: 'Физ-ра', graded: true },
  { key: 'project', name: 'Индивидуальный проект', shortName: 'Инд. проект', graded: true },
];

export function subjectDef(key: SubjectKey): SubjectDef {
  const s = SUBJECTS.find((x) => x.key === key);
  if (!s) throw new Error(`unknown subject ${key}`);
  return s;
}

export interface CurriculumLine {
  readonly subject: SubjectKey;
  readonly hours: number;
  /** The class is split into two subgroups with a teacher each. */
  readonly split: boolean;
}

/** Subjects whose classes are split into two subgroups, and from which grade. */
const SPLIT_FROM: Partial<Record<SubjectKey, number>> = { eng: 2, inf: 7 };

/** Hours a week per grade (index 0 = grade 1). */
const HOURS: Partial<Record<SubjectKey, readonly number[]>> = {
  //            1  2  3  4  5  6  7  8  9 10 11
  rus:        [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2],
  litread:    [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0],
  lit:        [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3],
  eng:        [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
  math:       [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0],
  alg:        [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3],
  geom:       [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2],
  stat:       [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
  inf:        [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
  world:      [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0],
  hist:       [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2],
  soc:        [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2],
  geo:        [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1],
  bio:        [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1],
  phys:       [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2],
  chem:       [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1],
  orkse:      [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
  music:      [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
  art:        [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
  tech:       [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0],
  obzr:       [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
  pe:         [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  project:    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
};

/** The most lessons a week a grade may have in a five-day week (СанПиН 1.2.3685-21). */
export const WEEKLY_LIMIT: readonly number[] = [21, 23, 23, 23, 29, 30, 32, 33, 33, 34, 34];

/** The most lessons a day (primary grades at most 5). */
export function dailyLimit(grade: number): number {
  if (grade === 1) return 4;
  if (grade <= 4) return 5;
  if (grade <= 6) return 6;
  return 7;
}

export { teachingWeeks } from '../setup/teaching-weeks';

/** The curriculum of a grade, in subject order; checked against the weekly limit. */
export function curriculumFor(grade: number): CurriculumLine[] {
  const lines: CurriculumLine[] = [];
  for (const s of SUBJECTS) {
    const hours = HOURS[s.key]?.[grade - 1] ?? 0;
    if (hours <= 0) continue;
    const splitFrom = SPLIT_FROM[s.key];
    lines.push({ subject: s.key, hours, split: splitFrom !== undefined && grade >= splitFrom });
  }
  const total = lines.reduce((n, l) => n + l.hours, 0);
  const limit = WEEKLY_LIMIT[grade - 1]!;
  if (total > limit) throw new Error(`curriculum of grade ${grade}: ${total} h a week exceeds the limit ${limit}`);
  return lines;
}

export type WorkKindCode =
  | 'К' | 'С/Р' | 'Л/Р' | 'П/Р' | 'Д/З' | 'У' | 'Т' | 'Д' | 'СЧ' | 'ИЗ' | 'Ч' | 'Н' | 'ТВ' | 'ПР' | 'ПРОЕКТ';

export interface WorkKindDef {
  readonly code: WorkKindCode;
  readonly name: string;
  readonly written: boolean;
  /** Weight in the weighted average of a period mark. */
  readonly weight: number;
}

// R-REC-2: every mark carries the kind of work (К = контрольная, ...).
export const WORK_KINDS: readonly WorkKindDef[] = [
  { code: 'К', name: 'Контрольная работа', written: true, weight: 2 },
  { code: 'С/Р', name: 'Самостоятельная работа', written: true, weight: 1.5 },
  { code: 'Л/Р', name: 'Лабораторная работа', written: true, weight: 1.5 },
  { code: 'П/Р', name: 'Практическая работа', written: true, weight: 1.5 },
  { code: 'ПР', name: 'Проверочная работа', written: true, weight: 1.5 },
  { code: 'Т', name: 'Тест', written: true, weight: 1.5 },
  { code: 'Д', name: 'Диктант', written: true, weight: 2 },
  { code: 'СЧ', name: 'Сочинение', written: true, weight: 2 },
  { code: 'ИЗ', name: 'Изложение', written: true, weight: 2 },
  { code: 'Д/З', name: 'Домашняя работа', written: false, weight: 1 },
  { code: 'У', name: 'Устный ответ', written: false, weight: 1 },
  { code: 'Ч', name: 'Чтение наизусть', written: false, weight: 1 },
  { code: 'Н', name: 'Нормативы', written: false, weight: 1 },
  { code: 'ТВ', name: 'Техника выполнения упражнений', written: false, weight: 1 },
  { code: 'ПРОЕКТ', name: 'Защита проекта', written: false, weight: 2 },
];

export function workKind(code: WorkKindCode): WorkKindDef {
  const k = WORK_KINDS.find((w) => w.code === code);
  if (!k) throw new Error(`unknown work kind ${code}`);
  return k;
}
