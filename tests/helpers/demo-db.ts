// A small demo school in a temporary file, for tests that need a whole school: as at the
// end of its first period (the school most tests are built on), or as it stands on `today`
// (YYYY-MM-DD: the periods ended certified, the one under way taught up to yesterday).
import path from 'node:path';
import { createDemoFile } from '../../db/demo-file';
import { demoClassCopyFacts } from '../../print/demo-copies';
import { tmpDir } from './tmp';

export const TEST_YEAR = 2026;

export async function makeDemoFile(students = 150, seed = 3, today?: string): Promise<string> {
  const file = path.join(tmpDir(), 'demo.sqlite');
  await createDemoFile(file, { seed, students, startYear: TEST_YEAR, ...(today ? { today, copies: demoClassCopyFacts } : {}) });
  return file;
}
