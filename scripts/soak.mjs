// `npm run test:soak`: the sync soak test (tests/integration/sync-soak.test.ts) run long —
// SOAK_STEPS steps (600 unless set), SOAK_RUNS times (3 unless set), each with a random
// seed printed before it starts, so a failure can be replayed with SOAK_SEED. CI runs the
// same file with its fixed seed and fewer steps (npm test).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const steps = process.env.SOAK_STEPS ?? '600';
const runs = process.env.SOAK_SEED ? 1 : Number(process.env.SOAK_RUNS ?? 3);
for (let run = 1; run <= runs; run++) {
  const seed = process.env.SOAK_SEED ?? String(randomInt(1, 2 ** 31));
  console.log(`sync soak ${run}/${runs}: seed ${seed}, ${steps} steps — replay: SOAK_SEED=${seed} SOAK_STEPS=${steps} npm run test:soak`);
  const res = spawnSync(process.execPath, ['scripts/run-node-tests.mjs', 'tests/integration/sync-soak.test.ts'], {
    stdio: 'inherit',
    env: { ...process.env, SOAK_SEED: seed, SOAK_STEPS: steps },
  });
  if (res.status !== 0) {
    console.error(`sync soak failed with seed ${seed} (${steps} steps): SOAK_SEED=${seed} SOAK_STEPS=${steps} npm run test:soak`);
    process.exit(res.status ?? 1);
  }
}
