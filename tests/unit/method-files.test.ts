// A method is found from its name: 'ns.name' is the handler `name`, defined (not re-exported)
// in service/methods/<ns in kebab case>.ts, which service/methods.ts imports as `ns` — one
// file per namespace, one namespace per file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { methods } from '../../service/methods';

const SERVICE = path.resolve(import.meta.dirname, '..', '..', 'service');
const source = fs.readFileSync(path.join(SERVICE, 'methods.ts'), 'utf8');
const kebab = (ns: string) => ns.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Methods whose handler may live elsewhere: none any more (print.* is one file since the registry landed). */
const NOT_YET: Record<string, { file: string; name: string }> = {};

/** `import * as ns from './methods/file'` of service/methods.ts: alias → file. */
const imports = new Map([...source.matchAll(/^import \* as (\w+) from '\.\/methods\/([\w-]+)';$/gm)].map((m) => [m[1]!, m[2]!]));
/** `'ns.name': alias.handler,` of the methods map. */
const entries = [...source.matchAll(/^ {2}'(\w+)\.(\w+)': (\w+)\.(\w+),$/gm)].map((m) => ({ method: `${m[1]}.${m[2]}`, ns: m[1]!, name: m[2]!, alias: m[3]!, handler: m[4]! }));

describe('one file per method namespace', () => {
  it('every method of the API is a line of service/methods.ts in the form \'ns.name\': module.handler', () => {
    assert.deepEqual(entries.map((e) => e.method), Object.keys(methods));
  });

  it('each method\'s handler has the method\'s name and is defined in the file named after its namespace', () => {
    for (const e of entries) {
      const expected = NOT_YET[e.method] ?? { file: kebab(e.ns), name: e.name };
      const file = imports.get(e.alias);
      assert.equal(file, expected.file, `${e.method}: its handler comes from methods/${file}.ts, not methods/${expected.file}.ts`);
      assert.equal(e.handler, expected.name, `${e.method}: the handler is called ${e.handler}, not ${expected.name}`);
      if (!NOT_YET[e.method]) assert.equal(e.alias, e.ns, `${e.method}: methods/${file}.ts is imported as ${e.alias}, not ${e.ns}`);
      const text = fs.readFileSync(path.join(SERVICE, 'methods', `${file}.ts`), 'utf8');
      assert.match(text, new RegExp(`^export const ${e.handler} = defineMethod\\(`, 'm'), `${e.method}: defined in methods/${file}.ts`);
    }
  });

  it('every file of service/methods/ holds the methods of one namespace and nothing else', () => {
    const files = fs.readdirSync(path.join(SERVICE, 'methods')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(files, [...new Set(imports.values())].sort(), 'each file is imported by service/methods.ts');
    for (const [alias, file] of imports) {
      const namespaces = new Set(entries.filter((e) => e.alias === alias).map((e) => e.ns));
      assert.equal(namespaces.size, 1, `methods/${file}.ts serves ${[...namespaces].join(', ') || 'no namespace'}`);
      const defined = [...fs.readFileSync(path.join(SERVICE, 'methods', `${file}.ts`), 'utf8').matchAll(/^export const (\w+) = defineMethod\(/gm)].map((m) => m[1]);
      const used = entries.filter((e) => e.alias === alias).map((e) => e.handler);
      assert.deepEqual(defined.sort(), used.sort(), `methods/${file}.ts: every method it defines is in the API`);
    }
  });
});
