// The installers' configuration (issue 15 item 1): build/electron-builder.yml is valid for the
// schema electron-builder ships (app-builder-lib/scheme.json), and everything the packaged
// app loads at run time gets into the package — inside the asar through `files`, or out of
// it through `asarUnpack` where the system must open the file itself (the sqlite3 binary,
// the printing program, the fonts). The list of run-time files is read from the code that
// loads them (scripts/build-node.mjs, electron/*.ts, print/jobs/spawn.ts, print/draw/fonts.ts,
// the `journal` command's scripts), and matched with electron-builder's own file matchers
// (app-builder-lib's fileMatcher, minimatch with its options), so that dropping a pattern
// from the configuration makes this test fail (the last cases drop each one).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { FONT_BOLD, FONT_REGULAR } from '../../print/draw/fonts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CONFIG_FILE = path.join(ROOT, 'build', 'electron-builder.yml');
const require = createRequire(import.meta.url);

type Patterns = string | (string | { from?: string; to?: string; filter?: string | string[] })[];
interface BuilderConfig {
  [key: string]: unknown;
  files?: Patterns;
  asarUnpack?: string | string[];
  executableName?: string;
  directories?: { output?: string; buildResources?: string };
  win?: { target?: unknown; extraFiles?: { from: string; to: string }[]; verifyUpdateCodeSignature?: boolean };
  nsis?: { perMachine?: boolean; oneClick?: boolean };
  linux?: { target?: unknown; extraFiles?: { from: string; to: string }[] };
  deb?: { afterInstall?: string; afterRemove?: string };
  publish?: { provider?: string };
}

function readConfig(): BuilderConfig {
  return load(fs.readFileSync(CONFIG_FILE, 'utf8')) as BuilderConfig;
}

// ---- electron-builder's own matchers -------------------------------------------------------

interface Stat {
  isDirectory(): boolean;
  isFile(): boolean;
  moduleFullFilePath?: string;
}
type Filter = (file: string, stat: Stat) => boolean;
interface Matcher {
  createFilter(): Filter;
  isEmpty(): boolean;
  patterns: string[];
}
const fileMatcher = require('app-builder-lib/out/fileMatcher.js') as {
  getMainFileMatchers(appDir: string, dest: string, expand: (s: string) => string, platformOptions: object, packager: object, outDir: string, electronCompile: boolean): Matcher[];
  getNodeModuleFileMatcher(appDir: string, dest: string, expand: (s: string) => string, platformOptions: object, info: object): Matcher;
  getFileMatchers(config: object, name: string, dest: string, options: object): Matcher[] | null;
  excludedNames: string;
  excludedExts: string;
};

const DEST = path.join(path.sep, 'packaged', 'resources', 'app');
const expand = (s: string): string => s.replace(/\$\{arch\}/g, 'x64').replace(/\$\{os\}/g, 'win').replace(/\$\{platform\}/g, 'win32');
const asStat = (dir: boolean, moduleFullFilePath?: string): Stat => ({ isDirectory: () => dir, isFile: () => !dir, moduleFullFilePath });

/** Packages npm installs for production (package-lock: no `dev` flag): electron-builder ships exactly these. */
function productionPackages(): Set<string> {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    names.add(key.slice('node_modules/'.length));
  }
  return names;
}
const PRODUCTION = productionPackages();

/** The top-level package a node_modules path belongs to (`@scope/name` or `name`). */
function packageOf(rel: string): string {
  const parts = rel.split('/');
  return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
}

type Platform = 'win' | 'linux';

/** What electron-builder would do with each run-time file under this configuration. */
class Packaging {
  private readonly main: Filter[];
  private readonly modules: Filter | null;
  private readonly unpack: Filter | null;
  private readonly excludedNames = new Set(fileMatcher.excludedNames.split(','));
  private readonly excludedExts = fileMatcher.excludedExts.split(',').map((e) => `.${e}`);

  constructor(private readonly config: BuilderConfig, platformOptions: object, platform: Platform = 'win') {
    // Like electron-builder, .exe and .dll files of node_modules are left out off Windows.
    if (platform !== 'win') this.excludedExts.push('.exe', '.dll');
    const info = { isPrepackedAppAsar: false, config, projectDir: ROOT, buildResourcesDir: config.directories?.buildResources ?? 'build', debugLogger: { isEnabled: false } };
    const outDir = path.join(ROOT, config.directories?.output ?? 'dist');
    this.main = fileMatcher.getMainFileMatchers(ROOT, DEST, expand, platformOptions, { info }, outDir, false).map((m) => m.createFilter());
    const modules = fileMatcher.getNodeModuleFileMatcher(ROOT, DEST, expand, platformOptions, info);
    this.modules = modules.isEmpty() ? null : modules.createFilter();
    const unpack = fileMatcher.getFileMatchers(config, 'asarUnpack', DEST, { macroExpander: expand, customBuildOptions: platformOptions, globalOutDir: outDir, defaultSrc: ROOT });
    this.unpack = unpack?.[0]?.createFilter() ?? null;
  }

