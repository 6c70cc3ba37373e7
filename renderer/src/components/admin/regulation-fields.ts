// The regulation profile's settings as the administrator sees them: a Russian label, how
// each is edited and checked, and (for the code's reader) the rules they come from. The service's schema
// (service/regulation/profile.ts, PROFILE_SCHEMA) is what counts; the limits here only
// let the form say what is wrong before sending, in the same words for every field.
import type { ResultOf } from '../../../../service/api';
import { plural } from './format-admin';

export type Profile = ResultOf<'regulation.get'>['profile'];
export type ProfileKey = keyof Profile;
export type NumberKey = { [K in ProfileKey]: Profile[K] extends number ? K : never }[ProfileKey];
export type Mark = Profile['markScale'][number];

/** What the form holds while editing: numbers and the time as typed, the scale as ticked. */
export type Draft = { -readonly [K in ProfileKey]: Profile[K] extends number ? string : Profile[K] };

export const MARKS: readonly Mark[] = ['1', '2', '3', '4', '5'];

interface Common {
  readonly label: string;
  /** Rule ids of the school regulations (README: "The journal's rules"), for the code's reader: never shown. */
  readonly rules: readonly string[];
  readonly hint?: string;
}

export type FieldDef = Common &
  (
    | { readonly kind: 'number'; readonly key: NumberKey; readonly min: number; readonly max: number; readonly unit: readonly [string, string, string]; readonly tail?: string }
    | { readonly kind: 'time'; readonly key: 'lessonEntryUntilNextDay' }
    | { readonly kind: 'scale'; readonly key: 'markScale' }
  );

const DAYS = ['день', 'дня', 'дней'] as const;
const MARK_WORDS = ['отметка', 'отметки', 'отметок'] as const;
const MINUTES = ['минута', 'минуты', 'минут'] as const;
const WEEKS = ['неделю', 'недели', 'недель'] as const;
const POINTS = ['балл', 'балла', 'баллов'] as const;

