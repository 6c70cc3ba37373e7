// Russian cardinal numbers in words, as an archive writes a sheet count out in full
// ("48 (сорок восемь) листов", R-PRINT-4): the gender of the counted noun decides "один /
// одна / одно" and "два / две"; thousands are feminine ("одна тысяча", "две тысячи"),
// millions masculine. Environment-free.

export type Gender = 'm' | 'f' | 'n';

const UNITS_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** The form of a noun after `n`: one (1, 21, 101), few (2–4, 22–24), many (0, 5–20, 25–30, 111–114). */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const d = Math.abs(n) % 10;
  const dd = Math.abs(n) % 100;
  if (dd >= 11 && dd <= 14) return many;
  if (d === 1) return one;
  if (d >= 2 && d <= 4) return few;
  return many;
}

function unit(d: number, gender: Gender): string {
  if (d === 1) return gender === 'f' ? 'одна' : gender === 'n' ? 'одно' : 'один';
  if (d === 2) return gender === 'f' ? 'две' : 'два';
  return UNITS_M[d]!;
}

/** 0 < n < 1000 in words. */
function triad(n: number, gender: Gender): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else words.push(TENS[Math.floor(rest / 10)]!, rest % 10 ? unit(rest % 10, gender) : '');
  return words.filter((w) => w !== '');
}

const SCALES: readonly { value: number; gender: Gender; forms: [string, string, string] }[] = [
  { value: 1_000_000_000, gender: 'm', forms: ['миллиард', 'миллиарда', 'миллиардов'] },
  { value: 1_000_000, gender: 'm', forms: ['миллион', 'миллиона', 'миллионов'] },
  { value: 1_000, gender: 'f', forms: ['тысяча', 'тысячи', 'тысяч'] },
];

/** A whole number 0 ≤ n < 10¹² in Russian words: numberWords(48) = 'сорок восемь', numberWords(2, 'f') = 'две'. */
export function numberWords(n: number, gender: Gender = 'm'): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`numberWords: a whole number from 0 to 10^12 expected, got ${n}`);
  if (n === 0) return 'ноль';
  const words: string[] = [];
  let rest = n;
  for (const s of SCALES) {
    const k = Math.floor(rest / s.value);
    rest %= s.value;
    if (k > 0) words.push(...triad(k, s.gender), pluralRu(k, ...s.forms));
  }
  if (rest > 0) words.push(...triad(rest, gender));
  return words.join(' ');
}

/** '48 (сорок восемь) листов', '21 (двадцать один) лист', '22 (двадцать два) листа'. */
export function sheetsInWords(n: number): string {
  return `${n} (${numberWords(n, 'm')}) ${pluralRu(n, 'лист', 'листа', 'листов')}`;
}
