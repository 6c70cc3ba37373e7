// The class copy as pages: the plan (layout/plan.ts) turned into paint functions, and the
// data of each sheet hashed — the same slices that are drawn, so that a sheet's hash
// changes exactly when what it shows changes.
import { paintBlank, paintClassList } from '../draw/class-list';
import { paintFrame, type Stamp } from '../draw/frame';
import { paintGrid } from '../draw/grid';
import type { Painter } from '../draw/painter';
import { paintTitle } from '../draw/title';
import { paintTopics } from '../draw/topics';
import type { ClassCopyData, SubjectBlock } from '../data/types';
import type { DocPage, PrintDocument } from '../document';
import { A4, bodyBox } from '../layout/geometry';
import { planClassCopy, type DocPlan, type PlannedPage, type Side } from '../layout/plan';
import { hashOf, type DocumentHashes, type PartHash, type SheetHash } from '../verify/hash';

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

export function periodMarkLabel(data: ClassCopyData): string {
  const p = data.heading.period;
  const word = { quarter: 'четверть', half_year: 'полугодие', trimester: 'триместр', year: 'год' }[p.kind];
  return p.kind === 'year' ? 'Годовая' : `${ROMAN[p.number] ?? p.number} ${word}`;
}

export function blockTitle(b: SubjectBlock): string {
  return b.subgroupName ? `${b.subjectName} (${b.subgroupName})` : b.subjectName;
}

function sliceBlock(b: SubjectBlock, lessonFrom: number, lessonTo: number, studentFrom?: number, studentTo?: number) {
  const lessons = b.lessons.slice(lessonFrom, lessonTo);
  const ids = new Set(lessons.map((l) => l.id));
  const students = studentFrom === undefined ? undefined : b.students.slice(studentFrom, studentTo);
  const sids = students ? new Set(students.map((s) => s.id)) : undefined;
  const inSide = (x: { lessonId: string; studentId: string }) => ids.has(x.lessonId) && (!sids || sids.has(x.studentId));
  return { lessons, students, marks: b.marks.filter(inSide), attendance: b.attendance.filter(inSide), sids };
}

/** The data one side shows, for its sheet's hash. */
function sidePayload(data: ClassCopyData, plan: DocPlan, side: Side): unknown {
  switch (side.kind) {
    case 'title':
      return { kind: 'title', heading: data.heading, contents: plan.contents, sheets: plan.sheets, pages: plan.pages.length };
    case 'class-list': {
      const n = data.students.length;
      return {
        kind: 'class-list',
        students: data.students.slice(side.from, Math.min(side.to, n)),
        movements: data.movements.slice(Math.max(0, side.from - n - 3), Math.max(0, side.to - n - 3)),
      };
    }
    case 'grid': {
      const b = data.blocks[side.block]!;
      const s = sliceBlock(b, side.lessonFrom, side.lessonTo, side.studentFrom, side.studentTo);
      return {
        kind: 'grid', subject: blockTitle(b), teacher: b.teacher, students: s.students, marks: s.marks, attendance: s.attendance,
        lessons: s.lessons.map((l) => ({ id: l.id, date: l.date, workKinds: l.workKinds })),
        periodMarks: side.periodMarks ? b.periodMarks.filter((p) => s.sids!.has(p.studentId)) : null,
      };
    }
    case 'topics': {
      const b = data.blocks[side.block]!;
      return {
        kind: 'topics', subject: blockTitle(b),
        lessons: b.lessons.slice(side.lessonFrom, side.lessonTo).map(({ workKinds: _k, ...l }) => l),
      };
    }
    case 'blank':
      return { kind: 'blank' };
  }
}

function sheetLabel(data: ClassCopyData, pages: PlannedPage[]): string {
  const side = pages.find((p) => p.side.kind === 'grid' || p.side.kind === 'title' || p.side.kind === 'class-list')?.side;
  if (!side || side.kind === 'title' || side.kind === 'class-list') return 'Титульный лист, список обучающихся';
  if (side.kind !== 'grid') return '';
  const b = data.blocks[side.block]!;
  const l = b.lessons;
  const range = `${l[side.lessonFrom]!.date.slice(8, 10)}.${l[side.lessonFrom]!.date.slice(5, 7)}–${l[side.lessonTo - 1]!.date.slice(8, 10)}.${l[side.lessonTo - 1]!.date.slice(5, 7)}`;
  return `${blockTitle(b)}, уроки ${side.lessonFrom + 1}–${side.lessonTo} (${range})`;
}