export const SECTIONS: readonly { readonly title: string; readonly fields: readonly FieldDef[] }[] = [
  {
    title: 'Отметки',
    fields: [
      { kind: 'scale', key: 'markScale', label: 'Шкала отметок', rules: ['R-REC-2'], hint: 'Отметка «1» — только если её применяет школа.' },
    ],
  },
  {
    title: 'Сроки заполнения журнала',
    fields: [
      {
        kind: 'time',
        key: 'lessonEntryUntilNextDay',
        label: 'Тема урока, домашнее задание и пропуски — до этого времени следующего дня',
        rules: ['R-TIME-1'],
      },
      { kind: 'number', key: 'oralMarkDays', label: 'Отметка за устный ответ — в течение', rules: ['R-TIME-2'], min: 0, max: 30, unit: DAYS, tail: 'после урока' },
      {
        kind: 'number',
        key: 'writtenMarkDaysBasic',
        label: 'Отметка за письменную работу, 2–9 классы — в течение',
        rules: ['R-TIME-2'],
        min: 0,
        max: 30,
        unit: DAYS,
        tail: 'после урока',
      },
      {
        kind: 'number',
        key: 'writtenMarkDaysSenior',
        label: 'Отметка за письменную работу, 10–11 классы — в течение',
        rules: ['R-TIME-2'],
        min: 0,
        max: 30,
        unit: DAYS,
        tail: 'после урока',
      },
    ],
  },
  {
    title: 'Отметки за период',
    fields: [
      {
        kind: 'number',
        key: 'minMarksQuarter',
        label: 'Отметок до отметки за четверть — не меньше',
        rules: ['R-TIME-4'],
        min: 1,
        max: 20,
        unit: MARK_WORDS,
      },
      {
        kind: 'number',
        key: 'minMarksOneHour',
        label: 'Отметок до отметки за полугодие или триместр, предмет 1 час в неделю — не меньше',
        rules: ['R-TIME-4'],
        min: 1,
        max: 20,
        unit: MARK_WORDS,
      },
      {
        kind: 'number',
        key: 'minMarksMoreHours',
        label: 'Отметок до отметки за полугодие или триместр, предмет 2 часа и больше в неделю — не меньше',
        rules: ['R-TIME-4'],
        min: 1,
        max: 20,
        unit: MARK_WORDS,
      },
      {
        kind: 'number',
        key: 'firstMarkAfterWeeks',
        label: 'Первая отметка у каждого ученика — не позже чем через',
        rules: ['R-TIME-4', 'R-REP-3'],
        min: 1,
        max: 20,
        unit: WEEKS,
        hint: 'Накопляемость в отчёте «Контроль ведения журнала»: не меньше одной отметки к этому сроку.',
      },
      {
        kind: 'number',
        key: 'secondMarkAfterWeeks',
        label: 'Вторая отметка у каждого ученика — не позже чем через',
        rules: ['R-TIME-4', 'R-REP-3'],
        min: 1,
        max: 20,
        unit: WEEKS,
      },
      {
        kind: 'number',
        key: 'periodMarkDueDaysBeforeEnd',
        label: 'Отметки за период выставляются не позднее чем за',
        rules: ['R-TIME-5'],
        min: 0,
        max: 30,
        unit: DAYS,
        tail: 'до конца периода',
      },
      {
        kind: 'number',
        key: 'periodMarkOpensDaysBeforeEnd',
        label: 'Выставлять отметки за период (и прогноз) можно начиная за',
        rules: ['R-TIME-6'],
        min: 0,
        max: 60,
        unit: DAYS,
        tail: 'до конца периода',
      },
      {
        kind: 'number',
        key: 'periodMarkClosesDaysAfterEnd',
        label: 'Выставлять отметки за период можно до',
        rules: ['R-PRINT-2', 'R-TIME-3'],
        min: 0,
        max: 30,
        unit: DAYS,
        tail: 'после конца периода',
        hint: 'Позже — только по заявке на исправление, с согласия заместителя директора.',
      },
      {
        kind: 'number',
        key: 'lateArrivalAllowanceDays',
        label: 'Изменение с другого компьютера, пришедшее позже срока ввода более чем на',
        rules: ['R-TIME-3'],
        min: 0,
        max: 30,
        unit: DAYS,
        tail: 'показывается заместителю директора как опоздавшее',
        hint: 'Компьютер мог быть без сети: такие изменения применяются, но заместитель директора принимает их или отменяет как исправление.',
      },
    ],
  },
  {
    title: 'Аттестация за период',
    fields: [
      {
        kind: 'number',
        key: 'campaignOpensDaysBeforeEnd',
        label: 'Аттестацию за период можно открыть начиная за',
        rules: ['R-PRINT-2'],
        min: 0,
        max: 60,
        unit: DAYS,
        tail: 'до конца периода',
        hint: 'Пять дней аттестации назначаются на каникулы после конца периода; раньше этого срока их не планируют.',
      },
    ],
  },
  {
    title: 'Отчёты об успеваемости: веса СОУ',
    fields: ([
      ['souWeight5', '«5»'], ['souWeight4', '«4»'], ['souWeight3', '«3»'], ['souWeight2', '«2»'], ['souWeightNa', '«Н/А»'],
    ] as const).map(([key, mark]): FieldDef => ({
      kind: 'number',
      key,
      label: `Вес отметки ${mark} в степени обученности учащихся (СОУ)`,
      rules: ['R-REP-4'],
      min: 0,
      max: 100,
      unit: POINTS,
      ...(key === 'souWeight5' ? { hint: 'СОУ = (вес «5» · n5 + вес «4» · n4 + вес «3» · n3 + вес «2» · n2 + вес «Н/А» · nН/А) / N; обычно 100, 64, 36, 16 и 7.' } : {}),
    })),
  },
  {
    title: 'Вход в программу',
    fields: [
      {
        kind: 'number',
        key: 'idleLockMinutes',
        label: 'Сеанс блокируется после бездействия',
        rules: ['R-ROLE-7'],
        min: 1,
        max: 240,
        unit: MINUTES,
        hint: 'Учителя работают за общими компьютерами: без действий сеанс закрывается, и нужно войти снова.',
      },
    ],
  },
];

