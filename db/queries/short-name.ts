// «Фамилия И. О.» in SQL, for the queries that build a person's short name in the database
// (the same rule as shared/format.ts shortName): an empty first or middle name is left out
// instead of leaving «И. .», and each initial gets exactly one full stop.

/** The short name of the staff or person row under `alias` (NULL where the row is absent). */
export function shortNameSql(alias: string): string {
  const part = (field: string) =>
    `CASE WHEN trim(coalesce(${alias}.${field}, '')) = '' THEN '' ELSE ' ' || substr(trim(${alias}.${field}), 1, 1) || '.' END`;
  return `(trim(${alias}.last_name) || ${part('first_name')} || ${part('middle_name')})`;
}
