// The layers of the README's picture, as lint checks them (eslint.config.js):
//   shared ← db ← print ← service ← cli / preview / electron; the renderer imports types only.
// Each case lints a small file placed in a folder and expects the layer error, or none.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LAYER_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals']);

let eslint: ESLint;
before(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The layer errors of `code` as if it were the file `file` (a path from the project root). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

async function assertRefused(file: string, code: string, expected: RegExp): Promise<void> {
  const errors = await layerErrors(file, code);
  assert.equal(errors.length, 1, `${file}: one layer error expected, got ${JSON.stringify(errors)}`);
  assert.match(errors[0]!, expected);
}

async function assertAllowed(file: string, code: string): Promise<void> {
  assert.deepEqual(await layerErrors(file, code), [], file);
}

describe('lint keeps the layers one way', () => {
  it('db/ importing the service is an error', async () => {
    await assertRefused('db/demo/x.ts', `import { hashSecret } from '../../service/passwords';\nexport const h = hashSecret;\n`, /db\/ must not import service\//);
    await assertRefused('db/x.ts', `export { login } from '../service/methods/auth';\n`, /db\/ must not import service\//);
    await assertRefused('db/x.ts', `export const load = () => import('../print/render');\n`, /db\/ must not import print\//);
  });

  it('print/ importing the service and shared/ importing db/ are errors', async () => {
    await assertRefused('print/data/x.ts', `import { ServiceError } from '../../service/errors';\nexport const E = ServiceError;\n`, /print\/ must not import service\//);
    await assertRefused('shared/x.ts', `import { newId } from '../db/ids';\nexport const id = newId;\n`, /shared\/ must not import db\//);
  });

  it('shared/ importing a Node module or using a Node global is an error', async () => {
    await assertRefused('shared/x.ts', `import fs from 'node:fs';\nexport const read = fs.readFileSync;\n`, /shared\/ runs anywhere/);
    await assertRefused('shared/x.ts', `import { createHash } from 'crypto';\nexport const h = createHash;\n`, /shared\/ runs anywhere/);
    await assertRefused('shared/x.ts', `export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');\n`, /shared\/ runs anywhere/);
  });

  it('the service importing a host, and one host importing another, are errors', async () => {
    await assertRefused('service/methods/x.ts', `import { printJson } from '../../cli/output';\nexport const p = printJson;\n`, /service\/ must not import cli\//);
    await assertRefused('cli/commands/x.ts', `import { start } from '../../preview/server';\nexport const s = start;\n`, /cli\/ must not import preview\//);
    await assertRefused('preview/x.ts', `import { app } from 'electron';\nexport const a = app;\n`, /Only electron\/ may import electron/);
  });

  it('the renderer importing a value of db/ or the service is an error; a type is not', async () => {
    await assertRefused('renderer/src/x.ts', `import { ROLES } from '../../db/schema';\nexport const r = ROLES;\n`, /renderer reaches the journal only through window\.journal/);
    await assertRefused('renderer/src/screens/x.tsx', `import { methods } from '../../../service/methods';\nexport const m = methods;\n`, /renderer reaches the journal only through window\.journal/);
    await assertAllowed('renderer/src/x.ts', `import type { Role } from '../../db/schema';\nexport type R = Role;\n`);
    await assertAllowed('renderer/src/x.ts', `import { formatRuDate } from '../../shared/dates';\nexport const f = formatRuDate;\n`);
  });

  it('imports along the arrows pass', async () => {
    await assertAllowed('service/methods/x.ts', `import { newId } from '../../db/ids';\nimport { printClassCopy } from '../../print/render';\nimport { addDays } from '../../shared/dates';\nexport const all = [newId, printClassCopy, addDays];\n`);
    await assertAllowed('service/x.ts', `export const load = () => import('../print/render');\n`);
    await assertAllowed('print/verify/x.ts', `import { newId } from '../../db/ids';\nexport const id = newId;\n`);
    await assertAllowed('db/x.ts', `import { formatHlc } from '../shared/hlc';\nimport fs from 'node:fs';\nexport const all = [formatHlc, fs];\n`);
    await assertAllowed('cli/commands/x.ts', `import { methods } from '../../service/methods';\nexport const m = methods;\n`);
    await assertAllowed('electron/x.ts', `import { app } from 'electron';\nimport { methods } from '../service/methods';\nexport const all = [app, methods];\n`);
  });

  it('a folder of a layer named like another layer is not mistaken for it', async () => {
    await assertAllowed('renderer/src/screens/print/x.tsx', `import { JobsPanel } from '../../components/print/JobsPanel';\nexport const j = JobsPanel;\n`);
    await assertAllowed('db/x.ts', `import { syncCycle } from './sync/cycle';\nexport const s = syncCycle;\n`);
    await assertAllowed('print/pdf/x.tsx', `export const load = () => import('@react-pdf/renderer');\n`);
  });
});
