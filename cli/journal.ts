// Entry point of the `journal` command (bundled to dist/cli/journal.cjs).
import { runCli } from './main';

void runCli(process.argv.slice(2));
