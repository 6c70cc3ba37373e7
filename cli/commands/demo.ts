// journal demo --db FILE [--seed N] [--students N] [--year YYYY] [--force]
import { createDemoFile, DemoTargetExistsError } from '../../db/demo-file';
import { CliError } from '../output';

export interface DemoArgs {
  db: string;
  seed: number;
  students: number;
  year: number;
  force: boolean;
}

export async function runDemo(a: DemoArgs) {
  try {
    return await createDemoFile(a.db, { seed: a.seed, students: a.students, startYear: a.year, replace: a.force });
  } catch (err) {
    if (err instanceof DemoTargetExistsError) throw new CliError(err.code, err.message);
    throw err;
  }
}
