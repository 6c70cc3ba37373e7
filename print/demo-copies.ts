// What the register of printed documents holds for a class copy of the demo school's
// certification (db/demo/certification.ts): the title, sheets, pages and data hashes the
// real print would have (the class copy's declaration in print/registry.ts: the same load,
// hashes and layout), without drawing the PDF — printing every class's copy of every
// period would make the demo far too slow. The demo then enters the copy in the register
// with no file, as a copy printed elsewhere and entered by its number.
import type { Knex } from 'knex';
import type { DemoCopyFacts } from '../db/demo/certification';
import { documentOf } from './registry';

export async function demoClassCopyFacts(knex: Knex, classId: string, periodId: string, docNo: string, printedOn: string): Promise<DemoCopyFacts> {
  const d = documentOf('class_copy');
  const data = await d.load(knex, { classId, periodId });
  const doc = d.compose(data, { docNo, printedOn, warning: null });
  return { title: doc.title, hash: doc.hash, parts: doc.parts, sheets: doc.sheets, sheetCount: doc.sheetCount, pages: doc.pages.length };
}
