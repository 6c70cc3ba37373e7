// The year-end archive (R-PRINT-4, issue 5 item 5): by 30 June each class's paper copies of
// the year are bound into one folder with a title page listing the contents and the number
// of sheets, signed by the director and sealed, and kept 5 years; the year's summary sheets
// of final marks are bound apart and kept 25 years (print.bind records their binding).
//   archive.list        years × classes: what is printed, bound, kept until when; and every
//                       bound document with the date from which it may be destroyed
//   archive.preview     the year title page of a class as PDF (nothing written)
//   archive.printTitle  the year title page into the print folder, entered in the register
//   archive.bindYear    the secretary records that the class's year folder was bound,
//                       signed and sealed (through the journal writer, with its history)
// The printable list of keeping periods is the book 'retention' (print.saveBook).
import { z } from 'zod';
import type { Knex } from 'knex';
import { termPeriods } from '../../db/queries/year';
import { addDays, formatRuDate, toIsoDate } from '../../shared/dates';
import { keyId } from '../../db/ids';
import { pluralRu } from '../../shared/number-words';
import { KEEP_YEARS, keepingPeriod, loadRetention } from '../../print/archive/retention';
import type { YearTitleData } from '../../print/data/year-title';
import { PrintError } from '../../print/errors';
import { printFolder } from '../../print/jobs/manager';
import { DOCUMENTS, archiveKinds, documentOf } from '../../print/registry';
import { printDocument, renderDocument } from '../../print/render';
import { listPrints, type RegisterEntry } from '../../print/verify/register';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { ServiceError, notFound } from '../errors';


/** The number printed on a preview: it is not a document of the register. */
const PREVIEW_DOC_NO = 'ОБРАЗЕЦ';

const conflict = (message: string) => new ServiceError('CONFLICT', message);

function asService(err: unknown): never {
  if (err instanceof PrintError) {
    const nf = err.code === 'PRINT_UNKNOWN_CLASS' || err.code === 'PRINT_UNKNOWN_PERIOD' || err.code === 'PRINT_UNKNOWN_DOCUMENT';
    throw new ServiceError(nf ? 'NOT_FOUND' : 'CONFLICT', err.message, { printCode: err.code });
  }
  throw err;
}

interface ArchiveRow { id: string; class_id: string; year_id: string; title_doc_no: string; sheets: number; folder: string; bound_on: string; keep_years: number; keep_until: string }

export interface ClassYear {
  classId: string;
  className: string;
  grade: number;
  periods: { periodId: string; name: string; endsOn: string; certified: boolean; copy: { docNo: string; sheets: number; printedOn: string; boundOn: string | null; status: string } | null }[];
  /** Every sheet the folder would hold if bound now (the title page and the copies). */
  totalSheets: number;
  copies: number;
  title: { docNo: string; printedOn: string; status: 'current' | 'stale' } | null;
  folder: { boundOn: string; folder: string; sheets: number; titleDocNo: string; keepUntil: string; destroyFrom: string } | null;
  yearFinal: { docNo: string; printedOn: string; boundOn: string | null; folder: string; keepUntil: string; destroyFrom: string } | null;
  status: 'empty' | 'printed' | 'title' | 'bound';
  /** Why the folder cannot be bound now; null when it can (or is bound). */
  bindRefusal: string | null;
  keepUntil: string;
  destroyFrom: string;
}