  /** Whether the file (a path from the project root, with '/') gets into the package. */
  included(rel: string): boolean {
    if (rel.startsWith('node_modules/')) {
      if (!PRODUCTION.has(packageOf(rel))) return false;
      const name = path.posix.basename(rel);
      if (this.excludedNames.has(name) || this.excludedExts.some((e) => name.endsWith(e))) return false;
      return this.modules === null || this.modules(path.join(ROOT, rel), asStat(false, rel));
    }
    // The app's own files are walked folder by folder: each folder on the way must pass too.
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      const isDir = i < parts.length;
      if (!this.main.some((f) => f(path.join(ROOT, sub), asStat(isDir)))) return false;
    }
    return true;
  }

  /** Whether the file is put out of the asar (app.asar.unpacked). */
  unpacked(rel: string): boolean {
    return this.unpack !== null && this.unpack(path.join(ROOT, rel), asStat(false, rel));
  }
}

// ---- the run-time files, read from the code --------------------------------------------------

const source = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const rel = (abs: string): string => path.relative(ROOT, abs).split(path.sep).join('/');

/** The bundles scripts/build-node.mjs writes: dist/<entry>.cjs. */
function builtBundles(): string[] {
  const out: string[] = [];
  for (const block of source('scripts/build-node.mjs').matchAll(/entryPoints:\s*\{([^}]*)\}/g)) {
    for (const m of block[1]!.matchAll(/'([^']+)':\s*'/g)) out.push(`dist/${m[1]}.cjs`);
  }
  return out;
}