export const FIELDS: readonly FieldDef[] = SECTIONS.flatMap((s) => s.fields);

export function labelOf(key: string): string | undefined {
  return FIELDS.find((f) => f.key === key)?.label;
}

const sortMarks = (marks: readonly Mark[]): Mark[] => MARKS.filter((m) => marks.includes(m));

export function toDraft(p: Profile): Draft {
  return {
    markScale: sortMarks(p.markScale),
    lessonEntryUntilNextDay: p.lessonEntryUntilNextDay,
    oralMarkDays: String(p.oralMarkDays),
    writtenMarkDaysBasic: String(p.writtenMarkDaysBasic),
    writtenMarkDaysSenior: String(p.writtenMarkDaysSenior),
    minMarksQuarter: String(p.minMarksQuarter),
    minMarksOneHour: String(p.minMarksOneHour),
    minMarksMoreHours: String(p.minMarksMoreHours),
    firstMarkAfterWeeks: String(p.firstMarkAfterWeeks),
    secondMarkAfterWeeks: String(p.secondMarkAfterWeeks),
    periodMarkDueDaysBeforeEnd: String(p.periodMarkDueDaysBeforeEnd),
    periodMarkOpensDaysBeforeEnd: String(p.periodMarkOpensDaysBeforeEnd),
    periodMarkClosesDaysAfterEnd: String(p.periodMarkClosesDaysAfterEnd),
    campaignOpensDaysBeforeEnd: String(p.campaignOpensDaysBeforeEnd),
    idleLockMinutes: String(p.idleLockMinutes),
    lateArrivalAllowanceDays: String(p.lateArrivalAllowanceDays),
    souWeight5: String(p.souWeight5),
    souWeight4: String(p.souWeight4),
    souWeight3: String(p.souWeight3),
    souWeight2: String(p.souWeight2),
    souWeightNa: String(p.souWeightNa),
  };
}

/** '9:05' → '09:05'; null when it is not a time of day. */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

export type Parsed = { readonly ok: true; readonly value: Profile[ProfileKey] } | { readonly ok: false; readonly message: string };

/** The value a field's draft stands for, or why it cannot be saved. */
export function parseField(f: FieldDef, draft: Draft): Parsed {
  switch (f.kind) {
    case 'scale': {
      const marks = sortMarks(draft.markScale);
      return marks.length >= 2 ? { ok: true, value: marks } : { ok: false, message: 'Отметьте не меньше двух отметок шкалы.' };
    }
    case 'time': {
      const t = parseTime(draft.lessonEntryUntilNextDay);
      return t ? { ok: true, value: t } : { ok: false, message: 'Время в виде ЧЧ:ММ, например 12:00.' };
    }
    case 'number': {
      const text = draft[f.key].trim();
      const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
      return Number.isInteger(n) && n >= f.min && n <= f.max
        ? { ok: true, value: n }
        : { ok: false, message: `Введите целое число от ${f.min} до ${f.max}.` };
    }
  }
}

export function sameValue(a: Profile[ProfileKey], b: Profile[ProfileKey]): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join(',') === b.join(',') : a === b;
}

/** '3 дня после урока', '12:00', '2, 3, 4, 5'. */
export function formatValue(f: FieldDef, value: Profile[ProfileKey]): string {
  switch (f.kind) {
    case 'scale':
      return sortMarks(value as readonly Mark[]).join(', ');
    case 'time':
      return String(value);
    case 'number': {
      const n = value as number;
      return [String(n), plural(n, ...f.unit), f.tail].filter(Boolean).join(' ');
    }
  }
}
