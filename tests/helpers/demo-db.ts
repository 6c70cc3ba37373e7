// A small demo school in a temporary file, for tests that need a whole school.
import path from 'node:path';
import { createDemoFile } from '../../db/demo-file';
import { tmpDir } from './tmp';

export const TEST_YEAR = 2026;

export async function makeDemoFile(students = 150, seed = 3): Promise<string> {
  const file = path.join(tmpDir(), 'demo.sqlite');
  await createDemoFile(file, { seed, students, startYear: TEST_YEAR });
  return file;
}
