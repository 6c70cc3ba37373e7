// The administrator's guide (docs/admin-guide.md, issue 15 item 5): it exists, has each
// section the issue asks for, its pictures are there, it cites no rule ids (the
// administrator reads it), and every `journal …` command it quotes is one the command line
// knows — the command (and its subcommand) in the CLI's usage, each option among that
// command's options — so the guide cannot drift from the code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { USAGE } from '../../cli/main';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GUIDE = path.join(ROOT, 'docs', 'admin-guide.md');
const text = fs.existsSync(GUIDE) ? fs.readFileSync(GUIDE, 'utf8') : '';

/** The guide's headings, lower-cased. */
const headings = text.split('\n').filter((l) => /^#{1,4} /.test(l)).map((l) => l.replace(/^#+ /, '').toLowerCase());

/** The usage lines of the CLI: `journal <command> …`. */
const usage = USAGE.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('journal '));

/** Every quoted command: in code blocks and in `inline code`, from `journal` (or journal.cmd) to the end of the line or span. */
function quotedCommands(md: string): string[] {
  const code: string[] = [];
  for (const m of md.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) code.push(...m[1]!.split('\n'));
  for (const m of md.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)) code.push(m[1]!);
  const out: string[] = [];
  for (const line of code) {
    // The journal command: bare, or the installed journal.cmd in quotes (also escaped, as inside schtasks /TR).
    for (const m of line.matchAll(/(?:^|[\s"\\])journal(?:\.cmd)?\\?"?\s+([^"\\]*(?:\\(?!")[^"\\]*)*)/g)) {
      const rest = m[1]!.replace(/\\"/g, '"').trim();
      if (/^[a-z][a-z-]*/.test(rest)) out.push(`journal ${rest}`);
    }
  }
  return out;
}

describe('the administrator\'s guide (docs/admin-guide.md)', () => {
  it('exists, in Russian', () => {
    assert.ok(fs.existsSync(GUIDE), 'docs/admin-guide.md');
    assert.ok(/[а-яё]{4}/i.test(text) && (text.match(/[а-яё]/gi)?.length ?? 0) > 3000, 'written in Russian');
  });

  const sections: [string, RegExp][] = [
    ['the share\'s folder and its permissions', /сетевая папка и права/],
    ['installing the first computer', /первый компьютер/],
    ['adding another computer', /ещё один компьютер|подключение к журналу/],
    ['the backup routine', /резервные копии/],
    ['the term-end backup', /конце (каждой )?четверти/],
    ['the year-end backup on two media', /конце учебного года.*двух носителях|двух носителях.*30 июня/],
    ['the scheduled checks of the copies', /проверка копий по расписанию/],
    ['the Task Scheduler', /планировщик/],
    ['restoring a backup', /восстановление/],
    ['a computer offline for a month', /без сети/],
    ['a computer replaced', /заменили|замена компьютера/],
    ['a lost password', /забыл пароль|потерян пароль/],
    ['updating the app', /обновление программы/],
    ['reading the sync screen', /экран «синхронизация»/],
  ];
  for (const [what, re] of sections) {
    it(`has a section on ${what}`, () => {
      assert.ok(headings.some((h) => re.test(h)), `a heading matching ${re} (headings: ${headings.join(' | ')})`);
    });
  }

  it('gives numbered steps', () => {
    assert.ok((text.match(/^\s*\d+\. /gm) ?? []).length >= 30, 'numbered steps');
  });

  it('says what each role needs on the share, the update folder read-only, the database never on the share', () => {
    assert.match(text, /чтение и запись/);
    assert.match(text, /updates[\s\S]{0,400}только\s+\*{0,2}чтение/);
    assert.match(text, /Не кладите базу данных журнала/);
  });

  it('gives the exact Task Scheduler command lines (schtasks) for the backup check and a backup', () => {
    const lines = text.split('\n').filter((l) => l.startsWith('schtasks /Create'));
    assert.ok(lines.some((l) => /backup check --db/.test(l)), 'the daily check');
    assert.ok(lines.some((l) => /backup --db .* --to /.test(l)), 'a backup');
    for (const l of lines) assert.match(l, /\/TR "\\"C:\\Program Files\\Классный журнал\\journal\.cmd\\" /, 'the journal command installed beside the app');
  });

  it('explains «обновите программу» for mixed versions, and the update folder', () => {
    assert.match(text, /обновите программу/i);
    assert.match(text, /latest\.yml/);
    assert.match(text, /\.blockmap/);
    assert.match(text, /SHA-512/);
  });

  it('quotes only commands the command line has, with options it knows', () => {
    const quoted = quotedCommands(text);
    assert.ok(quoted.length >= 8, `commands quoted: ${quoted.join(' | ')}`);
    for (const q of quoted) {
      const words = q.split(/\s+/);
      const command = words[1]!;
      const lines = usage.filter((u) => u.split(/\s+/)[1] === command);
      assert.ok(lines.length > 0, `«${q}»: no command ${command} in the CLI (journal help)`);
      // A subcommand (a bare word after the command, as in `journal backup check`) must be one the usage gives.
      const sub = words[2];
      const subs = new Set(lines.map((u) => u.split(/\s+/)[2]).filter((w): w is string => !!w && /^[a-z][a-z-]*$/.test(w)));
      const matching = sub && subs.has(sub) ? lines.filter((u) => u.split(/\s+/)[2] === sub) : lines.filter((u) => !subs.has(u.split(/\s+/)[2] ?? ''));
      if (sub && /^[a-z][a-z-]*$/.test(sub) && subs.size > 0) assert.ok(subs.has(sub), `«${q}»: ${command} has no subcommand ${sub} (${[...subs].join(', ')})`);
      for (const opt of q.match(/--[a-z][a-z-]*/g) ?? []) {
        assert.ok(matching.some((u) => u.includes(opt)), `«${q}»: ${opt} is not an option of journal ${command}${sub && subs.has(sub) ? ` ${sub}` : ''}`);
      }
    }
  });

  it('the check itself catches a command the CLI does not have', () => {
    const bad = quotedCommands('```\njournal backup verify-all --db БАЗА\n```\n');
    assert.deepEqual(bad, ['journal backup verify-all --db БАЗА']);
    const words = bad[0]!.split(/\s+/);
    const subs = usage.filter((u) => u.split(/\s+/)[1] === words[1]).map((u) => u.split(/\s+/)[2]);
    assert.ok(!subs.includes(words[2]), 'verify-all is not a subcommand of backup');
    assert.deepEqual(quotedCommands('`"C:\\Program Files\\Классный журнал\\journal.cmd" backup check --db X`'), ['journal backup check --db X']);
  });

  it('shows only pictures that are there, and cites no rule ids', () => {
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 5, 'screenshots where they help');
    for (const img of images) assert.ok(fs.existsSync(path.join(ROOT, 'docs', img)), `docs/${img}`);
    assert.doesNotMatch(text, /R-[A-Z]+-\d/, 'no rule ids in what the administrator reads');
  });
});
