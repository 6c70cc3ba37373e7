// The drawing surface every printed page is painted on: the subset of pdfkit's API that
// react-pdf's <Canvas paint={…}> hands to its callback. The same paint functions therefore
// draw inside a react-pdf document and, in the benchmark, on a bare pdfkit document.
export interface TextOptions {
  lineBreak?: boolean;
}

export interface Painter {
  /** A font FILE path (react-pdf's painter does not know registered family names). */
  font(src: string): Painter;
  fontSize(size: number): Painter;
  fillColor(color: string): Painter;
  strokeColor(color: string): Painter;
  lineWidth(width: number): Painter;
  text(text: string, x: number, y: number, options?: TextOptions): Painter;
  rect(x: number, y: number, w: number, h: number): Painter;
  circle(x: number, y: number, r: number): Painter;
  moveTo(x: number, y: number): Painter;
  lineTo(x: number, y: number): Painter;
  stroke(color?: string): Painter;
  fill(color?: string): Painter;
  save(): Painter;
  restore(): Painter;
  translate(x: number, y: number): Painter;
  rotate(angle: number, options?: { origin?: [number, number] }): Painter;
  dash(length: number, options?: { space?: number }): Painter;
}

/** Paints one page side; width and height are the page's, in points. */
export type PagePaint = (p: Painter, width: number, height: number) => void;
