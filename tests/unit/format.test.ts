// How the journal writes for a Russian reader (issue 17, items 9 and 18): dates typed and
// shown as dd.mm.yyyy whatever the system's locale, a decimal comma on the screen, in the
// service's messages and on paper, and «Фамилия И. О.» with exactly one full stop after
// each initial — in TypeScript and in the SQL that builds short names in the database.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import knexFactory from 'knex';
import { shortNameSql } from '../../db/queries/short-name';
import type { PrintHeading } from '../../print/data/types';
import { summaryHashes } from '../../print/compose/summary';
import { checkDateText, formatAverage, maskDateText } from '../../renderer/src/format';
import { formatRuDate, parseRuDate } from '../../shared/dates';
import { endSentence, formatDecimal, formatPercent, initial, shortName } from '../../shared/format';
import { tmpDir } from '../helpers/tmp';

describe('a decimal comma everywhere (4,50, never 4.5)', () => {
  it('writes a number with its digits after a comma', () => {
    assert.equal(formatDecimal(4.5, 2), '4,50');
    assert.equal(formatDecimal(4, 2), '4,00');
    assert.equal(formatDecimal(3.333333, 2), '3,33');
    assert.equal(formatDecimal(1.5, 1, true), '1,5');
    assert.equal(formatDecimal(1, 1, true), '1');
    assert.equal(formatDecimal(100, 1, true), '100');
    assert.equal(formatDecimal(-2.25, 1), '-2,3');
    assert.equal(formatDecimal(-0.01, 1), '0,0');
    assert.equal(formatDecimal(Number.NaN, 2), '');
  });

  it('rounds the decimal value half up, not its binary neighbour', () => {
    // 4.125 and 1.005 are stored a hair below themselves: toFixed gives 4.12 and 1.00.
    assert.equal(formatDecimal(4.125, 2), '4,13');
    assert.equal(formatDecimal(1.005, 2), '1,01');
    assert.equal(formatDecimal(4.675, 2), '4,68');
  });

  it('writes an average to hundredths and a share to tenths of a percent', () => {
    assert.equal(formatAverage(4.5), '4,50');
    assert.equal(formatAverage(null), '');
    assert.equal(formatPercent(2, 3), '66,7');
    assert.equal(formatPercent(14, 15), '93,3');
    assert.equal(formatPercent(3, 3), '100');
    assert.equal(formatPercent(0, 0), '—');
  });

  it('a marks summary on paper writes its percentages with a comma', () => {
    const heading = { className: '7Б', period: { name: '1 четверть' } } as unknown as PrintHeading;
    const students = ['a', 'b', 'c'].map((id, i) => ({ id, name: `Ученик ${i + 1}`, from: '2026-09-01', to: null }));
    const { layout } = summaryHashes({
      kind: 'marks', heading, students,
      subjects: [{ id: 'm', name: 'Математика', shortName: 'Мат.', graded: true }],
      marks: [{ studentId: 'a', subjectId: 'm', value: '5' }, { studentId: 'b', subjectId: 'm', value: '4' }, { studentId: 'c', subjectId: 'm', value: '2' }],
    });
    const row = (label: string) => layout.foot.find((r) => r.cells[1] === label)?.cells;
    assert.deepEqual(row('Успеваемость, %'), ['', 'Успеваемость, %', '66,7', '']);
    assert.deepEqual(row('Качество, %'), ['', 'Качество, %', '66,7', '']);
    assert.ok(layout.results.some((l) => l.includes('Успеваемость класса — 66,7 %, качество знаний — 66,7 %.')), layout.results.join('\n'));
    const everything = [...layout.body, ...layout.foot].flatMap((r) => r.cells).join(' ') + layout.results.join(' ');
    assert.doesNotMatch(everything, /\d\.\d/);
  });
});

