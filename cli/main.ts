// `journal`: the command line for administrators and scripts. Every command prints one
// JSON document; errors are {"error": {"code", "message"}} with exit code 1.
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../service/errors';
import { listMethods, runCall } from './commands/call';
import { DEMO_STUDENTS } from '../db/demo/generate';
import { runBackup, runBackupCheck, runRestore, runVerify } from './commands/backup';
import { runDemo } from './commands/demo';
import { runExport, runImport } from './commands/exchange';
import { runMigrate } from './commands/migrate';
import { runSync } from './commands/sync';
import { runUpdateCheck } from './commands/update';
import { printUsage, runPrint, runVerifyPrint } from './commands/print';
import { REPORT_USAGE, runReportCommand } from './commands/report';
import { CliError, printError, printResult } from './output';

export const USAGE = `journal — электронный классный журнал, командная строка

  journal demo --db FILE [--today ГГГГ-ММ-ДД | --first-period] [--seed N] [--students N] [--year YYYY] [--force]
  journal migrate --db FILE
  journal call METHOD --db FILE --user LOGIN --password PW [--args JSON]
  journal call --list
  journal import KIND --db FILE --file F [--dry-run] [--skip 3,7] [--encoding utf-8|windows-1251] [--mapping JSON] --user LOGIN --password PW
  journal export KIND --db FILE --out F.xlsx --user LOGIN --password PW
    KIND: students | staff | curriculum | timetable | plans
  journal backup --db FILE --to DIR [--to DIR2]
  journal backup check --db FILE [--all]
  journal verify DIR [--db FILE]
  journal restore --db FILE --from DIR
  journal sync --db FILE --share DIR [--status | --snapshot]
  journal sync --db FILE --share DIR --join [--anchor FINGERPRINT]
  journal update-check --share DIR [--current X.Y.Z] [--installer exe|AppImage|deb]
${printUsage().map((l) => `  ${l}\n`).join('')}  journal print school --db FILE --period ID --out-dir DIR [--date YYYY-MM-DD] [--allow-open-period]
  journal print printers
  journal verify-print --db FILE DOCNO
${REPORT_USAGE.map((l) => `  ${l}`).join('\n')}`;

function intOption(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new CliError('USAGE', `--${name} должно быть целым числом от ${min} до ${max}`);
  }
  return Number(v);
}

