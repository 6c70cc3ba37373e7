// Import and export of the school's tables (R-ROLE-6: the lists, the staff, the curriculum,
// the timetable and the plans are the administrator's): XLSX and CSV files in, with a
// preview of each row's fate before anything is written; XLSX templates and exports out.
// The window reads a picked file and the CLI a path; both send its bytes as base64.
import { z } from 'zod';
import { toIsoDate } from '../../shared/dates';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { commitImport, exportOf, KINDS, previewImport, templateOf } from '../exchange/exchange';
import { EXCHANGE_KINDS } from '../exchange/kind';
import { MAX_BYTES, MAX_ROWS } from '../exchange/read-table';

const kind = z.enum(EXCHANGE_KINDS, { message: 'Вид таблицы: students, staff, curriculum, timetable или plans' });

const fileArgs = {
  kind,
  fileBase64: z.string().max(Math.ceil(MAX_BYTES / 3) * 4 + 8, `Файл больше ${MAX_BYTES / 1024 / 1024} МБ: разделите его на части`).regex(/^[A-Za-z0-9+/=]*$/, 'Файл должен быть передан в base64'),
  fileName: z.string().trim().max(260).optional(),
  encoding: z.enum(['utf-8', 'windows-1251']).optional(),
  mapping: z.record(z.string().max(40), z.string().max(200)).optional(),
  skip: z.array(z.number().int().min(1).max(MAX_ROWS + 100)).max(MAX_ROWS).optional(),
  yearId: rowId.optional(),
};

export const kinds = defineMethod({
  summary: 'Виды таблиц для загрузки и выгрузки и их столбцы',
  access: 'administrator',
  input: z.object({}).strict(),
  async run() {
    return { maxRows: MAX_ROWS, maxBytes: MAX_BYTES, kinds: EXCHANGE_KINDS.map((k) => ({ kind: k, title: KINDS[k].title, columns: KINDS[k].fields.map((f) => ({ field: f.field, label: f.label, required: !!f.required })) })) };
  },
});

export const preview = defineMethod({
  summary: 'Проверить файл XLSX или CSV перед загрузкой: что будет с каждой строкой (новая, обновление, повтор, ошибка); ничего не записывает',
  access: 'administrator',
  input: z.object(fileArgs).strict(),
  async run(ctx, a) {
    return previewImport(ctx.db.knex, a, toIsoDate(ctx.now()));
  },
});

export const commit = defineMethod({
  summary: 'Загрузить файл XLSX или CSV одной транзакцией; пока в строке, которую не пропустили, есть ошибка, ничего не записывается',
  access: 'administrator',
  input: z.object(fileArgs).strict(),
  async run(ctx, a) {
    return commitImport(ctx.db, userOf(ctx).id, a, toIsoDate(ctx.now()));
  },
});

export const template = defineMethod({
  summary: 'Шаблон XLSX для загрузки таблицы',
  access: 'administrator',
  input: z.object({ kind }).strict(),
  async run(_ctx, a) {
    return templateOf(a.kind);
  },
});

export const exportFile = defineMethod({
  summary: 'Выгрузить таблицу журнала в XLSX (в столбцах шаблона загрузки)',
  access: 'administrator',
  input: z.object({ kind, yearId: rowId.optional() }).strict(),
  async run(ctx, a) {
    return exportOf(ctx.db.knex, a.kind, toIsoDate(ctx.now()), a.yearId);
  },
});
