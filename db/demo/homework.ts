// Homework as teachers write it in the journal (R-REC-1: the volume — paragraphs, pages,
// exercises), growing through the textbook as the plan goes on. Grade 1 gets none
// (R-REC-5); the caller leaves it out there.
import type { SeededRandom } from '../../shared/random';
import type { SubjectKey } from './curriculum';
import type { PlanKind } from './plan';

/**
 * The homework after the `k`-th lesson (from 0) of a subject taught `hours` a week in a grade; `kind` is the
 * lesson's place in the plan (after a control work there is little to do).
 */
export function homeworkFor(subject: SubjectKey, grade: number, hours: number, k: number, kind: PlanKind, rng: SeededRandom): string {
  // About 40 paragraphs in a year's textbook, whatever the hours a week.
  const para = 1 + Math.floor((k * 1.2) / hours);
  const page = 4 + Math.floor((k * 7) / hours) + rng.int(0, 1);
  const exercisesPerLesson = subject === 'rus' ? (grade <= 4 ? 2.5 : 3.5) : 7;
  const ex = 10 + Math.floor(k * exercisesPerLesson) + rng.int(0, 3) + (grade % 3) * 2;
  const pick = (xs: readonly string[]) => rng.pick(xs);
  if (kind === 'control') return pick(['Повторить пройденный материал', 'Работа над ошибками в тетради', `Повторить § ${Math.max(1, para - 2)}–${para}`]);
  switch (subject) {
    case 'math': case 'alg': case 'geom':
      return pick([`§ ${para}, № ${ex}, ${ex + 2}`, `п. ${para}, № ${ex}–${ex + 3}`, `§ ${para}, № ${ex}, ${ex + 2}, ${ex + 5}`, `Повторить § ${para}, № ${ex}`]);
    case 'stat':
      return pick([`§ ${para}, задачи ${Math.ceil(ex / 3)}, ${Math.ceil(ex / 3) + 1}`, `§ ${para}, вопросы к параграфу`]);
    case 'inf':
      return pick([`§ ${para}, вопросы 1–4`, `§ ${para}, задание ${rng.int(1, 6)} в рабочей тетради`, `§ ${para}, подготовить сообщение`]);
    case 'rus':
      return grade <= 4
        ? pick([`Упр. ${ex}`, `Упр. ${ex}, выучить правило на с. ${page}`, `С. ${page}, упр. ${ex}, словарные слова`])
        : pick([`Упр. ${ex}`, `§ ${para}, упр. ${ex}`, `§ ${para}, упр. ${ex}, ${ex + 1}`, `Упр. ${ex}, выучить правило`]);
    case 'litread':
      return pick([`С. ${page}–${page + 3}, выразительное чтение`, `С. ${page}, пересказ`, `С. ${page}, выучить стихотворение наизусть`, `С. ${page}–${page + 2}, ответить на вопросы`]);
    case 'lit':
      return pick([`Прочитать с. ${page * 2}–${page * 2 + 15}`, `С. ${page * 2}, вопросы 1–4`, 'Выучить наизусть отрывок', `Прочитать с. ${page * 2}–${page * 2 + 20}, составить план`, 'Подготовить сообщение о писателе']);
    case 'eng':
      return pick([`Учебник с. ${page}, упр. ${rng.int(1, 4)}, ${rng.int(5, 8)}`, `Рабочая тетрадь с. ${Math.ceil(page / 2)}, упр. ${rng.int(1, 5)}`, `Выучить новые слова (с. ${page})`, `Учебник с. ${page}, упр. ${rng.int(1, 6)} (письменно)`]);
    case 'world':
      return pick([`Учебник с. ${page}–${page + 3}, рабочая тетрадь с. ${Math.ceil(page / 2)}`, `С. ${page}–${page + 3}, ответить на вопросы`]);
    case 'hist': case 'soc':
      return pick([`§ ${para}, вопросы 1–3`, `§ ${para}, вопросы на с. ${page * 2}`, `§ ${para}, выучить даты`, `§ ${para}, составить план ответа`]);
    case 'geo':
      return pick([`§ ${para}, вопросы 1–4`, `§ ${para}, задания на контурной карте`, `§ ${para}`]);
    case 'bio':
      return pick([`§ ${para}, вопросы 1–3`, `§ ${para}, зарисовать схему`, `§ ${para}`]);
    case 'phys':
      return pick([`§ ${para}, упр. ${Math.ceil(para / 2)} (1, 2)`, `§ ${para}, вопросы`, `§ ${para}, задачи ${ex}, ${ex + 1}`]);
    case 'chem':
      return pick([`§ ${para}, упр. ${rng.int(1, 5)}`, `§ ${para}, задача ${rng.int(1, 4)}`, `§ ${para}, вопросы 1–3`]);
    case 'obzr':
      return pick([`§ ${para}, вопросы`, `§ ${para}, памятка`]);
    case 'orkse':
      return pick(['Подготовить сообщение', `С. ${page}–${page + 3}, вопросы`, 'Нарисовать иллюстрацию к уроку']);
    case 'music':
      return pick(['Выучить слова песни', 'Послушать произведение, записать впечатления', 'Подготовить рассказ о композиторе']);
    case 'art':
      return pick(['Закончить рисунок', 'Подготовить акварель, кисти, альбом', 'Найти образцы народной росписи']);
    case 'tech':
      return pick(['Принести материалы для практической работы', 'Закончить изделие', 'Подготовить эскиз изделия']);
    case 'pe':
      return pick(['Комплекс утренней гимнастики', 'Прыжки со скакалкой', 'Повторить правила игры', 'Упражнения на гибкость']);
    case 'project':
      return pick(['Работа над проектом: подбор источников', 'Работа над проектом: план', 'Подготовить материалы к проекту']);
  }
}
