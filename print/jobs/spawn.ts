// Starts a print worker thread. In the bundles (dist/cli, dist/electron, dist/preview) the
// worker is its own bundle, dist/print/job-worker.cjs (scripts/build-node.mjs); from the
// sources (tests under tsx) it is print/jobs/worker.ts loaded through tsx's require hook,
// because a worker thread does not inherit tsx's ESM loader.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PrintWorkerData } from './protocol';

function bundled(): boolean {
  return typeof __filename === 'string' && __filename.endsWith('.cjs');
}

export function spawnPrintWorker(data: PrintWorkerData): Worker {
  if (bundled()) return new Worker(path.resolve(__dirname, '..', 'print', 'job-worker.cjs'), { workerData: data });
  const source = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  // tsx's global CommonJS hook (its namespaced require would add a query to every
  // require.resolve, which the font paths of print/draw/fonts.ts must not have).
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, { eval: true, workerData: data });
}
