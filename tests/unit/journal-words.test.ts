// The change history reads in Russian words: every table and field of the journal has a
// name, so a migration that adds a field fails here until the field is named; and the
// secret fields are declared once, each with the words shown in place of its value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOURNAL_FIELDS } from '../../db/schema';
import { fieldWords, JOURNAL_WORDS, SECRET_FIELDS, secretChangeWords, tableWords, YES_NO_FIELDS } from '../../shared/journal-words';

const CYRILLIC = /^[^a-z]*[А-ЯЁ][^a-z]*$/;
const fieldsOf = (table: string): readonly string[] => (JOURNAL_FIELDS as Record<string, readonly string[]>)[table] ?? [];

describe('the journal in Russian words', () => {
  it('names every table and every field of JOURNAL_FIELDS', () => {
    const missing: string[] = [];
    for (const [table, fields] of Object.entries(JOURNAL_FIELDS)) {
      const words = JOURNAL_WORDS[table];
      if (!words) {
        missing.push(table);
        continue;
      }
      assert.match(words.name, CYRILLIC, `${table}: a Russian name`);
      for (const field of fields) {
        const name = words.fields[field];
        if (name === undefined) missing.push(`${table}.${field}`);
        else assert.match(name, CYRILLIC, `${table}.${field}: a Russian name`);
      }
    }
    assert.deepEqual(missing, [], 'tables and fields without a Russian name (shared/journal-words.ts)');
  });

  it('says «да»/«нет» only for fields of the journal', () => {
    for (const [table, fields] of Object.entries(YES_NO_FIELDS)) for (const f of fields) assert.ok(fieldsOf(table).includes(f), `${table}.${f}`);
  });

  it('reads as the examples of the issue', () => {
    assert.equal(fieldWords('mark', 'value'), 'Отметка');
    assert.equal(fieldWords('lesson', 'topic'), 'Тема урока');
    assert.equal(fieldWords('attendance', 'code'), 'Посещаемость');
    assert.equal(tableWords('period_mark'), 'Отметка за период');
    assert.equal(fieldWords('lesson', 'no_such_field'), 'Другие данные');
    assert.equal(tableWords('no_such_table'), 'Запись журнала');
  });
});

describe('secret fields', () => {
  it('each have words of their own', () => {
    for (const [table, fields] of Object.entries(SECRET_FIELDS)) {
      for (const f of fields) {
        for (const [had, has] of [[false, true], [true, true], [true, false]] as const) {
          assert.doesNotMatch(secretChangeWords(table, f, had, has), /секретные данные/, `${table}.${f}: words of its own`);
        }
      }
    }
    assert.equal(secretChangeWords('staff', 'password_hash', true, true), 'пароль изменён');
    assert.equal(secretChangeWords('staff', 'activation_hash', false, true), 'код активации выдан');
    assert.equal(secretChangeWords('staff', 'activation_hash', true, false), 'код активации использован');
    assert.equal(secretChangeWords('staff', 'private_key_enc', true, true), 'ключ подписи обновлён');
  });

  it('include every field that looks like a credential (content checksums aside)', () => {
    const checksums = new Set(['print_register.data_hash', 'print_register.part_hashes', 'print_register.sheet_hashes', 'print_register.file_sha256', 'backup_log.sha256']);
    for (const [table, fields] of Object.entries(JOURNAL_FIELDS)) {
      for (const f of fields) {
        if (!/hash|key|secret|password|token|sha/i.test(f) || checksums.has(`${table}.${f}`)) continue;
        assert.ok(SECRET_FIELDS[table]?.includes(f), `${table}.${f} looks like a secret: declare it in SECRET_FIELDS or among the checksums here`);
      }
    }
  });
});
