// The shape every report of the school has (issue 14): what a report builder (db/reports/…)
// returns, and what the screen (renderer), the XLSX export and the PDF document draw. One
// result, three outputs: the numbers on screen, in the workbook and on paper are the same
// values. Runs anywhere (no Node imports).

/** A value of a report cell: numbers stay numbers (percentages as 0–100, not fractions). */
export type ReportValue = number | string | null;

/**
 * How a column's values read: 'int' counts, 'percent' 0–100 with one decimal, 'decimal'
 * averages and СОУ with two decimals, 'date' an ISO date (YYYY-MM-DD) shown as ДД.ММ.ГГГГ.
 */
export type ColumnKind = 'text' | 'int' | 'percent' | 'decimal' | 'date';

export interface ReportColumn {
  readonly key: string;
  /** The Russian header. */
  readonly title: string;
  readonly kind: ColumnKind;
  /** A relative width (1 = a number column; the name column about 4). */
  readonly width?: number;
}

/** One lesson behind a figure (a drill-down list). */
export interface LinkedLesson {
  readonly assignmentId: string;
  readonly lessonId: string;
  readonly date: string;
  readonly className: string;
  readonly subjectName: string;
  readonly teacherName: string;
  /** Why it is listed: 'нет темы', 'внесено 12.11 (урок 05.11)'. */
  readonly note?: string;
}

/** Where a figure leads on screen: the journal page (and lesson), a class, or the lessons behind it. */
export type ReportLink =
  | { readonly to: 'page'; readonly assignmentId: string; readonly lessonId?: string; readonly date?: string }
  | { readonly to: 'class'; readonly classId: string }
  | { readonly to: 'lessons'; readonly title: string; readonly lessons: readonly LinkedLesson[] }
  | { readonly to: 'report'; readonly report: string; readonly params: ReportParams };

export interface ReportRow {
  readonly cells: Readonly<Record<string, ReportValue>>;
  /** A cell's click-through, by column key. */
  readonly links?: Readonly<Record<string, ReportLink>>;
  /** 'risk' is highlighted (a forecast of 2, a student failing); 'total' is a totals row. */
  readonly mark?: 'risk' | 'good' | 'total';
}

export interface ReportTable {
  readonly kind: 'table';
  readonly title: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** Shown instead of the table when it has no rows ('Нет уроков без темы.'). */
  readonly empty: string;
}

/**
 * A chart's data, from which the app and the PDF draw the same chart (one definition,
 * rendered by the charting library on screen and to SVG for paper).
 */
export type ChartSpec =
  | {
      readonly type: 'bars' | 'lines';
      readonly categories: readonly string[];
      readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
      /** '%', 'уроков', '' … shown on the value axis. */
      readonly unit: string;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly type: 'heatmap';
      readonly rows: readonly string[];
      readonly columns: readonly string[];
      /** values[row][column]; null: nothing to measure there. */
      readonly values: readonly (readonly (number | null)[])[];
      readonly unit: string;
      readonly min: number;
      readonly max: number;
      /** true: a high value is bad (red), e.g. % of students without marks. */
      readonly highIsBad: boolean;
    };

export interface ReportChart {
  readonly kind: 'chart';
  readonly title: string;
  readonly chart: ChartSpec;
}

/** Plain lines: the formulas and the counting rules shown next to the figures, a letter's body. */
export interface ReportText {
  readonly kind: 'text';
  readonly title?: string;
  readonly lines: readonly string[];
}

/** Signature lines at the end of a page ('Классный руководитель ________ / Иванова А. П. /'). */
export interface ReportSignatures {
  readonly kind: 'signatures';
  readonly lines: readonly string[];
}

export type ReportSection = ReportTable | ReportChart | ReportText | ReportSignatures;

/**
 * A part of a report: a report of one part is one sheet of the workbook; a report of many
 * (the parents' report: one student each; letters) starts each part on a new page of the
 * PDF and holds only that part's data on it.
 */
export interface ReportPart {
  /** The part's heading ('Иванов Пётр, 7А'); '' for a single-part report. */
  readonly title: string;
  readonly sections: readonly ReportSection[];
}

/**
 * What a report is asked for. Which of these a report takes, its declaration says
 * (db/reports/registry.ts); dates are ISO (YYYY-MM-DD).
 */
export interface ReportParams {
  readonly periodId?: string;
  readonly from?: string;
  readonly to?: string;
  /** A slice: the whole school when none of grade, classId, teacherId, subjectId is given. */
  readonly grade?: number;
  readonly classId?: string;
  readonly teacherId?: string;
  readonly subjectId?: string;
  readonly studentId?: string;
}

export interface ReportResult {
  /** The report's name in the registry ('control', 'results', …). */
  readonly name: string;
  /** Its Russian title ('Контроль ведения журнала'). */
  readonly title: string;
  /** What it covers: '7А класс · 2 четверть · 03.11.2026–05.12.2026'. */
  readonly subtitle: string;
  readonly params: ReportParams;
  /** The rules the figures follow, shown next to them (formulas, who is counted in N). */
  readonly notes: readonly string[];
  readonly parts: readonly ReportPart[];
}
