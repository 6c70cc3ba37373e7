// Class lists: a student a row, with the class, birth date and up to two guardians
// (R-ROLE-6: the administrator keeps the lists; R-REC-10: the guardians' data). A student is
// the same person when surname, name, patronymic and birth date agree (ё as е, any case):
// twice in the file is an error, as is a student already in another class of the year
// (one class at a time, R-REC-9: a transfer is a movement, not an import).
import { newId } from '../../db/ids';
import type { FieldValue } from '../../db/schema';
import { shortName } from '../../shared/format';
import { GUARDIAN_RELATIONS } from '../people/names';
import { classesOfYear, excelDate, normClassName, normName, ruDate, RowPlan, yearWords, type KindDef, type MappedRow, type PlanContext, type PlannedRow } from './kind';

const guardianFields = (n: 1 | 2) => [
  { field: `g${n}_name`, label: `Представитель ${n}: ФИО`, aliases: n === 1 ? ['представитель', 'родитель', 'родитель 1', 'фио родителя', 'фио представителя', 'законный представитель'] : ['родитель 2', 'второй родитель'], width: 30 },
  { field: `g${n}_relation`, label: `Кем приходится ${n}`, aliases: n === 1 ? ['кем приходится', 'степень родства', 'родство'] : ['родство 2'], width: 14 },
  { field: `g${n}_phone`, label: `Телефон ${n}`, aliases: n === 1 ? ['телефон', 'телефон родителя', 'телефон представителя'] : ['телефон родителя 2'], width: 18 },
  { field: `g${n}_email`, label: `Эл. почта ${n}`, aliases: n === 1 ? ['email', 'e-mail', 'электронная почта', 'почта'] : ['email 2', 'e-mail 2', 'электронная почта 2'], width: 22 },
];

const FIELDS = [
  { field: 'class', label: 'Класс', required: true, aliases: ['класс ученика'], width: 8 },
  { field: 'last_name', label: 'Фамилия', required: true, width: 16 },
  { field: 'first_name', label: 'Имя', required: true, width: 14 },
  { field: 'middle_name', label: 'Отчество', width: 16 },
  { field: 'birth_date', label: 'Дата рождения', required: true, aliases: ['дата рожд', 'др', 'родился'], width: 14 },
  { field: 'gender', label: 'Пол', aliases: ['м ж'], width: 6 },
  { field: 'personal_file', label: '№ личного дела', aliases: ['личное дело', 'номер личного дела'], width: 14 },
  { field: 'address', label: 'Адрес', aliases: ['адрес проживания', 'домашний адрес'], width: 30 },
  { field: 'enrolled_on', label: 'Дата зачисления', aliases: ['зачислен', 'в классе с'], width: 14 },
  ...guardianFields(1),
  ...guardianFields(2),
] as const;

interface DbStudent { id: string; last_name: string; first_name: string; middle_name: string; birth_date: string; gender: string; personal_file: string; address: string }
interface DbGuardian { student_id: string; guardian_id: string; last_name: string; first_name: string; middle_name: string; phone: string; email: string }

const keyOf = (last: string, first: string, middle: string, birth: string) => `${normName(last)}|${normName(first)}|${normName(middle)}|${birth}`;

/** «м» or «ж» as people write it; from the patronymic when the column is empty. */
function genderOf(text: string, middleName: string): 'м' | 'ж' | null {
  const t = normName(text);
  if (['м', 'муж', 'мужской', 'm', 'male'].includes(t)) return 'м';
  if (['ж', 'жен', 'женский', 'f', 'female'].includes(t)) return 'ж';
  if (t) return null;
  const m = normName(middleName);
  if (/(вич|ич|оглы|улы)$/.test(m)) return 'м';
  if (/(вна|чна|шна|кызы|гызы)$/.test(m)) return 'ж';
  return null;
}

function relationOf(text: string, middleName: string): (typeof GUARDIAN_RELATIONS)[number] | null {
  const t = normName(text);
  const found = GUARDIAN_RELATIONS.find((r) => r === t) ?? (t === 'мама' ? 'мать' : t === 'папа' ? 'отец' : t === 'другое' || t === 'бабушка' || t === 'дедушка' ? 'иной' : undefined);
  if (found) return found;
  if (t) return null;
  const g = genderOf('', middleName);
  return g === 'ж' ? 'мать' : g === 'м' ? 'отец' : null;
}