/** What one class's year looks like now: its copies, title page, folder, and whether it may be bound. */
async function classYear(knex: Knex, cls: { id: string; name: string; grade: number; year_id: string }, year: { ends_on: string }, today: string): Promise<ClassYear> {
  const [data, prints, archive, periods, certified] = await Promise.all([
    DOCUMENTS.year_title.load(knex, { classId: cls.id }),
    listPrints(knex, { classId: cls.id }),
    knex('year_archive').where({ class_id: cls.id, year_id: cls.year_id }).first() as Promise<ArchiveRow | undefined>,
    termPeriods(knex, cls.year_id, cls.grade),
    knex('certification_class as k').join('certification_campaign as m', 'm.id', 'k.campaign_id')
      .where('k.class_id', cls.id).whereNotNull('k.bound_at').pluck('m.period_id') as Promise<string[]>,
  ]);
  const done = new Set(certified);
  const live = prints.filter((p) => p.status !== 'cancelled');
  // What the archive does with each kind: print/registry.ts.
  const title = live.find((p) => documentOf(p.kind).archive === 'title');
  const yearFinal = live.filter((p) => documentOf(p.kind).archive === 'apart').sort((a, b) => Number(Boolean(b.boundOn)) - Number(Boolean(a.boundOn)))[0];
  const keep = keepingPeriod(year.ends_on, KEEP_YEARS.classJournal);
  const keep25 = keepingPeriod(year.ends_on, yearFinal ? documentOf(yearFinal.kind).keepYears : KEEP_YEARS.yearFinal);
  const titleStatus = title ? (title.dataHash === DOCUMENTS.year_title.hashes(data).hash ? 'current' : 'stale') : null;
  const row: ClassYear = {
    classId: cls.id, className: cls.name, grade: cls.grade,
    periods: periods.map((p) => {
      const copy = data.contents.find((c) => c.kind === 'class_copy' && c.periodName === p.name);
      return {
        periodId: p.id, name: p.name, endsOn: p.ends_on, certified: done.has(p.id),
        copy: copy ? { docNo: copy.docNo, sheets: copy.sheets, printedOn: copy.printedOn, boundOn: copy.boundOn, status: copy.stale ? 'stale' : 'current' } : null,
      };
    }),
    totalSheets: data.totalSheets, copies: data.contents.length,
    title: title && titleStatus ? { docNo: title.docNo, printedOn: title.printedAt.slice(0, 10), status: titleStatus } : null,
    folder: archive ? { boundOn: archive.bound_on, folder: archive.folder, sheets: archive.sheets, titleDocNo: archive.title_doc_no, keepUntil: archive.keep_until, destroyFrom: addDays(archive.keep_until, 1) } : null,
    yearFinal: yearFinal ? { docNo: yearFinal.docNo, printedOn: yearFinal.printedAt.slice(0, 10), boundOn: yearFinal.boundOn, folder: yearFinal.folder, keepUntil: keep25.keepUntil, destroyFrom: keep25.destroyFrom } : null,
    status: archive ? 'bound' : title ? 'title' : data.contents.length > 0 ? 'printed' : 'empty',
    bindRefusal: null,
    keepUntil: keep.keepUntil, destroyFrom: keep.destroyFrom,
  };
  row.bindRefusal = archive ? null : refusal(row, data, title, keep.yearEnd, today);
  return row;
}

/**
 * R-PRINT-4: the year's folder is bound at the year's end. Before 30 June it may be bound
 * only when every period's copy of the class has been certified and bound in its period
 * folder (R-PRINT-2 day 5); from 30 June on, with what the register holds. Either way the
 * year title page must be printed and still list what the register holds.
 */
function refusal(row: ClassYear, data: YearTitleData, title: RegisterEntry | undefined, yearEnd: string, today: string): string | null {
  const open = row.periods.filter((p) => !p.certified);
  if (today < yearEnd && open.length > 0) { // R-PRINT-4
    return `Папку ${row.className} класса за ${data.yearName} учебный год прошивают по окончании учебного года (не позднее ${formatRuDate(yearEnd)}). ` +
      `До ${formatRuDate(yearEnd)} — только когда копии всех периодов класса заверены и прошиты по итогам аттестации; не прошиты: ${open.map((p) => p.name).join(', ')}.`;
  }
  if (data.contents.length === 0) return `В реестре нет бумажных копий ${row.className} класса за ${data.yearName} учебный год: прошивать нечего.`;
  if (!title) return `Сначала напечатайте титульный лист журнала ${row.className} класса за год: он перечисляет копии и число листов.`;
  if (row.title?.status === 'stale') {
    return `Титульный лист № ${title.docNo} устарел: после его печати копии класса в реестре изменились (перепечатка, переплёт, исправление). Напечатайте титульный лист заново.`;
  }
  return null;
}

async function classOf(knex: Knex, classId: string) {
  const cls: { id: string; name: string; grade: number; year_id: string } | undefined = await knex('class').where({ id: classId }).first('id', 'name', 'grade', 'year_id');
  if (!cls) throw notFound('Класс не найден в журнале.');
  const year: { id: string; name: string; ends_on: string } = await knex('academic_year').where({ id: cls.year_id }).first('id', 'name', 'ends_on');
  return { cls, year };
}

