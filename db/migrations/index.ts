// The numbered migrations, shipped as code through knex's migrationSource so that a
// bundled app needs no migrations folder on disk (../shared/LESSONS.md, knex #6242).
import type { Knex } from 'knex';
import * as m001 from './001_initial';
import * as m002 from './002_sign_in';
import * as m003 from './003_remark_review_note';
import * as m004 from './004_backup_log';
import * as m005 from './005_sync';
import * as m006 from './006_print_register';
import * as m007 from './007_certification';
import * as m008 from './008_year_archive';
import * as m009 from './009_trust';
import * as m010 from './010_calendar_campaign';
import * as m011 from './011_paper_logs';
import * as m012 from './012_year_close';
import * as m013 from './013_school_setup';
import * as m014 from './014_report_register';
import * as m015 from './015_work_kind_weight';
import * as m016 from './016_parent_contact';
import * as m019 from './019_sign_in_log';

export interface Migration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '001_initial', ...m001 },
  { name: '002_sign_in', ...m002 },
  { name: '003_remark_review_note', ...m003 },
  { name: '004_backup_log', ...m004 },
  { name: '005_sync', ...m005 },
  { name: '006_print_register', ...m006 },
  { name: '007_certification', ...m007 },
  { name: '008_year_archive', ...m008 },
  { name: '009_trust', ...m009 },
  { name: '010_calendar_campaign', ...m010 },
  { name: '011_paper_logs', ...m011 },
  { name: '012_year_close', ...m012 },
  { name: '013_school_setup', ...m013 },
  { name: '014_report_register', ...m014 },
  { name: '015_work_kind_weight', ...m015 },
  { name: '016_parent_contact', ...m016 },
  { name: '019_sign_in_log', ...m019 },
];

export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};