describe('«Фамилия И. О.»: one full stop after each initial', () => {
  it('makes the initials of a first and a middle name', () => {
    assert.equal(shortName('Иванова', 'Ольга', 'Петровна'), 'Иванова О. П.');
    assert.equal(initial('ольга'), 'О.');
    assert.equal(initial('  Ёлкин'), 'Ё.');
  });

  it('leaves out an empty first or middle name instead of writing «И. .»', () => {
    assert.equal(shortName('Смит', 'Джон', ''), 'Смит Д.');
    assert.equal(shortName('Смит', 'Джон', null), 'Смит Д.');
    assert.equal(shortName('Смит', '', 'Петрович'), 'Смит П.');
    assert.equal(shortName('Смит', '', ''), 'Смит');
    assert.equal(shortName('  Смит ', ' ', undefined), 'Смит');
  });

  it('keeps one full stop where a name is already given as an initial', () => {
    assert.equal(shortName('Иванова', 'О.', 'П.'), 'Иванова О. П.');
    assert.equal(shortName('Иванова', '.О', 'П..'), 'Иванова О. П.');
    assert.doesNotMatch(shortName('Иванова', 'О.', 'П.'), /\.\./);
  });

  it('ends a sentence that ends with initials without a second full stop', () => {
    assert.equal(endSentence('учитель Иванова О. П.'), 'учитель Иванова О. П.');
    assert.equal(endSentence('учитель Смит'), 'учитель Смит.');
    assert.equal(endSentence('Готово!'), 'Готово!');
    assert.equal(endSentence(''), '');
  });

  it('the database builds the same short names (SQL used by the lists, logs and books)', async () => {
    const knex = knexFactory({ client: 'sqlite3', connection: { filename: path.join(tmpDir(), 'names.sqlite') }, useNullAsDefault: true });
    try {
      await knex.schema.createTable('staff', (t) => {
        t.integer('n');
        t.text('last_name');
        t.text('first_name');
        t.text('middle_name');
      });
      const people: [string | null, string | null, string | null][] = [
        ['Иванова', 'Ольга', 'Петровна'], ['Смит', 'Джон', ''], ['Смит', 'Джон', null], ['Смит', '', 'Петрович'],
        ['Смит', '', ''], ['Иванова', 'О.', 'П.'], [' Иванова ', ' Ольга', 'Петровна '],
      ];
      await knex('staff').insert(people.map(([l, f, m], n) => ({ n, last_name: l, first_name: f, middle_name: m })));
      const rows: { n: number; name: string }[] = await knex('staff as s').orderBy('n').select('n', knex.raw(`${shortNameSql('s')} as name`));
      assert.deepEqual(rows.map((r) => r.name), people.map(([l, f, m]) => shortName(l, f, m)));
      assert.deepEqual(rows.map((r) => r.name), ['Иванова О. П.', 'Смит Д.', 'Смит Д.', 'Смит П.', 'Смит', 'Иванова О. П.', 'Иванова О. П.']);
      // A row that is not there (a LEFT JOIN) stays NULL rather than «.».
      const absent = await knex.raw(`SELECT ${shortNameSql('x')} AS name FROM (SELECT NULL AS last_name, NULL AS first_name, NULL AS middle_name) x`);
      assert.equal((absent as { name: string | null }[])[0]!.name, null);
    } finally {
      await knex.destroy();
    }
  });
});

describe('dates as dd.mm.yyyy whatever the system locale', () => {
  it('reads a typed date to ISO and writes ISO back as dd.mm.yyyy', () => {
    assert.equal(parseRuDate('23.11.2026'), '2026-11-23');
    assert.equal(parseRuDate('3.9.2026'), '2026-09-03');
    assert.equal(parseRuDate('23/11/2026'), '2026-11-23');
    assert.equal(parseRuDate(' 2026-11-23 '), '2026-11-23');
    assert.equal(parseRuDate('31.02.2026'), null);
    assert.equal(parseRuDate('29.02.2028'), '2028-02-29');
    assert.equal(parseRuDate('23.11.26'), null);
    assert.equal(parseRuDate('11/23/2026'), null); // month 23: the US order is not guessed
    assert.equal(parseRuDate(''), null);
    assert.equal(formatRuDate('2026-11-23'), '23.11.2026');
  });

  it('masks the text of a date field as it is typed', () => {
    const typed = (keys: string) => [...keys].reduce((text, key) => maskDateText(text + key), '');
    assert.equal(typed('23112026'), '23.11.2026');
    assert.equal(typed('231120269'), '23.11.2026');
    assert.equal(typed('1.9.2026'), '1.9.2026');
    assert.equal(typed('23..11'), '23.11');
    assert.equal(typed('23/11/2026'), '23.11.2026');
    assert.equal(typed('2z3x'), '23');
    assert.equal(maskDateText('2026-11-23'), '23.11.2026'); // an ISO date pasted in
    assert.equal(maskDateText('23.11.'), '23.11.'); // erasing back keeps what is there
    assert.equal(maskDateText(''), '');
  });

  it('explains in Russian why a text is not a date', () => {
    assert.deepEqual(checkDateText('23.11.2026'), { iso: '2026-11-23', error: null });
    assert.deepEqual(checkDateText(''), { iso: null, error: null });
    assert.match(checkDateText('23.11')!.error!, /дд\.мм\.гггг/);
    assert.equal(checkDateText('31.02.2026').error, 'Такой даты нет: 31.02.2026.');
    assert.equal(checkDateText('24.11.2026', { max: '2026-11-23' }).error, 'Дата не позже 23.11.2026.');
    assert.equal(checkDateText('06.12.2026', { min: '2026-12-07' }).error, 'Дата не раньше 07.12.2026.');
    assert.equal(checkDateText('07.12.2026', { min: '2026-12-07', max: '2026-12-07' }).iso, '2026-12-07');
  });
});
