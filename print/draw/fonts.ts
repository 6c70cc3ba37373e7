// PT Sans (ParaType, made for Russian official documents; SIL OFL) from the npm package
// @expo-google-fonts/pt-sans: regular and bold TTF, embedded (subset) in every PDF.
import { createRequire } from 'node:module';

// In the CommonJS bundle of the CLI `require` exists; under tsx (ESM) it is made here.
const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

export const FONT_REGULAR = req.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf');
export const FONT_BOLD = req.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf');

/** The family name under which the PDF knows PT Sans for the text of SVG pictures (a report's charts). */
export const SVG_FONT_FAMILY = 'PT Sans';
