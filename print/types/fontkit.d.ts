// The few parts of fontkit (the font engine of pdfkit and react-pdf) used to measure text.
declare module 'fontkit' {
  interface Glyph { advanceWidth: number }
  interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    glyphForCodePoint(codePoint: number): Glyph;
  }
  export function openSync(file: string): Font;
}
