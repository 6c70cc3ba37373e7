// The page geometry of every printed document: A4, printed on both sides and bound at the
// long left edge (R-PRINT-1): the binding margin is on the left of a front side and on the
// right of its back, so both sides' text stays clear of the binding.
export const MM = 72 / 25.4;

export const A4 = { width: 595.28, height: 841.89 } as const;
export const A4_LANDSCAPE = { width: A4.height, height: A4.width } as const;

export const MARGIN = { binding: 20 * MM, outer: 10 * MM, top: 9 * MM, bottom: 8 * MM } as const;

export type Face = 'front' | 'back';

export interface Box { x: number; y: number; w: number; h: number }

/** The area inside the margins of a page side. */
export function contentBox(face: Face, page: { width: number; height: number } = A4): Box {
  const left = face === 'front' ? MARGIN.binding : MARGIN.outer;
  const right = face === 'front' ? MARGIN.outer : MARGIN.binding;
  return { x: left, y: MARGIN.top, w: page.width - left - right, h: page.height - MARGIN.top - MARGIN.bottom };
}

/** Heights of the bands every page side has. */
export const BAND = { header: 12 * MM, footer: 13 * MM, signature: 11 * MM, gap: 2 * MM } as const;

/** The body of a page side: inside the margins, between the header and the footer bands. */
export function bodyBox(face: Face, page: { width: number; height: number } = A4): Box {
  const c = contentBox(face, page);
  const top = c.y + BAND.header + BAND.gap;
  const bottom = c.y + c.h - BAND.footer - BAND.gap;
  return { x: c.x, y: top, w: c.w, h: bottom - top };
}

/** The marks grid: lesson columns a sheet holds and the sizes of its parts. */
export const GRID = {
  dateColumns: 24,
  /** Columns the period-mark column takes on the last sheet of a subject. */
  periodMarkColumns: 2,
  col: 5 * MM,
  no: 6 * MM,
  monthRow: 4.2 * MM,
  dayRow: 5 * MM,
  kindRow: 12 * MM,
  legend: 7 * MM,
  maxRow: 6 * MM,
  minRow: 3.8 * MM,
} as const;
