// The journal grid's keys (issue 17, point 1): a key means the letter printed on it on a
// Russian ЙЦУКЕН keyboard, whichever layout is on — the grid reads KeyboardEvent.code.
// Attendance letters are R-REC-3; the class teacher's keys R-ROLE-3; grade 1 R-REC-5.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attendanceFromKey, isHistoryKey, markFromKey, type KeyPress } from '../../renderer/src/components/edit-queue';
import { keysHint } from '../../renderer/src/components/journal-grid-model';

/** The keys marked Н, У, Б, О, И: their position, and what each layout sends. */
const KEYS: readonly { letter: string; code: string; russian: string; latin: string }[] = [
  { letter: 'Н', code: 'KeyY', russian: 'н', latin: 'y' },
  { letter: 'У', code: 'KeyE', russian: 'у', latin: 'e' },
  { letter: 'Б', code: 'Comma', russian: 'б', latin: ',' },
  { letter: 'О', code: 'KeyJ', russian: 'о', latin: 'j' },
  { letter: 'И', code: 'KeyB', russian: 'и', latin: 'b' },
];

describe('journal grid keys by position (R-REC-3)', () => {
  it('each key marked Н, У, Б, О sets that attendance in the Russian and in the Latin layout', () => {
    for (const k of KEYS.filter((x) => x.letter !== 'И')) {
      for (const key of [k.russian, k.russian.toUpperCase(), k.latin, k.latin.toUpperCase()]) {
        assert.equal(attendanceFromKey({ code: k.code, key }), k.letter, `${k.code} ${key}`);
        assert.equal(isHistoryKey({ code: k.code, key }), false);
      }
    }
  });

  it('the key marked И opens the history in either layout, and sets no attendance', () => {
    for (const key of ['и', 'И', 'b', 'B']) {
      assert.equal(isHistoryKey({ code: 'KeyB', key }), true, key);
      assert.equal(attendanceFromKey({ code: 'KeyB', key }), null, key);
    }
  });

  it('the issue\'s case: the key marked Н sending "y" is Н, never У; the keys of H, O, I mean nothing', () => {
    assert.equal(attendanceFromKey({ code: 'KeyY', key: 'y' }), 'Н');
    // Latin letters at other positions were the old guesses: Р (H), Щ (O), Ш (I) are not journal letters.
    for (const k of [{ code: 'KeyH', key: 'h' }, { code: 'KeyO', key: 'o' }, { code: 'KeyI', key: 'i' }, { code: 'KeyH', key: 'р' }, { code: 'KeyI', key: 'ш' }]) {
      assert.equal(attendanceFromKey(k), null, k.code);
      assert.equal(isHistoryKey(k), false, k.code);
    }
  });

  it('marks 2–5 come from the digit keys and the keypad, whatever the layout makes of them', () => {
    for (const d of ['2', '3', '4', '5']) {
      assert.equal(markFromKey({ code: `Digit${d}`, key: d }), d);
      assert.equal(markFromKey({ code: `Numpad${d}`, key: d }), d);
    }
    // AZERTY sends "é" from Digit2: still the key marked 2.
    assert.equal(markFromKey({ code: 'Digit2', key: 'é' }), '2');
    for (const k of [{ code: 'Digit1', key: '1' }, { code: 'Digit6', key: '6' }, { code: 'KeyY', key: 'y' }, { code: 'Numpad0', key: '0' }]) {
      assert.equal(markFromKey(k), null, k.code);
    }
  });

  it('without a position (an on-screen keyboard) only the Russian letter or the digit itself counts', () => {
    const none = (key: string): KeyPress => ({ code: '', key });
    assert.equal(attendanceFromKey(none('н')), 'Н');
    assert.equal(attendanceFromKey(none('У')), 'У');
    assert.equal(attendanceFromKey({ code: 'Unidentified', key: 'б' }), 'Б');
    assert.equal(isHistoryKey(none('и')), true);
    assert.equal(markFromKey(none('4')), '4');
    // A Latin letter without its position could be any key: nothing.
    for (const key of ['y', 'h', 'b', 'i', 'o']) {
      assert.equal(attendanceFromKey(none(key)), null, key);
      assert.equal(isHistoryKey(none(key)), false, key);
    }
  });
});

describe('the hint under the grid says exactly what works', () => {
  it('the page\'s teacher: moves, marks, attendance, clearing, history', () => {
    const hint = keysHint('full', true);
    for (const part of ['стрелки', 'Tab', 'Enter', '2–5', 'Н, У, Б, О', 'Delete, Backspace', 'И — история', 'в любой раскладке']) assert.ok(hint.includes(part), part);
    assert.ok(!/\(или|\bi\b|[A-Z], [A-Z]/.test(hint.replace(/Tab|Enter|Home|End|Delete|Backspace/g, '')), `no Latin letters offered: ${hint}`);
  });

  it('grade 1 (R-REC-5): no marks offered', () => {
    const hint = keysHint('full', false);
    assert.ok(!hint.includes('2–5'));
    assert.ok(hint.includes('Н, У, Б, О'));
  });

  it('the class teacher (R-ROLE-3): only the reason of an absence, no marks, no clearing', () => {
    const hint = keysHint('reasons', true);
    assert.ok(hint.includes('Н, У, Б — причина отсутствия'));
    for (const part of ['2–5', 'О —', 'Delete']) assert.ok(!hint.includes(part), part);
    assert.ok(hint.includes('И — история'));
  });

  it('a reader: moving and the history only', () => {
    const hint = keysHint('none', true);
    assert.ok(hint.includes('И — история'));
    for (const part of ['2–5', 'Н, У', 'Delete']) assert.ok(!hint.includes(part), part);
  });
});