/** `path.join(__dirname, 'a', 'b')` / `path.resolve(__dirname, …)` in a source file, resolved from the bundle's folder. */
function dirnamePaths(file: string, bundleDir: string): string[] {
  const out: string[] = [];
  for (const m of source(file).matchAll(/path\.(?:join|resolve)\(__dirname((?:,\s*'[^']*')+)\)/g)) {
    const parts = [...m[1]!.matchAll(/'([^']*)'/g)].map((p) => p[1]!);
    out.push(path.posix.normalize(path.posix.join(bundleDir, ...parts)));
  }
  return out;
}

/** The CLI bundle the `journal` command runs inside the installed app's asar. */
function commandTargets(): string[] {
  const win = /resources\\app\.asar\\([^"]+)"/.exec(source('build/win/journal.cmd'));
  const linux = /resources\/app\.asar\/([^"]+)"/.exec(source('build/linux/journal'));
  assert.ok(win && linux, 'both journal scripts name a file inside the asar');
  return [win[1]!.replace(/\\/g, '/'), linux[1]!];
}

function sqliteBinaries(): string[] {
  const dir = path.dirname(require.resolve('sqlite3/package.json'));
  return fs.readdirSync(path.join(dir, 'build', 'Release')).filter((n) => n.endsWith('.node')).map((n) => rel(path.join(dir, 'build', 'Release', n)));
}

function printingProgram(): string[] {
  const dir = path.join(path.dirname(require.resolve('pdf-to-printer/package.json')), 'dist');
  return fs.readdirSync(dir).filter((n) => n.endsWith('.exe')).map((n) => rel(path.join(dir, n)));
}

function rendererFiles(): string[] {
  const dir = path.join(ROOT, 'dist', 'renderer');
  if (!fs.existsSync(dir)) return ['dist/renderer/index.html', 'dist/renderer/assets/index.js', 'dist/renderer/assets/index.css'];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((n) => path.join(dir, n)).filter((f) => fs.statSync(f).isFile()).map(rel);
}

const mainEntry = (JSON.parse(source('package.json')) as { main: string }).main;
/** Loaded by the main process and the database process (both bundles live in dist/electron). */
const electronLoads = ['electron/main.ts', 'electron/worker-client.ts'].flatMap((f) => dirnamePaths(f, 'dist/electron'));
/** The print worker thread, started from the database process's bundle and the CLI's. */
const printWorker = [...dirnamePaths('print/jobs/spawn.ts', 'dist/electron'), ...dirnamePaths('print/jobs/spawn.ts', 'dist/cli')];
const fonts = [FONT_REGULAR, FONT_BOLD].map(rel);

/** Every file the packaged app and its `journal` command load, with whether it must be out of the asar. */
function runtimeFiles(platform: Platform): { file: string; what: string; unpacked: boolean }[] {
  return [
    { file: mainEntry, what: 'the main process', unpacked: false },
    ...electronLoads.filter((f) => f.endsWith('.cjs')).map((file) => ({ file, what: 'the preload / the database process', unpacked: false })),
    ...printWorker.map((file) => ({ file, what: 'the print worker', unpacked: false })),
    ...commandTargets().map((file) => ({ file, what: 'the journal command (CLI)', unpacked: false })),
    ...rendererFiles().filter((f) => !f.endsWith('.map')).map((file) => ({ file, what: 'the renderer', unpacked: false })),
    ...fonts.map((file) => ({ file, what: 'a PDF font', unpacked: true })),
    ...sqliteBinaries().filter((f) => !f.includes('/obj.target/')).map((file) => ({ file, what: 'the sqlite3 binary', unpacked: true })),
    // pdf-to-printer's SumatraPDF prints on Windows; Linux prints with lp.
    ...(platform === 'win' ? printingProgram().map((file) => ({ file, what: 'the printing program (pdf-to-printer)', unpacked: true })) : []),
    { file: 'node_modules/electron-updater/package.json', what: 'electron-updater', unpacked: false },
    { file: 'node_modules/js-yaml/package.json', what: 'js-yaml (latest.yml)', unpacked: false },
    { file: 'node_modules/knex/package.json', what: 'knex', unpacked: false },
  ];
}

/** What is missing from the package under this configuration (empty when all is there). */
function missing(config: BuilderConfig, platformOptions: object, platform: Platform = 'win'): string[] {
  const packaging = new Packaging(config, platformOptions, platform);
  const out: string[] = [];
  for (const f of runtimeFiles(platform)) {
    if (!packaging.included(f.file)) out.push(`${f.what}: ${f.file} is not packaged`);
    else if (f.unpacked && !packaging.unpacked(f.file)) out.push(`${f.what}: ${f.file} is not unpacked from the asar`);
  }
  return out;
}

// ---- the cases -----------------------------------------------------------------------------------

describe('electron-builder configuration (issue 15 item 1)', () => {
  it('is valid for the schema electron-builder ships (app-builder-lib/scheme.json)', async () => {
    const { default: Ajv } = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    assert.equal(validate(readConfig()), true, JSON.stringify(validate.errors, null, 2));
    // The validator is not blind: a misspelt option and a wrong type are refused.
    const typo = readConfig();
    typo.nsis = { ...typo.nsis, perMachin: true } as BuilderConfig['nsis'];
    assert.equal(validate(typo), false);
    assert.equal(validate({ ...readConfig(), asar: 'yes' }), false);
  });

  it('makes a per-machine NSIS installer for Windows and a deb and an AppImage for Linux', () => {
    const c = readConfig();
    assert.deepEqual((c.win?.target as { target: string }[]).map((t) => t.target), ['nsis']);
    assert.equal(c.nsis?.perMachine, true);
    assert.equal(c.nsis?.oneClick, false);
    assert.deepEqual([...(c.linux?.target as string[])].sort(), ['AppImage', 'deb']);
    assert.equal(c.win?.verifyUpdateCodeSignature, true);
    assert.equal(c.publish?.provider, 'generic', 'latest.yml for electron-updater');
  });

  it('puts the journal command beside the app, running the app executable as Node on the CLI bundle', () => {
    const c = readConfig();
    const exe = c.executableName;
    assert.ok(exe && /^[a-z0-9-]+$/.test(exe), 'an ASCII executable name the scripts can call');
    assert.deepEqual(c.win?.extraFiles, [{ from: 'build/win/journal.cmd', to: 'journal.cmd' }]);
    assert.deepEqual(c.linux?.extraFiles, [{ from: 'build/linux/journal', to: 'journal' }]);
    const cmd = source('build/win/journal.cmd');
    assert.match(cmd, /set ELECTRON_RUN_AS_NODE=1/);
    assert.ok(cmd.includes(`"%~dp0${exe}.exe"`), 'journal.cmd starts the installed executable');
    assert.ok(cmd.includes('%*'), 'journal.cmd passes the arguments on');
    assert.ok(/\r\n/.test(cmd) && !/[^\r]\n/.test(cmd), 'journal.cmd has Windows line ends');
    const sh = source('build/linux/journal');
    assert.match(sh, /ELECTRON_RUN_AS_NODE=1 exec "\$here\/klassnyi-zhurnal"/);
    assert.ok(sh.includes(`/${exe}"`));
    assert.ok((fs.statSync(path.join(ROOT, 'build/linux/journal')).mode & 0o111) !== 0, 'the Linux script is executable');
    assert.match(source(c.deb!.afterInstall!), /ln -sf '\/opt\/\$\{sanitizedProductName\}\/journal' '\/usr\/bin\/journal'/);
    assert.ok(fs.existsSync(path.join(ROOT, c.deb!.afterRemove!)));
    // The command runs the CLI that scripts/build-node.mjs builds.
    for (const target of commandTargets()) assert.ok(builtBundles().includes(target), `${target} is built by scripts/build-node.mjs`);
  });

  it('the run-time files read from the code are real build outputs and installed files', () => {
    const bundles = builtBundles();
    assert.ok(bundles.includes(mainEntry), `package.json main ${mainEntry} is built`);
    for (const f of [...electronLoads.filter((p) => p.endsWith('.cjs')), ...printWorker]) assert.ok(bundles.includes(f), `${f} is built by scripts/build-node.mjs`);
    assert.ok(electronLoads.includes('dist/electron/preload.cjs') && electronLoads.includes('dist/electron/db-worker.cjs') && electronLoads.includes('dist/renderer/index.html'));
    assert.deepEqual([...new Set(printWorker)], ['dist/print/job-worker.cjs']);
    for (const f of [...fonts, ...sqliteBinaries(), ...printingProgram()]) assert.ok(fs.existsSync(path.join(ROOT, f)), f);
    assert.ok(sqliteBinaries().some((f) => f === 'node_modules/sqlite3/build/Release/node_sqlite3.node'));
    assert.ok(fonts.every((f) => f.endsWith('.ttf')) && fonts.length === 2);
  });

  for (const [platform, key] of [['Windows', 'win'], ['Linux', 'linux']] as const) {
    it(`packages everything the app loads at run time (${platform}): workers, preload, renderer, CLI, fonts, the sqlite3 binary`, () => {
      const c = readConfig();
      assert.deepEqual(missing(c, (c[key] as object | undefined) ?? {}, key), []);
    });
  }

  it('leaves out what the app does not load: source maps, the browser preview, the sources', () => {
    const packaging = new Packaging(readConfig(), readConfig().win ?? {});
    for (const f of ['dist/electron/main.cjs.map', 'dist/preview/server.cjs', 'electron/main.ts', 'tests/unit/electron-builder-config.test.ts', 'node_modules/electron/package.json', 'node_modules/tsx/package.json']) {
      assert.equal(packaging.included(f), false, f);
    }
    assert.equal(packaging.unpacked('dist/electron/main.cjs'), false);
    // sqlite3's sources and object files (a build from source) stay out; its binary goes in.
    for (const f of ['node_modules/sqlite3/src/database.h', 'node_modules/sqlite3/deps/sqlite-autoconf-3520000.tar.gz', 'node_modules/sqlite3/build/Release/obj.target/node_sqlite3.node', 'node_modules/sqlite3/build/Release/obj/gen/sqlite-autoconf-3520000/sqlite3.c']) {
      assert.equal(packaging.included(f), false, f);
    }
    assert.equal(packaging.included('node_modules/sqlite3/build/Release/node_sqlite3.node'), true);
    assert.equal(packaging.included('node_modules/sqlite3/lib/sqlite3.js'), true);
    const withoutSqliteRules = { ...readConfig(), files: (readConfig().files as string[]).filter((p) => !p.includes('sqlite3')) };
    assert.equal(new Packaging(withoutSqliteRules, {}).included('node_modules/sqlite3/src/database.h'), true, 'the two sqlite3 rules are what keeps the sources out');
    // Off Windows the printing program is left out, as electron-builder does.
    assert.equal(new Packaging(readConfig(), readConfig().linux ?? {}, 'linux').included(printingProgram()[0]!), false);
  });

  it('fails when any pattern of files or asarUnpack is dropped (each one is needed)', () => {
    const c = readConfig();
    const files = c.files as string[];
    // package.json is added by electron-builder itself when it is not listed.
    for (const pattern of files.filter((p) => !p.startsWith('!') && p !== 'package.json')) {
      const dropped = { ...c, files: files.filter((p) => p !== pattern) };
      assert.notDeepEqual(missing(dropped, c.win ?? {}), [], `dropping files: ${pattern} goes unnoticed`);
    }
    const unpack = c.asarUnpack as string[];
    for (const pattern of unpack) {
      const dropped = { ...c, asarUnpack: unpack.filter((p) => p !== pattern) };
      assert.notDeepEqual(missing(dropped, c.win ?? {}), [], `dropping asarUnpack: ${pattern} goes unnoticed`);
    }
    // An exclusion that catches a run-time file is noticed as well.
    assert.notDeepEqual(missing({ ...c, files: [...files, '!dist/print/**'] }, c.win ?? {}), []);
    assert.notDeepEqual(missing({ ...c, files: [...files, '!**/node_modules/@expo-google-fonts/**'] }, c.win ?? {}), []);
  });
});
