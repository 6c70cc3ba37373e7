// The calendar-thematic plan (КТП) of one teaching assignment: exactly the curriculum's
// hours for the year, one item per lesson (R-REC-6), built from the subject's sections
// and topics. Each section ends with a control work where the subject has them; the year
// ends with revision and a reserve lesson.
import type { SeededRandom } from '../../shared/random';
import type { SubjectKey, WorkKindCode } from './curriculum';
import { sectionsFor } from './topics';

export type PlanKind = 'new' | 'practice' | 'review' | 'control' | 'lab' | 'practical' | 'reserve';

export interface PlannedLesson {
  readonly section: string;
  readonly topic: string;
  readonly kind: PlanKind;
  /** The kind of work every present student writes on this lesson (control, lab, practical). */
  readonly work: WorkKindCode | null;
}

interface ControlStyle {
  /** The control item of a section: its topic and kind of work. */
  section(n: number, name: string): { topic: string; work: WorkKindCode };
  year: { topic: string; work: WorkKindCode };
}

const test = (label: string, work: WorkKindCode, year: string): ControlStyle => ({
  section: (_n, name) => ({ topic: `${label} по теме «${name}»`, work }),
  year: { topic: year, work },
});
const numbered = (label: string, work: WorkKindCode, year: string): ControlStyle => ({
  section: (n, name) => ({ topic: `${label} № ${n} по теме «${name}»`, work }),
  year: { topic: year, work },
});

/** How each subject checks a section; subjects without an entry have no control works. */
function controlStyle(subject: SubjectKey, grade: number): ControlStyle | null {
  if (grade === 1) return null; // R-REC-5: no marks in grade 1, so no control works either
  switch (subject) {
    case 'rus':
      return numbered('Контрольный диктант', 'Д', 'Итоговый контрольный диктант с грамматическим заданием');
    case 'lit':
      return {
        section: (n, name) => (n % 2 === 1
          ? { topic: `Контрольная работа по разделу «${name}»`, work: 'К' }
          : { topic: `Сочинение по произведениям раздела «${name}»`, work: 'СЧ' }),
        year: { topic: 'Итоговая контрольная работа', work: 'К' },
      };
    case 'litread':
      return test('Проверочная работа', 'ПР', 'Итоговая проверочная работа. Проверка навыка чтения');
    case 'eng': case 'math': case 'alg': case 'geom': case 'stat': case 'inf': case 'phys': case 'chem':
      return numbered('Контрольная работа', 'К', 'Итоговая контрольная работа');
    case 'world': case 'geo': case 'bio':
      return test('Проверочная работа', 'ПР', 'Итоговая проверочная работа');
    case 'hist': case 'soc': case 'obzr':
      return test('Контрольное тестирование', 'Т', 'Итоговое тестирование');
    case 'pe':
      return {
        section: (_n, name) => ({ topic: `Контроль двигательных качеств: сдача нормативов (${name.toLowerCase()})`, work: 'Н' }),
        year: { topic: 'Итоговая сдача нормативов', work: 'Н' },
      };
    default:
      return null;
  }
}

/** Names of the further lessons on a topic ('Сложение дробей. Решение задач'). */
function variants(subject: SubjectKey, grade: number): readonly string[] {
  switch (subject) {
    case 'math': case 'alg': case 'geom': case 'stat': case 'phys': case 'chem': case 'inf':
      return grade === 1 ? ['Закрепление', 'Решение примеров'] : ['Решение задач', 'Закрепление', 'Практикум по решению задач'];
    case 'rus':
      return grade === 1 ? ['Закрепление', 'Письмо слогов и слов'] : ['Закрепление', 'Тренировочные упражнения', 'Развитие речи'];
    case 'litread':
      return grade === 1 ? ['Закрепление', 'Чтение слов и предложений'] : ['Выразительное чтение', 'Чтение по ролям', 'Работа с текстом'];
    case 'lit':
      return ['Анализ произведения', 'Проблематика и художественные особенности', 'Развитие речи'];
    case 'eng':
      return ['Лексико-грамматические упражнения', 'Развитие навыков чтения', 'Развитие навыков аудирования', 'Развитие навыков говорения'];
    case 'pe':
      return ['Совершенствование техники', 'Развитие физических качеств', 'Учебная игра'];
    case 'art': case 'tech': case 'music': case 'project':
      return ['Продолжение работы', 'Творческая работа'];
    default:
      return ['Продолжение темы', 'Закрепление'];
  }
}

