// How the CLI answers: one JSON document on stdout; exit 0 with a result, exit 1 with
// {"error": {"code", "message"}}.
import type { ErrorPayload } from '../service/errors';

export class CliError extends Error {
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export function printResult(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(err: ErrorPayload | { code: string; message: string; details?: unknown }): void {
  process.stdout.write(`${JSON.stringify({ error: err }, null, 2)}\n`);
}
