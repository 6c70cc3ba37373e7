// The staff list: a person a row, with the position, the login and the roles (R-ROLE-1,
// R-ROLE-6: accounts are the administrator's). New people get no password: the
// administrator issues each an activation code (staff.issueActivation). A login is made
// from the surname and initials when the column is empty; roles are read from the
// position when their column is empty. Roles are only ever added here, never taken away.
import { newId } from '../../db/ids';
import { ROLES, type Role } from '../../db/schema';
import type { FieldValue } from '../../db/schema';
import { shortName } from '../../shared/format';
import { normName, RowPlan, type KindDef, type MappedRow, type PlanContext, type PlannedRow } from './kind';

const FIELDS = [
  { field: 'last_name', label: 'Фамилия', required: true, width: 16 },
  { field: 'first_name', label: 'Имя', required: true, width: 14 },
  { field: 'middle_name', label: 'Отчество', width: 16 },
  { field: 'position', label: 'Должность', aliases: ['должность по штатному расписанию'], width: 28 },
  { field: 'login', label: 'Логин', aliases: ['имя пользователя', 'учетная запись'], width: 16 },
  { field: 'roles', label: 'Роли', aliases: ['роль', 'права'], width: 34 },
] as const;

const ROLE_WORDS: Record<Role, string> = {
  teacher: 'учитель', class_teacher: 'классный руководитель', deputy: 'завуч', director: 'директор', secretary: 'делопроизводитель', admin: 'администратор',
};
const ROLE_ALIASES: Record<string, Role> = {
  'учитель': 'teacher', 'учитель-предметник': 'teacher', 'педагог': 'teacher',
  'классный руководитель': 'class_teacher', 'кл. руководитель': 'class_teacher', 'классный': 'class_teacher',
  'завуч': 'deputy', 'заместитель директора': 'deputy', 'заместитель директора по увр': 'deputy', 'зам. директора': 'deputy',
  'директор': 'director', 'делопроизводитель': 'secretary', 'секретарь': 'secretary',
  'администратор': 'admin', 'администратор журнала': 'admin',
};

/** Roles named in a cell («учитель, классный руководитель»); the words not understood. */
function rolesOf(text: string): { roles: Role[]; unknown: string[] } {
  const roles: Role[] = [];
  const unknown: string[] = [];
  for (const word of text.split(/[,;/]+/).map((w) => normName(w)).filter(Boolean)) {
    const r = ROLE_ALIASES[word] ?? (ROLES as readonly string[]).find((x) => x === word) as Role | undefined;
    if (r) {
      if (!roles.includes(r)) roles.push(r);
    } else unknown.push(word);
  }
  return { roles, unknown };
}

