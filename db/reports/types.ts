// How a report is declared (issue 14): its name and title, the parameters it takes, who
// may ask for it (a role set of the rule book, checked by the service in the main process),
// a finer check of the slice asked for (a class teacher: their own class), and its builder,
// which reads the journal and returns the shared report model (shared/report-model.ts) that
// the screen, the XLSX export and the PDF draw. db/reports/registry.ts lists them all.
import type { Knex } from 'knex';
import type { Role } from '../schema';
import type { RoleSetName } from '../../shared/role-sets';
import type { ReportParams, ReportResult } from '../../shared/report-model';

export type ReportParamName = keyof ReportParams;

export interface ReportContext {
  /** The day the report is made (ISO); the clock of the service (fixed in e2e). */
  readonly today: string;
  /** Who asks: their staff id and roles (for slices such as «мой класс»). */
  readonly user: { readonly id: string; readonly roles: readonly Role[] };
}

export interface ReportDeclaration {
  /** Its name in the registry, the CLI and the register: 'control', 'results', … */
  readonly name: string;
  /** Its Russian title, as the list of reports shows it. */
  readonly title: string;
  /** One Russian sentence: what it answers. */
  readonly description: string;
  /** The parameters it takes; the rest are refused (REPORT_BAD_PARAMS). */
  readonly params: Readonly<Partial<Record<ReportParamName, 'required' | 'optional'>>>;
  /**
   * At least one of these is given (the parents' report: a class or a student); the form
   * asks for the first of them as if it were required.
   */
  readonly oneOf?: readonly ReportParamName[];
  /** The days up to today its dates cover when none are given (the parents' report: a week). */
  readonly defaultDays?: number;
  /** Who may ask for it at all. */
  readonly access: RoleSetName;
  /**
   * Whether this user may ask for this slice (beyond `access`): a Russian reason to refuse,
   * or null. Absent: `access` is enough.
   */
  refuse?(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<string | null>;
  /** Reads the journal and builds the report; bad parameters throw a ReportError. */
  build(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<ReportResult>;
}

/** Checks a declaration's parts against each other. */
export const declareReport = (d: ReportDeclaration): ReportDeclaration => d;