async function plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]> {
  const { knex, year } = ctx;
  const classes = await classesOfYear(knex, year.id);
  const students: DbStudent[] = await knex('student').select('id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'personal_file', 'address');
  const byKey = new Map(students.map((s) => [keyOf(s.last_name, s.first_name, s.middle_name, s.birth_date), s]));
  // Where each student is in this year: enrolments not ended before the year's start.
  const enrolments: { student_id: string; class_id: string; class_name: string }[] = await knex('enrolment as e').join('class as c', 'c.id', 'e.class_id')
    .where('c.year_id', year.id).where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', ctx.today < year.starts_on ? year.starts_on : ctx.today))
    .select('e.student_id', 'e.class_id', 'c.name as class_name');
  const classOf = new Map(enrolments.map((e) => [e.student_id, e]));
  const linked: DbGuardian[] = await knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id').where('sg.removed', 0)
    .select('sg.student_id', 'g.id as guardian_id', 'g.last_name', 'g.first_name', 'g.middle_name', 'g.phone', 'g.email');
  const guardiansOf = new Map<string, DbGuardian[]>();
  for (const g of linked) guardiansOf.set(g.student_id, [...(guardiansOf.get(g.student_id) ?? []), g]);

  const seen = new Map<string, { row: number; className: string }>();
  return rows.map((src) => {
    const p = new RowPlan(src);
    const className = p.required('class', 'Класс');
    const cls = className ? classes.get(normClassName(className)) : undefined;
    if (className && !cls) p.error('class', `класса «${className}» нет в ${yearWords(year)}. Сначала заведите класс или исправьте название`);
    const last = p.name('last_name', 'Фамилия', true);
    const first = p.name('first_name', 'Имя', true);
    const middle = p.name('middle_name', 'Отчество', false);
    const birth = p.date('birth_date', 'Дата рождения', true);
    const gender = genderOf(src.text('gender'), middle);
    if (!gender) p.error('gender', src.text('gender') ? `Пол: «${src.text('gender')}» — нужно «м» или «ж»` : 'Пол: не заполнен, и по отчеству его не определить — укажите «м» или «ж»');
    const personalFile = src.text('personal_file').slice(0, 30);
    const address = src.text('address').replace(/\s+/g, ' ').slice(0, 200);
    const enrolledOn = p.date('enrolled_on', 'Дата зачисления', false) ?? year.starts_on;
    if (enrolledOn < year.starts_on || enrolledOn > year.ends_on) p.error('enrolled_on', `Дата зачисления ${ruDate(enrolledOn)} вне учебного года (${ruDate(year.starts_on)} – ${ruDate(year.ends_on)})`);
    if (birth) {
      const age = Number(year.starts_on.slice(0, 4)) - Number(birth.slice(0, 4));
      if (age < 5 || age > 21) p.error('birth_date', `Дата рождения ${ruDate(birth)}: ученику было бы ${age} лет в начале учебного года — проверьте дату`);
    }
    p.label = [cls?.name ?? className, [last, first, middle].filter(Boolean).join(' '), birth ? ruDate(birth) : ''].filter(Boolean).join(', ');

    // Guardians of the row: a full name, how related, phone, e-mail.
    const guardians: { last: string; first: string; middle: string; relation: string; phone: string; email: string }[] = [];
    for (const n of [1, 2] as const) {
      const full = src.text(`g${n}_name`).replace(/\s+/g, ' ');
      const anyOther = src.text(`g${n}_relation`) || src.text(`g${n}_phone`) || src.text(`g${n}_email`);
      if (!full) {
        if (anyOther) p.error(`g${n}_name`, `Представитель ${n}: укажите фамилию, имя и отчество`);
        continue;
      }
      const [gl = '', gf = '', ...gm] = full.split(' ');
      if (!gf) p.error(`g${n}_name`, `Представитель ${n}: «${full}» — нужны хотя бы фамилия и имя`);
      else if (!/^[\p{L}][\p{L}\p{M}' .-]*$/u.test(full)) p.error(`g${n}_name`, `Представитель ${n}: «${full}» — только буквы, дефис, апостроф и пробел`);
      const relation = relationOf(src.text(`g${n}_relation`), gm.join(' '));
      if (!relation) p.error(`g${n}_relation`, `Кем приходится: «${src.text(`g${n}_relation`)}» — мать, отец, опекун, попечитель или иной`);
      const phone = src.text(`g${n}_phone`);
      if (phone && !/^[0-9+() -]{0,40}$/.test(phone)) p.error(`g${n}_phone`, `Телефон: «${phone}» — только цифры, +, скобки, пробел и дефис`);
      const email = src.text(`g${n}_email`);
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) p.error(`g${n}_email`, `Эл. почта: «${email}» указана неверно`);
      guardians.push({ last: gl, first: gf, middle: gm.join(' '), relation: relation ?? 'иной', phone, email });
    }

    if (!last || !first || !birth) return p.done('new');
    const key = keyOf(last, first, middle, birth);
    const earlier = seen.get(key);
    if (earlier) {
      p.error('last_name', earlier.className && cls && earlier.className !== cls.name
        ? `${shortName(last, first, middle)}, ${ruDate(birth)}, уже есть в строке ${earlier.row} в ${earlier.className}: ученик не может быть в двух классах`
        : `${shortName(last, first, middle)}, ${ruDate(birth)}, уже есть в строке ${earlier.row}: ученик в файле дважды (совпадают ФИО и дата рождения)`);
      return p.done('new');
    }
    seen.set(key, { row: src.row, className: cls?.name ?? '' });
    if (!cls || !gender || p.errors.length > 0) return p.done('new');

    const existing = byKey.get(key);
    if (existing) {
      const now = classOf.get(existing.id);
      if (now && now.class_id !== cls.id) {
        p.error('class', `${shortName(last, first, middle)}, ${ruDate(birth)}, уже учится в ${now.class_name}: ученик не может быть в двух классах. Для перевода запишите движение ученика`);
        return p.done('new');
      }
      const set: Record<string, FieldValue> = {};
      if (existing.gender !== gender) set.gender = gender;
      if (personalFile && existing.personal_file !== personalFile) set.personal_file = personalFile;
      if (address && existing.address !== address) set.address = address;
      const notes: string[] = [];
      if (Object.keys(set).length > 0) {
        p.change({ table: 'student', id: existing.id, set });
        notes.push(`изменится: ${Object.keys(set).map((f) => ({ gender: 'пол', personal_file: '№ личного дела', address: 'адрес' })[f]).join(', ')}`);
      }
      if (!now) {
        p.insert('enrolment', { id: newId(), student_id: existing.id, class_id: cls.id, starts_on: enrolledOn, ends_on: null });
        notes.push(`зачисляется в ${cls.name}`);
      }
      const has = guardiansOf.get(existing.id) ?? [];
      for (const g of guardians) {
        const same = has.find((h) => normName(`${h.last_name} ${h.first_name} ${h.middle_name}`) === normName(`${g.last} ${g.first} ${g.middle}`));
        if (!same) {
          addGuardian(p, existing.id, g);
          notes.push(`новый представитель ${shortName(g.last, g.first, g.middle)}`);
          continue;
        }
        const gset: Record<string, FieldValue> = {};
        if (g.phone && same.phone !== g.phone) gset.phone = g.phone;
        if (g.email && same.email !== g.email) gset.email = g.email;
        if (Object.keys(gset).length > 0) {
          p.change({ table: 'guardian', id: same.guardian_id, set: gset });
          notes.push(`у представителя ${shortName(same.last_name, same.first_name, same.middle_name)} изменится ${Object.keys(gset).map((f) => (f === 'phone' ? 'телефон' : 'эл. почта')).join(' и ')}`);
        }
      }
      if (notes.length === 0) {
        p.note = `уже есть в ${cls.name} с теми же данными`;
        return p.done('duplicate');
      }
      p.note = notes.join('; ');
      return p.done('update');
    }

    const studentId = newId();
    p.insert('student', { id: studentId, last_name: last, first_name: first, middle_name: middle, birth_date: birth, gender, personal_file: personalFile, address });
    p.insert('enrolment', { id: newId(), student_id: studentId, class_id: cls.id, starts_on: enrolledOn, ends_on: null });
    for (const g of guardians) addGuardian(p, studentId, g);
    p.note = guardians.length > 0 ? `представителей: ${guardians.length}` : '';
    return p.done('new');
  });
}

function addGuardian(p: RowPlan, studentId: string, g: { last: string; first: string; middle: string; relation: string; phone: string; email: string }): void {
  const guardianId = newId();
  p.insert('guardian', { id: guardianId, last_name: g.last, first_name: g.first, middle_name: g.middle, phone: g.phone, email: g.email });
  p.insert('student_guardian', { id: newId(), student_id: studentId, guardian_id: guardianId, relation: g.relation, removed: 0 });
}

async function exportRows(ctx: PlanContext) {
  const { knex, year } = ctx;
  const rows: (DbStudent & { class_name: string; grade: number; letter: string; starts_on: string })[] = await knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').join('student as s', 's.id', 'e.student_id')
    .where('c.year_id', year.id).whereNull('e.ends_on')
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.last_name' }, { column: 's.first_name' }])
    .select('s.*', 'c.name as class_name', 'c.grade', 'c.letter', 'e.starts_on');
  const linked: (DbGuardian & { relation: string })[] = await knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id').where('sg.removed', 0)
    .orderBy('sg.id').select('sg.student_id', 'sg.relation', 'g.id as guardian_id', 'g.last_name', 'g.first_name', 'g.middle_name', 'g.phone', 'g.email');
  const guardiansOf = new Map<string, typeof linked>();
  for (const g of linked) guardiansOf.set(g.student_id, [...(guardiansOf.get(g.student_id) ?? []), g]);
  return rows.map((s) => {
    const gs = (guardiansOf.get(s.id) ?? []).slice(0, 2);
    const g = (i: number) => {
      const x = gs[i];
      return x ? [[x.last_name, x.first_name, x.middle_name].filter(Boolean).join(' '), x.relation, x.phone, x.email] : ['', '', '', ''];
    };
    return [s.class_name, s.last_name, s.first_name, s.middle_name, excelDate(s.birth_date), s.gender, s.personal_file, s.address,
      s.starts_on === year.starts_on ? null : excelDate(s.starts_on), ...g(0), ...g(1)];
  });
}

export const students: KindDef = {
  kind: 'students',
  title: 'Списки классов',
  fields: FIELDS,
  reason: 'загрузка списков классов из файла',
  plan,
  exportRows,
};