export function classCopyHashes(data: ClassCopyData, plan: DocPlan = planClassCopy(data)): DocumentHashes & { plan: DocPlan } {
  const bySheet = new Map<number, PlannedPage[]>();
  for (const p of plan.pages) bySheet.set(p.sheet, [...(bySheet.get(p.sheet) ?? []), p]);
  const sheets: SheetHash[] = [...bySheet].map(([sheet, pages]) => ({
    sheet,
    label: sheetLabel(data, pages),
    hash: hashOf({ sheet, sides: pages.map((p) => sidePayload(data, plan, p.side)) }),
  }));
  // The parts' texts are parts of the whole document's: each is made once (hashOf's memo).
  const memo = new Map<object, string>();
  const parts: PartHash[] = plan.contents.map((c) => c.block < 0
    ? { key: 'title', label: c.label, hash: hashOf({ heading: data.heading, students: data.students, movements: data.movements }, memo), firstSheet: c.firstSheet, lastSheet: c.lastSheet }
    : { key: data.blocks[c.block]!.key, label: c.label, hash: hashOf(data.blocks[c.block], memo), firstSheet: c.firstSheet, lastSheet: c.lastSheet });
  return { hash: hashOf(data, memo), sheets, parts, plan };
}

export interface ComposeOptions {
  docNo: string;
  printedOn: string;
  /** Printed on the title page when the period has not ended yet. */
  warning: string | null;
}

export function composeClassCopy(data: ClassCopyData, opts: ComposeOptions): PrintDocument {
  const { plan, ...hashes } = classCopyHashes(data);
  const h = data.heading;
  const stamp: Stamp = {
    docNo: opts.docNo, printedOn: opts.printedOn, hash: hashes.hash, totalSheets: plan.sheets,
    about: `Класс ${h.className} · ${h.period.name} ${h.yearName}`,
  };
  const sheetHash = new Map(hashes.sheets.map((s) => [s.sheet, s.hash]));
  const kindNames = new Map(data.workKinds.map((k) => [k.code, k.name]));
  const pmLabel = periodMarkLabel(data);
  const subtitleOf = (b: SubjectBlock, part: number, parts: number) =>
    `${h.className} класс · ${h.period.name} ${h.yearName} · учитель ${b.teacher}${parts > 1 ? ` · часть ${part} из ${parts}` : ''}`;

  const pages: DocPage[] = plan.pages.map((pg) => {
    const box = bodyBox(pg.face);
    const side = pg.side;
    let title = `Классный журнал ${h.className} класса`;
    let subtitle = `${h.schoolShortName} · ${h.period.name} ${h.yearName}`;
    let body: (p: Painter) => void;
    switch (side.kind) {
      case 'title':
        title = h.schoolShortName;
        subtitle = `Копия классного журнала ${h.className} класса на бумажном носителе`;
        body = (p) => paintTitle(p, box, {
          heading: h, documentName: 'КЛАССНЫЙ ЖУРНАЛ', documentNote: 'копия электронного классного журнала на бумажном носителе',
          contents: plan.contents, sheets: plan.sheets, pages: plan.pages.length, warning: opts.warning,
        });
        break;
      case 'class-list':
        body = (p) => paintClassList(p, box, { data, from: side.from, to: side.to, part: side.part, parts: side.parts });
        break;
      case 'grid': {
        const b = data.blocks[side.block]!;
        title = `${blockTitle(b)} — отметки и посещаемость`;
        subtitle = subtitleOf(b, side.part, side.parts);
        body = (p) => paintGrid(p, box, {
          block: b, lessonFrom: side.lessonFrom, lessonTo: side.lessonTo, studentFrom: side.studentFrom, studentTo: side.studentTo,
          periodMarks: side.periodMarks, periodLabel: pmLabel, periodStartsOn: h.period.startsOn, periodEndsOn: h.period.endsOn, kindNames,
        });
        break;
      }
      case 'topics': {
        const b = data.blocks[side.block]!;
        title = `${blockTitle(b)} — темы уроков и домашние задания`;
        subtitle = subtitleOf(b, side.part, side.parts);
        body = (p) => paintTopics(p, box, { block: b, lessonFrom: side.lessonFrom, lessonTo: side.lessonTo, noHomework: h.grade === 1 });
        break;
      }
      case 'blank':
        body = (p) => paintBlank(p, box);
        break;
    }
    const frame = { face: pg.face, sheet: pg.sheet, title, subtitle, sheetHash: sheetHash.get(pg.sheet) ?? '' };
    return {
      size: A4,
      paint: (p: Painter) => {
        paintFrame(p, frame, stamp);
        body(p);
      },
    };
  });

  return {
    ...hashes,
    docNo: opts.docNo,
    printedOn: opts.printedOn,
    title: `Классный журнал ${h.className} класса: ${h.period.name} ${h.yearName}`,
    subject: h.schoolFullName,
    pages,
    sheetCount: plan.sheets,
  };
}
