// journal import KIND --db FILE --file F [--dry-run] [--skip 3,7] [--encoding E] [--mapping JSON] --user LOGIN --password PW
// journal export KIND --db FILE --out F.xlsx --user LOGIN --password PW
// The same service methods as the window's «Импорт и экспорт» (exchange.preview, .commit,
// .export), signed in as the user: the same checks, the same one transaction. The file is
// read here and sent as base64, as the window sends a picked file.
import fs from 'node:fs';
import { openJournal } from '../../db/journal-db';
import type { CallResult } from '../../service/api';
import { EXCHANGE_KINDS } from '../../service/exchange/kind';
import { ServiceHost } from '../../service/host';
import { CliError } from '../output';

export interface ExchangeArgs {
  kind: string | undefined;
  db: string;
  user?: string;
  password?: string;
  file?: string;
  out?: string;
  dryRun?: boolean;
  skip?: string;
  encoding?: string;
  mapping?: string;
}

function kindOf(kind: string | undefined): string {
  if (!kind || !(EXCHANGE_KINDS as readonly string[]).includes(kind)) {
    throw new CliError('USAGE', `Укажите вид таблицы: ${EXCHANGE_KINDS.join(', ')}`);
  }
  return kind;
}

/** Signs in and makes one call through the service host. */
async function callAs(a: ExchangeArgs, method: string, args: unknown): Promise<CallResult> {
  const password = a.password ?? process.env.JOURNAL_PASSWORD;
  if (!a.user || password === undefined) throw new CliError('USAGE', 'Укажите --user LOGIN и --password PW (или переменную JOURNAL_PASSWORD).');
  const db = await openJournal(a.db, { mustExist: true });
  try {
    const host = new ServiceHost(db);
    const signedIn = await host.call('cli', 'auth.login', { login: a.user, password });
    if (!signedIn.ok) return signedIn;
    return await host.call('cli', method, args);
  } finally {
    await db.close();
  }
}

export async function runImport(a: ExchangeArgs): Promise<CallResult> {
  const kind = kindOf(a.kind);
  if (!a.file) throw new CliError('USAGE', 'Укажите файл: --file F (XLSX или CSV)');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(a.file);
  } catch (err) {
    throw new CliError('FILE_NOT_FOUND', `Файл ${a.file} не удалось прочитать: ${(err as Error).message}`);
  }
  const skip = a.skip ? a.skip.split(',').map((s) => s.trim()).filter(Boolean).map(Number) : undefined;
  if (skip?.some((n) => !Number.isInteger(n) || n < 1)) throw new CliError('USAGE', '--skip: номера строк через запятую, например 3,7');
  let mapping: unknown;
  if (a.mapping !== undefined) {
    try {
      mapping = JSON.parse(a.mapping);
    } catch (err) {
      throw new CliError('BAD_ARGS_JSON', `--mapping не является корректным JSON: ${(err as Error).message}`);
    }
  }
  const args = { kind, fileBase64: bytes.toString('base64'), fileName: a.file, encoding: a.encoding, mapping, skip };
  return callAs(a, a.dryRun ? 'exchange.preview' : 'exchange.commit', args);
}

export async function runExport(a: ExchangeArgs): Promise<CallResult> {
  const kind = kindOf(a.kind);
  if (!a.out) throw new CliError('USAGE', 'Укажите файл для выгрузки: --out F.xlsx');
  const result = await callAs(a, 'exchange.exportFile', { kind });
  if (!result.ok) return result;
  const value = result.value as { base64: string; rows: number; fileName: string };
  try {
    fs.writeFileSync(a.out, Buffer.from(value.base64, 'base64'));
  } catch (err) {
    throw new CliError('EXPORT_FILE', `Файл ${a.out} не удалось записать: ${(err as Error).message}`);
  }
  return { ok: true, value: { kind, out: a.out, rows: value.rows } };
}
