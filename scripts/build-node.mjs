// Bundles the Node-side entry points with esbuild into dist/ as CommonJS:
//   dist/cli/journal.cjs        the `journal` command
//   dist/electron/main.cjs      Electron main process
//   dist/electron/preload.cjs   sandboxed preload (one self-contained file)
//   dist/electron/db-worker.cjs the database utility process
//   dist/preview/server.cjs     the browser preview bridge
//   dist/print/job-worker.cjs   the print worker thread (print/jobs/), started by the three above
// npm packages stay external (knex statically requires every driver, LESSONS.md), except
// in the preload, which a sandbox forbids to require them.
import { build } from 'esbuild';

// print/draw/fonts.ts reads import.meta.url only where `require` is missing (ESM under tsx);
// in these CommonJS bundles it uses `require`, so the empty import.meta is expected.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };

await Promise.all([
  build({ ...common, entryPoints: { 'cli/journal': 'cli/journal.ts', 'preview/server': 'preview/server.ts', 'print/job-worker': 'print/jobs/worker.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  build({ ...common, entryPoints: { 'electron/main': 'electron/main.ts', 'electron/db-worker': 'electron/db-worker.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, packages: 'external', external: ['electron'] }),
  build({ ...common, entryPoints: { 'electron/preload': 'electron/preload.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, external: ['electron'], platform: 'node' }),
]);
