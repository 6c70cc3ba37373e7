#!/usr/bin/env node
// The `journal` command. Runs the bundled CLI (built by `npm install` through the
// `prepare` script); in a checkout without a build it runs the TypeScript through tsx.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundled = path.join(__dirname, '..', 'dist', 'cli', 'journal.cjs');
if (fs.existsSync(bundled)) {
  require(bundled);
} else {
  const { spawnSync } = require('node:child_process');
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'cli', 'journal.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(res.status === null ? 1 : res.status);
}