/** Splits `total` into parts proportional to `weights` (largest remainder; each part ≥ 0). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) parts[order[j]![1]]! += 1;
  return parts;
}

/** The year's plan of `count` lessons of a subject in a grade. */
export function buildThematicPlan(subject: SubjectKey, grade: number, count: number, rng: SeededRandom): PlannedLesson[] {
  const style = controlStyle(subject, grade);
  const sections = sectionsFor(subject, grade);
  const finalName = 'Повторение и обобщение изученного за год';
  const finalCount = Math.min(count, Math.max(2, Math.round(count * 0.05)));
  const bodyCount = count - finalCount;
  const perSection = apportion(bodyCount, sections.map((s) => s.topics.length + 2));
  const out: PlannedLesson[] = [];
  let controlNo = 0;
  let labNo = 0;
  let practicalNo = 0;
  const vars = variants(subject, grade);

  sections.forEach((section, si) => {
    const lessons = perSection[si]!;
    if (lessons === 0) return;
    const control = style && lessons >= 4 ? style.section(++controlNo, section.name) : null;
    const review = lessons >= 8;
    const forTopics = lessons - (control ? 1 : 0) - (review ? 1 : 0);
    const topics = section.topics;
    // Fewer lessons than topics: take topics spread over the section; more: repeat topics.
    const chosen = forTopics <= topics.length
      ? Array.from({ length: forTopics }, (_, i) => topics[Math.floor((i * topics.length) / forTopics)]!)
      : [...topics];
    // A laboratory or practical work takes one lesson; the other topics share the rest.
    const extra = forTopics - chosen.length;
    const extras = extra > 0 ? apportion(extra, topics.map((t) => (/^(ЛР|ПР): /.test(t) ? 0 : 1))) : chosen.map(() => 0);
    chosen.forEach((topic, ti) => {
      const n = 1 + (extras[ti] ?? 0);
      const lab = /^ЛР: (.*)$/.exec(topic);
      const practical = /^ПР: (.*)$/.exec(topic);
      for (let k = 0; k < n; k++) {
        if (lab) {
          out.push({ section: section.name, topic: `Лабораторная работа № ${++labNo} «${lab[1]!}»`, kind: 'lab', work: 'Л/Р' });
        } else if (practical) {
          out.push({ section: section.name, topic: `Практическая работа № ${++practicalNo} «${practical[1]!}»`, kind: 'practical', work: 'П/Р' });
        } else if (k === 0) {
          out.push({ section: section.name, topic, kind: 'new', work: null });
        } else {
          out.push({ section: section.name, topic: `${topic}. ${vars[(k - 1 + rng.int(0, vars.length - 1)) % vars.length]!}`, kind: 'practice', work: null });
        }
      }
    });
    if (review) out.push({ section: section.name, topic: `Обобщение и систематизация знаний по теме «${section.name}»`, kind: 'review', work: null });
    if (control) out.push({ section: section.name, topic: control.topic, kind: 'control', work: control.work });
  });

  for (let i = 0; i < finalCount; i++) {
    const last = i === finalCount - 1;
    if (last) out.push({ section: finalName, topic: 'Резервный урок', kind: 'reserve', work: null });
    else if (i === finalCount - 2 && style) out.push({ section: finalName, topic: style.year.topic, kind: 'control', work: style.year.work });
    else out.push({ section: finalName, topic: `Повторение изученного за год (урок ${i + 1})`, kind: 'review', work: null });
  }
  if (out.length !== count) throw new Error(`thematic plan of ${subject} in grade ${grade}: ${out.length} items for ${count} hours`);
  return out;
}
