// Applying the rule book (book.ts) to one change: is there a rule that lets this author
// set these fields of this row? The relationships and set conditions are answered by the
// caller (db/sync/authority.ts reads them from the journal), so the book stays data.
import type { FieldValue, Role } from '../schema';
import { isJournalTable, isFieldOf } from '../schema';
import { RULE_BOOK, type Relation, type Rule, type SetCondition } from './book';
import { inRoleSet } from '../../shared/role-sets';
import { fieldWords, tableWords } from '../../shared/journal-words';

export interface RuleQuestions {
  readonly roles: ReadonlySet<Role>;
  /** Does the author stand in `relation` to the row? */
  relation(relation: Relation): Promise<boolean>;
  /** Does the change set meet `condition` for this field? */
  condition(condition: SetCondition, field: string): Promise<boolean>;
  /** The field's value in the journal now (undefined: the row does not exist yet). */
  current?(field: string): Promise<FieldValue | undefined>;
  /** Every field the change set gives this row (for a rule's `requires`); absent: the values asked about. */
  rowSet?(): Readonly<Record<string, FieldValue>>;
}

const RULES_CHEAP_FIRST = new Map(Object.entries(RULE_BOOK).map(([t, rules]) => [t, [...rules.filter((r) => !r.relation), ...rules.filter((r) => r.relation)]]));

/**
 * A rule that names the fields a change set must carry (a report's entry in the register is
 * told apart by its kind): each of them with an allowed value. Otherwise a forged change
 * naming a new row and one harmless field (a status) would pass, the kind never shown.
 */
function carriesRequired(rule: Rule, all: Readonly<Record<string, FieldValue>>): boolean {
  for (const f of rule.requires ?? []) {
    if (!Object.prototype.hasOwnProperty.call(all, f)) return false;
    const allowed = rule.values?.[f];
    if (allowed && !allowed.includes(all[f] as FieldValue)) return false;
  }
  return true;
}

async function ruleAllows(rule: Rule, field: string, value: FieldValue, all: Readonly<Record<string, FieldValue>>, q: RuleQuestions): Promise<boolean> {
  if (rule.fields !== 'all' && !rule.fields.includes(field)) return false;
  if (!rule.roles && !rule.relation && !rule.when) return false; // a rule must name someone
  const allowedValues = rule.values?.[field];
  if (allowedValues && !allowedValues.includes(value)) return false;
  if (rule.requires && !carriesRequired(rule, q.rowSet ? q.rowSet() : all)) return false;
  const fromValues = rule.fromValues?.[field];
  if (fromValues) {
    const now = q.current ? await q.current(field) : undefined;
    if (now === undefined || !fromValues.includes(now)) return false;
  }
  if (rule.roles && !inRoleSet(q.roles, rule.roles)) return false;
  if (rule.when && !(await q.condition(rule.when, field))) return false;
  if (rule.relation && !(await q.relation(rule.relation))) return false;
  return true;
}

/**
 * Why the author may not set `values` (field → new value) of a row of `table`, in Russian;
 * null when a rule of the book allows every one of them. Deny by default: a table or a
 * field no rule names is refused.
 */
export async function ruleRefusal(table: string, values: Readonly<Record<string, FieldValue>>, q: RuleQuestions): Promise<string | null> {
  if (!isJournalTable(table)) return `таблица «${table}» не передаётся между компьютерами`;
  // Rules that need no relationship first: they are answered without reading the journal
  // (a bulk of new rows by the administrator never asks whose lesson each one is).
  const rules = RULES_CHEAP_FIRST.get(table) ?? RULE_BOOK[table];
  for (const [field, value] of Object.entries(values)) {
    if (!isFieldOf(table, field)) return `поле «${field}» таблицы «${tableWords(table)}» не существует`;
    let allowed = false;
    for (const rule of rules) {
      if (await ruleAllows(rule, field, value, values, q)) {
        allowed = true;
        break;
      }
    }
    if (!allowed) return `нет правила, по которому автор может менять «${fieldWords(table, field)}» (${tableWords(table)})`;
  }
  return null;
}