/** Roles a position implies: «учитель математики» → учитель; «заместитель директора по УВР» → завуч. */
function rolesFromPosition(position: string): Role[] {
  const p = normName(position);
  if (p.includes('заместитель директора') || p.startsWith('зам')) return ['deputy'];
  if (p.startsWith('директор')) return ['director'];
  if (p.includes('делопроизвод') || p.includes('секретар')) return ['secretary'];
  if (p.includes('учитель') || p.includes('педагог')) return ['teacher'];
  return [];
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's',
  т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const translit = (s: string) => [...s.toLocaleLowerCase('ru')].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');

const LOGIN = /^[A-Za-z0-9._-]{2,40}$/;

interface DbStaff { id: string; login: string; last_name: string; first_name: string; middle_name: string; position: string }

async function plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]> {
  const { knex } = ctx;
  const staff: DbStaff[] = await knex('staff').select('id', 'login', 'last_name', 'first_name', 'middle_name', 'position');
  const byLogin = new Map(staff.map((s) => [s.login.toLowerCase(), s]));
  const byName = new Map<string, DbStaff[]>();
  for (const s of staff) {
    const k = normName(`${s.last_name} ${s.first_name} ${s.middle_name}`);
    byName.set(k, [...(byName.get(k) ?? []), s]);
  }
  const roleRows: { staff_id: string; role: string }[] = await knex('staff_role').where({ revoked: 0 }).select('staff_id', 'role');
  const rolesHeld = new Map<string, Set<string>>();
  for (const r of roleRows) rolesHeld.set(r.staff_id, (rolesHeld.get(r.staff_id) ?? new Set()).add(r.role));
  const loginsTaken = new Set(byLogin.keys());
  const seenLogin = new Map<string, number>();
  const seenName = new Map<string, number>();

  return rows.map((src) => {
    const p = new RowPlan(src);
    const last = p.name('last_name', 'Фамилия', true);
    const first = p.name('first_name', 'Имя', true);
    const middle = p.name('middle_name', 'Отчество', false);
    const position = src.text('position').replace(/\s+/g, ' ').slice(0, 120);
    const rolesText = src.text('roles');
    let roles: Role[];
    if (rolesText) {
      const read = rolesOf(rolesText);
      if (read.unknown.length > 0) p.error('roles', `Роли: «${read.unknown.join('», «')}» — не роль журнала. Роли: ${Object.values(ROLE_WORDS).join(', ')}`);
      roles = read.roles;
    } else {
      roles = rolesFromPosition(position);
      if (roles.length === 0) p.error('roles', `Роли: не заполнены, и по должности «${position}» их не определить — укажите, например, «учитель»`);
    }
    p.label = [[last, first, middle].filter(Boolean).join(' '), position].filter(Boolean).join(', ');
    if (!last || !first) return p.done('new');
    const nameKey = normName(`${last} ${first} ${middle}`);
    const earlierName = seenName.get(nameKey);
    if (earlierName !== undefined) {
      p.error('last_name', `${shortName(last, first, middle)} уже есть в строке ${earlierName}: сотрудник в файле дважды`);
      return p.done('new');
    }
    seenName.set(nameKey, src.row);

    let login = src.text('login');
    const sameName = byName.get(nameKey) ?? [];
    let existing: DbStaff | undefined;
    if (login) {
      if (!LOGIN.test(login)) p.error('login', `Логин «${login}»: от 2 до 40 латинских букв, цифр, точек, дефисов или подчёркиваний`);
      existing = byLogin.get(login.toLowerCase());
      if (existing && normName(`${existing.last_name} ${existing.first_name} ${existing.middle_name}`) !== nameKey) {
        p.error('login', `Логин «${login}» уже у сотрудника ${shortName(existing.last_name, existing.first_name, existing.middle_name)}`);
      } else if (!existing && sameName.length > 0) {
        p.error('login', `${shortName(last, first, middle)} уже есть в списке сотрудников под логином «${sameName[0]!.login}»`);
      }
    } else if (sameName.length === 1) {
      existing = sameName[0];
      login = existing!.login;
    } else {
      // Surname and initials in Latin letters; a number when it is taken.
      const base = `${translit(last)}.${translit(first).slice(0, 1)}${translit(middle).slice(0, 1)}`.replace(/\.$/, '') || 'user';
      login = base;
      for (let i = 2; loginsTaken.has(login.toLowerCase()); i++) login = `${base}${i}`;
    }
    const earlierLogin = seenLogin.get(login.toLowerCase());
    if (earlierLogin !== undefined) p.error('login', `Логин «${login}» уже есть в строке ${earlierLogin}`);
    seenLogin.set(login.toLowerCase(), src.row);
    loginsTaken.add(login.toLowerCase());
    if (p.errors.length > 0) return p.done('new');

    if (existing) {
      const held = rolesHeld.get(existing.id) ?? new Set();
      const notes: string[] = [];
      const set: Record<string, FieldValue> = {};
      if (position && existing.position !== position) {
        set.position = position;
        notes.push(`должность: ${position}`);
      }
      if (Object.keys(set).length > 0) p.change({ table: 'staff', id: existing.id, set });
      const added = roles.filter((r) => !held.has(r));
      for (const role of added) p.insert('staff_role', { id: newId(), staff_id: existing.id, role, revoked: 0 });
      if (added.length > 0) notes.push(`новые роли: ${added.map((r) => ROLE_WORDS[r]).join(', ')}`);
      p.label += ` (${login})`;
      if (notes.length === 0) {
        p.note = 'уже есть в списке сотрудников с теми же данными';
        return p.done('duplicate');
      }
      p.note = notes.join('; ');
      return p.done('update');
    }
    const staffId = newId();
    p.insert('staff', {
      id: staffId, login, last_name: last, first_name: first, middle_name: middle, position, password_hash: null, activation_hash: null, active: 1,
      public_key: null, private_key_enc: null, activation_key: null, key_proof: null,
    });
    for (const role of roles) p.insert('staff_role', { id: newId(), staff_id: staffId, role, revoked: 0 });
    p.label += ` (${login})`;
    p.note = `логин ${login}; роли: ${roles.map((r) => ROLE_WORDS[r]).join(', ')}`;
    return p.done('new');
  });
}

async function exportRows(ctx: PlanContext) {
  const staff: (DbStaff & { active: number })[] = await ctx.knex('staff').where({ active: 1 }).orderBy(['last_name', 'first_name']).select('id', 'login', 'last_name', 'first_name', 'middle_name', 'position', 'active');
  const roleRows: { staff_id: string; role: Role }[] = await ctx.knex('staff_role').where({ revoked: 0 }).select('staff_id', 'role');
  const order = Object.keys(ROLE_WORDS) as Role[];
  return staff.map((s) => {
    const roles = roleRows.filter((r) => r.staff_id === s.id).map((r) => r.role).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return [s.last_name, s.first_name, s.middle_name, s.position, s.login, roles.map((r) => ROLE_WORDS[r]).join(', ')];
  });
}

export const staffKind: KindDef = {
  kind: 'staff',
  title: 'Сотрудники',
  fields: FIELDS,
  reason: 'загрузка списка сотрудников из файла',
  plan,
  exportRows,
};