export const list = defineMethod({
  // R-PRINT-4
  summary: 'Архив за годы: классы каждого учебного года — копии, титульный лист, прошитая папка, сроки хранения; список того, что и когда может быть уничтожено',
  access: 'wholeSchool',
  input: z.object({ yearId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const today = toIsoDate(ctx.now());
    const q = knex('academic_year').orderBy('starts_on', 'desc').select('id', 'name', 'starts_on', 'ends_on');
    if (a.yearId) q.where({ id: a.yearId });
    const years: { id: string; name: string; starts_on: string; ends_on: string }[] = await q;
    if (a.yearId && years.length === 0) throw notFound('Учебный год не найден в журнале.');
    const out = [];
    for (const y of years) {
      const classes: { id: string; name: string; grade: number; year_id: string }[] = await knex('class').where({ year_id: y.id })
        .orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade', 'year_id');
      const k = keepingPeriod(y.ends_on, KEEP_YEARS.classJournal);
      out.push({
        yearId: y.id, yearName: y.name, startsOn: y.starts_on, endsOn: y.ends_on, yearEnd: k.yearEnd, ended: today >= k.yearEnd,
        classes: await Promise.all(classes.map((c) => classYear(knex, c, y, today))),
      });
    }
    const retention = await loadRetention(knex, today, archiveKinds());
    return { today, keepYears: KEEP_YEARS, years: out, retention, destroyableNow: retention.filter((r) => r.destroyable).length };
  },
});

export const preview = defineMethod({
  summary: 'Предпросмотр титульного листа журнала класса за год (PDF в base64); ничего не записывается',
  access: 'documentPrinters',
  input: z.object({ classId: rowId }).strict(),
  async run(ctx, a) {
    const { bytes, sheetHashes: _s, parts: _p, ...r } = await renderDocument(ctx.db, 'year_title', { classId: a.classId, now: ctx.now(), docNo: PREVIEW_DOC_NO }).catch(asService);
    return { ...r, pdfBase64: bytes.toString('base64') };
  },
});

export const printTitle = defineMethod({
  summary: 'Напечатать титульный лист журнала класса за год в файл PDF в папке печати и внести его в реестр напечатанных документов',
  access: 'documentPrinters',
  input: z.object({ classId: rowId }).strict(),
  async run(ctx, a) {
    await classOf(ctx.db.knex, a.classId);
    const { sheetHashes: _s, parts: _p, register, ...r } = await printDocument(ctx.db, { userId: userOf(ctx).id }, 'year_title', { classId: a.classId, now: ctx.now(), outDir: printFolder(ctx.db) }).catch(asService);
    return { ...r, registered: { status: register.status } };
  },
});

export const bindYear = defineMethod({
  summary: 'Записать, что папка класса за год пронумерована, прошита, подписана директором и скреплена печатью: дата, дело, число листов', // R-PRINT-4
  access: 'secretary',
  input: z.object({
    classId: rowId,
    folder: z.string().trim().min(3, 'Укажите дело (папку)').max(200),
    boundOn: isoDate.optional(),
    /** The sheets counted in the folder; must be what its title page says. */
    sheets: z.number().int().min(1, 'Число листов — целое положительное').max(100000).optional(),
    note: z.string().trim().max(300).default(''),
  }).strict(),
  async run(ctx: CallContext, a) {
    const knex = ctx.db.knex;
    const today = toIsoDate(ctx.now());
    const { cls, year } = await classOf(knex, a.classId);
    const row = await classYear(knex, cls, year, today);
    if (row.folder) throw conflict(`Папка ${cls.name} класса за ${year.name} учебный год уже прошита ${formatRuDate(row.folder.boundOn)} (дело «${row.folder.folder}», ${row.folder.sheets} л.).`);
    if (row.bindRefusal) throw conflict(row.bindRefusal);
    const title = row.title!;
    const boundOn = a.boundOn ?? today;
    if (boundOn > today) throw new ServiceError('VALIDATION', 'Дата переплёта не может быть в будущем.');
    if (boundOn < title.printedOn) throw new ServiceError('VALIDATION', `Дата переплёта раньше печати титульного листа (${formatRuDate(title.printedOn)}).`);
    if (a.sheets !== undefined && a.sheets !== row.totalSheets) {
      throw new ServiceError('VALIDATION', `На титульном листе № ${title.docNo} указано ${row.totalSheets} ${pluralRu(row.totalSheets, 'лист', 'листа', 'листов')}, а насчитано ${a.sheets}: пересчитайте листы или напечатайте титульный лист заново.`);
    }
    const keep = keepingPeriod(year.ends_on, KEEP_YEARS.classJournal);
    const titleEntry = (await knex('print_register').where({ doc_no: title.docNo }).first('id')) as { id: string };
    const user = userOf(ctx);
    await ctx.db.writer.write({ userId: user.id }, [
      {
        table: 'year_archive', id: keyId('year_archive', cls.id, year.id),
        set: {
          class_id: cls.id, year_id: year.id, title_doc_no: title.docNo, sheets: row.totalSheets, folder: a.folder, bound_on: boundOn,
          bound_by: user.id, bound_at: ctx.now().toISOString(), keep_years: KEEP_YEARS.classJournal, keep_until: keep.keepUntil, note: a.note,
        },
      },
      { table: 'print_register', id: titleEntry.id, set: { bound_on: boundOn, folder: a.folder } },
    ], { reason: `архив: журнал ${cls.name} класса за ${year.name} учебный год — ${row.totalSheets} л., прошит, подписан директором, скреплён печатью; дело «${a.folder}»; хранить до ${formatRuDate(keep.keepUntil)}` });
    return { classId: cls.id, className: cls.name, yearName: year.name, folder: a.folder, boundOn, sheets: row.totalSheets, titleDocNo: title.docNo, keepUntil: keep.keepUntil, destroyFrom: keep.destroyFrom };
  },
});
