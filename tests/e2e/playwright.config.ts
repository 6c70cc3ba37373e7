// End-to-end tests of the real renderer in Debian's Chromium, through the preview bridge
// (the same service API the preload exposes), on a demo school made for the run.
// Playwright's own browser downloads are not used: see README, "Tests".
import path from 'node:path';
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Password hashing at the test cost (db/kdf.ts) in the runner, its workers and everything
// they start (the demo school, the preview server, the CLI): they inherit this environment.
process.env.JOURNAL_KDF_COST ??= 'test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.e2e\.ts$/,
  outputDir: path.join(import.meta.dirname, 'artifacts', 'results'),
  globalSetup: path.join(import.meta.dirname, 'global-setup.ts'),
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'ru-RU',
    viewport: { width: 1366, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
});
