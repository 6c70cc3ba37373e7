// The sheet count of a bound folder is written in figures and in words (R-PRINT-4):
// "Пронумеровано, прошнуровано и скреплено печатью 48 (сорок восемь) листов".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numberWords, pluralRu, sheetsInWords } from '../../shared/number-words';

describe('Russian number words (R-PRINT-4 sheet counts)', () => {
  it('writes the numbers an archive meets, with the gender of the counted noun', () => {
    const cases: [number, string][] = [
      [0, 'ноль'], [1, 'один'], [2, 'два'], [5, 'пять'], [10, 'десять'], [11, 'одиннадцать'], [14, 'четырнадцать'],
      [20, 'двадцать'], [21, 'двадцать один'], [22, 'двадцать два'], [48, 'сорок восемь'], [90, 'девяносто'],
      [100, 'сто'], [101, 'сто один'], [111, 'сто одиннадцать'], [212, 'двести двенадцать'], [999, 'девятьсот девяносто девять'],
      [1000, 'одна тысяча'], [1001, 'одна тысяча один'], [2000, 'две тысячи'], [2022, 'две тысячи двадцать два'],
      [5000, 'пять тысяч'], [11000, 'одиннадцать тысяч'], [21000, 'двадцать одна тысяча'], [1_000_000, 'один миллион'],
      [2_500_001, 'два миллиона пятьсот тысяч один'],
    ];
    for (const [n, words] of cases) assert.equal(numberWords(n), words, String(n));
    assert.equal(numberWords(1, 'f'), 'одна');
    assert.equal(numberWords(22, 'f'), 'двадцать две');
    assert.equal(numberWords(1, 'n'), 'одно');
    assert.equal(numberWords(2, 'n'), 'два');
  });

  it('chooses лист / листа / листов by the number', () => {
    assert.equal(sheetsInWords(1), '1 (один) лист');
    assert.equal(sheetsInWords(2), '2 (два) листа');
    assert.equal(sheetsInWords(5), '5 (пять) листов');
    assert.equal(sheetsInWords(11), '11 (одиннадцать) листов');
    assert.equal(sheetsInWords(21), '21 (двадцать один) лист');
    assert.equal(sheetsInWords(22), '22 (двадцать два) листа');
    assert.equal(sheetsInWords(48), '48 (сорок восемь) листов');
    assert.equal(sheetsInWords(101), '101 (сто один) лист');
    assert.equal(sheetsInWords(112), '112 (сто двенадцать) листов');
    assert.equal(sheetsInWords(1000), '1000 (одна тысяча) листов');
    assert.equal(pluralRu(1004, 'год', 'года', 'лет'), 'года');
    assert.equal(pluralRu(25, 'год', 'года', 'лет'), 'лет');
  });

  it('refuses what is not a whole number in range', () => {
    for (const bad of [-1, 1.5, Number.NaN, 1e12]) assert.throws(() => numberWords(bad), RangeError);
  });
});
