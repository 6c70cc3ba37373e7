// How numbers and people's names are written for a Russian reader, on the screen and on
// paper alike: a decimal comma (4,50, never 4.5) and «Фамилия И. О.» with exactly one full
// stop after each initial. Environment-free (the renderer, the service and print use it).

/**
 * `n` with `digits` digits after a decimal comma: formatDecimal(4.5, 2) → '4,50'.
 * With `trim`, trailing zeros (and a comma left alone) go: formatDecimal(93.30, 1, true) → '93,3',
 * formatDecimal(100, 1, true) → '100'. Rounded half away from zero on the decimal value
 * (4.125 → '4,13', where toFixed would give '4,12' for its binary value).
 */
export function formatDecimal(n: number, digits: number, trim = false): string {
  if (!Number.isFinite(n)) return '';
  const scale = 10 ** digits;
  // toPrecision(12) drops the binary noise of 4.125 * 100 = 412.49999… before rounding.
  const scaled = Number((Math.abs(n) * scale).toPrecision(12));
  const rounded = Math.round(scaled) / scale;
  let text = rounded.toFixed(digits);
  if (trim && digits > 0) text = text.replace(/\.?0+$/, '');
  const sign = n < 0 && rounded !== 0 ? '-' : '';
  return sign + text.replace('.', ',');
}

/** A mean of marks to hundredths: 4.5 → '4,50'; null (nothing to average) → ''. */
export function formatAverage(n: number | null): string {
  return n === null ? '' : formatDecimal(n, 2);
}

/** A share as a percent to tenths, without trailing zeros: 93.333… → '93,3', 100 → '100'. */
export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '—' : formatDecimal((part / whole) * 100, 1, true);
}

/** The initial of a first or middle name with its full stop: 'Ольга' → 'О.', 'О.' → 'О.', '' → ''. */
export function initial(name: string | null | undefined): string {
  const letter = (name ?? '').trim().replace(/^[.\s]+/, '').charAt(0);
  return letter ? `${letter.toLocaleUpperCase('ru')}.` : '';
}

/**
 * «Фамилия И. О.»: 'Иванова', 'Ольга', 'Петровна' → 'Иванова О. П.'. An empty first or middle
 * name is left out (no «И. .»), a name given as an initial already ('О.') keeps one full stop.
 */
export function shortName(lastName: string | null | undefined, firstName?: string | null, middleName?: string | null): string {
  return [(lastName ?? '').trim(), initial(firstName), initial(middleName)].filter((s) => s !== '').join(' ');
}

/**
 * Ends a sentence with a full stop unless it already ends with one (or with '!', '?', '…'):
 * 'учитель Иванова О. П.' stays as it is instead of getting a second full stop.
 */
export function endSentence(text: string): string {
  const t = text.trimEnd();
  return t === '' || /[.!?…]$/.test(t) ? t : `${t}.`;
}
