// `journal …` run in the test's own process (runCli), so that what the test declared or
// opened is there: what the command printed and its exit code. The command prints strings;
// the test runner's own messages to its parent are bytes and pass on untouched.
import { runCli } from '../../cli/main';

export async function journalHere(...argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((x: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof x !== 'string') return (write as (...a: unknown[]) => boolean)(x, ...rest);
    chunks.push(x);
    return true;
  }) as typeof process.stdout.write;
  try {
    await runCli(argv);
  } finally {
    process.stdout.write = write;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out: chunks.join('') };
}