function requireDb(db: string | undefined): string {
  if (!db) throw new CliError('USAGE', 'Укажите файл базы данных: --db FILE');
  return db;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      seed: { type: 'string' },
      students: { type: 'string' },
      year: { type: 'string' },
      force: { type: 'boolean', default: false },
      user: { type: 'string' },
      password: { type: 'string' },
      args: { type: 'string' },
      list: { type: 'boolean', default: false },
      to: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      from: { type: 'string' },
      share: { type: 'string' },
      status: { type: 'boolean', default: false },
      join: { type: 'boolean', default: false },
      anchor: { type: 'string' },
      snapshot: { type: 'boolean', default: false },
      class: { type: 'string' },
      period: { type: 'string' },
      out: { type: 'string' },
      'out-dir': { type: 'string' },
      kind: { type: 'string' },
      'doc-no': { type: 'string' },
      date: { type: 'string' },
      today: { type: 'string' },
      'first-period': { type: 'boolean', default: false },
      'allow-open-period': { type: 'boolean', default: false },
      printer: { type: 'string' },
      copies: { type: 'string' },
      file: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      skip: { type: 'string' },
      encoding: { type: 'string' },
      mapping: { type: 'string' },
      grade: { type: 'string' },
      teacher: { type: 'string' },
      subject: { type: 'string' },
      student: { type: 'string' },
      format: { type: 'string' },
      current: { type: 'string' },
      installer: { type: 'string' },
    },
  });
  switch (command) {
    case 'demo':
      printResult(await runDemo({
        db: requireDb(values.db),
        seed: intOption(values.seed, 'seed', 1, 0, 2 ** 31),
        students: intOption(values.students, 'students', 600, DEMO_STUDENTS.min, DEMO_STUDENTS.max),
        year: values.year === undefined ? null : intOption(values.year, 'year', 0, 2000, 2100),
        today: values.today ?? null,
        firstPeriod: values['first-period'] ?? false,
        force: values.force ?? false,
      }));
      return 0;
    case 'migrate':
      printResult(await runMigrate(requireDb(values.db)));
      return 0;
    case 'call': {
      if (values.list) {
        printResult(listMethods());
        return 0;
      }
      const method = positionals[0];
      if (!method) throw new CliError('USAGE', 'Укажите операцию: journal call METHOD … (список: journal call --list)');
      const result = await runCall({ method, db: requireDb(values.db), user: values.user, password: values.password, args: values.args });
      if (result.ok) {
        printResult(result.value);
        return 0;
      }
      printError(result.error);
      return 1;
    }
    case 'import':
    case 'export': {
      const a = {
        kind: positionals[0], db: requireDb(values.db), user: values.user, password: values.password, file: values.file, out: values.out,
        dryRun: values['dry-run'] ?? false, skip: values.skip, encoding: values.encoding, mapping: values.mapping,
      };
      const result = command === 'import' ? await runImport(a) : await runExport(a);
      if (result.ok) {
        printResult(result.value);
        return 0;
      }
      printError(result.error);
      return 1;
    }
    case 'backup':
      if (positionals[0] === 'check') printResult(await runBackupCheck(requireDb(values.db), values.all ?? false));
      else printResult(await runBackup(requireDb(values.db), values.to ?? []));
      return 0;
    case 'verify': {
      const folder = positionals[0];
      if (!folder) throw new CliError('USAGE', 'Укажите папку резервной копии: journal verify DIR');
      printResult(await runVerify(folder, values.db));
      return 0;
    }
    case 'restore':
      if (!values.from) throw new CliError('USAGE', 'Укажите папку резервной копии: --from DIR');
      printResult(await runRestore(requireDb(values.db), values.from));
      return 0;
    case 'print': {
      const sub = positionals[0];
      printResult(await runPrint(sub, {
        db: sub === 'printers' ? '' : requireDb(values.db),
        class: values.class, period: values.period, out: values.out, outDir: values['out-dir'], kind: values.kind,
        docNo: values['doc-no'], date: values.date, allowOpenPeriod: values['allow-open-period'] ?? false,
        printer: values.printer, copies: intOption(values.copies, 'copies', 1, 1, 99),
      }));
      return 0;
    }
    case 'sync':
      printResult(await runSync({ db: requireDb(values.db), share: values.share, status: values.status ?? false, join: values.join ?? false, snapshot: values.snapshot ?? false, anchor: values.anchor }));
      return 0;
    case 'update-check':
      printResult(await runUpdateCheck({ share: values.share, current: values.current, installer: values.installer }));
      return 0;
    case 'report': {
      // --to is also backup's folders (several): a report takes one date.
      if ((values.to?.length ?? 0) > 1) throw new CliError('USAGE', '--to: одна дата конца периода отчёта');
      printResult(await runReportCommand({
        name: positionals[0], db: values.db, list: values.list ?? false, period: values.period, class: values.class, grade: values.grade,
        teacher: values.teacher, subject: values.subject, student: values.student, from: values.from, to: values.to?.[0],
        format: values.format, out: values.out, date: values.date, user: values.user, password: values.password,
      }));
      return 0;
    }
    case 'verify-print': {
      const docNo = positionals[0];
      if (!docNo) throw new CliError('USAGE', 'Укажите номер документа: journal verify-print --db FILE DOCNO');
      printResult(await runVerifyPrint(requireDb(values.db), docNo));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      throw new CliError('USAGE', `Неизвестная команда: ${command}\n${USAGE}`);
  }
}

export async function runCli(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (err) {
    if (err instanceof CliError) printError(err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details });
    else if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      printError({ code: 'USAGE', message: (err as Error).message });
    } else {
      const payload = toErrorPayload(err);
      if (payload.code === 'INTERNAL') console.error(err);
      printError(payload);
    }
    code = 1;
  }
  process.exitCode = code;
}
