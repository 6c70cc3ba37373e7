// Issue 17, points 1 and 10, in the real renderer:
// - the grid reads keys by position: on a Russian keyboard the keys marked Н, У, Б, О set
//   that attendance and И opens the history, whether the Latin or the Russian layout is on
//   (Playwright's keyboard sends the Latin layout's key and code; the Russian layout is sent
//   through the Chrome DevTools Protocol with the same code and the Cyrillic key);
// - a journal page follows the sync: a mark and a remark made on another computer show
//   within a cycle, highlighted; a late change to the cell being typed into keeps the
//   typing and becomes the usual conflict.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type CDPSession, type Locator, type Page } from '@playwright/test';
import { openJournal } from '../../db/journal-db';
import { syncCycle } from '../../db/sync/cycle';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap } from '../../db/sync/snapshot';
import { ServiceHost } from '../../service/host';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';
import { settleOpenConflicts } from './sync-settle';

/** The keys marked Н, У, Б, О, И on a ЙЦУКЕН keyboard: position, the Russian layout's key, the Latin layout's key, Windows key code. */
const KEYS = {
  Н: { code: 'KeyY', ru: 'н', en: 'y', vk: 89 },
  У: { code: 'KeyE', ru: 'у', en: 'e', vk: 69 },
  Б: { code: 'Comma', ru: 'б', en: ',', vk: 188 },
  О: { code: 'KeyJ', ru: 'о', en: 'j', vk: 74 },
  И: { code: 'KeyB', ru: 'и', en: 'b', vk: 66 },
} as const;
type Letter = keyof typeof KEYS;

/** A key pressed with the Russian layout on: the key's position and the Cyrillic letter it sends. */
async function pressRussian(cdp: CDPSession, letter: Letter): Promise<void> {
  const k = KEYS[letter];
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', code: k.code, key: k.ru, text: k.ru, unmodifiedText: k.ru, windowsVirtualKeyCode: k.vk });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', code: k.code, key: k.ru, windowsVirtualKeyCode: k.vk });
}

/** Opens today's last lesson of the teacher; its lesson id and the cells with nothing in them yet. */
async function openLastLesson(page: Page): Promise<{ lessonId: string; empty: string[] }> {
  await expect(page.getByTestId('today-lesson').first()).toBeVisible();
  await page.getByTestId('today-lesson').last().click();
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  const lessonId = (await page.locator('th.g-lesson.selected').getAttribute('data-lesson'))!;
  const onPage = await page.locator(`td[data-testid="grid-cell"][data-lesson="${lessonId}"]:not(.out)`).evaluateAll((els) => els.map((e) => e.getAttribute('data-student')!));
  const filled = await withDb(async (k) => [
    ...(await k('mark').where({ lesson_id: lessonId }).whereNotNull('value').pluck('student_id')),
    ...(await k('attendance').where({ lesson_id: lessonId }).whereNotNull('code').pluck('student_id')),
  ] as string[]);
  return { lessonId, empty: onPage.filter((s) => !filled.includes(s)) };
}

const cellOf = (page: Page, lessonId: string, studentId: string): Locator => page.locator(`td[data-testid="grid-cell"][data-lesson="${lessonId}"][data-student="${studentId}"]`);

const codeOf = (lessonId: string, studentId: string) => withDb(async (k) => ((await k('attendance').where({ lesson_id: lessonId, student_id: studentId }).first('code')) as { code: string | null } | undefined)?.code ?? null);

test('the keys marked Н, У, Б, О and И work in the Latin and the Russian layout; the hint says exactly that (issue 17, point 1; R-REC-3)', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'teacher');
  const { lessonId, empty } = await openLastLesson(page);
  expect(empty.length, 'eight empty cells in the lesson').toBeGreaterThanOrEqual(8);
  const cdp = await page.context().newCDPSession(page);
  const letters: Letter[] = ['Н', 'У', 'Б', 'О'];

  const hint = page.getByTestId('grid-keys');
  await expect(hint).toContainText('Н, У, Б, О — посещаемость');
  await expect(hint).toContainText('И — история клетки');
  await expect(hint).toContainText('в любой раскладке');
  await expect(hint).not.toContainText('H, Y, B, O');
  await hint.scrollIntoViewIfNeeded();
  await hint.screenshot({ path: `${SHOTS}grid-keys-hint.png` });

  // The Latin layout on: "y", "e", ",", "j" from the keys marked Н, У, Б, О.
  for (const [i, letter] of letters.entries()) {
    const cell = cellOf(page, lessonId, empty[i]!);
    await cell.click();
    await page.keyboard.press(KEYS[letter].en);
    await expect(cell).toHaveText(letter);
  }
  // The Russian layout on: the same keys send «н», «у», «б», «о».
  for (const [i, letter] of letters.entries()) {
    const cell = cellOf(page, lessonId, empty[4 + i]!);
    await cell.click();
    await pressRussian(cdp, letter);
    await expect(cell).toHaveText(letter);
  }
  for (const [i, letter] of [...letters, ...letters].entries()) {
    await expect.poll(() => codeOf(lessonId, empty[i]!)).toBe(letter);
  }
  await expect(page.getByTestId('edit-error')).toHaveCount(0);

  // И: the history, in either layout.
  await cellOf(page, lessonId, empty[0]!).click();
  await page.keyboard.press(KEYS.И.en);
  await expect(page.getByTestId('cell-history')).toBeVisible();
  await expect(page.getByTestId('history-entry').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}grid-keys-both-layouts.png` });
  await page.getByRole('button', { name: 'Закрыть историю' }).click();
  await expect(page.getByTestId('cell-history')).toHaveCount(0);
  await cellOf(page, lessonId, empty[4]!).click();
  await pressRussian(cdp, 'И');
  await expect(page.getByTestId('cell-history')).toBeVisible();
  await expect(cellOf(page, lessonId, empty[4]!)).toHaveText('Н', { timeout: 1000 }); // И set no attendance

  // Cleared again (Delete), so that later tests find the lesson as it was.
  for (const s of empty.slice(0, 8)) {
    await cellOf(page, lessonId, s).click();
    await page.keyboard.press('Delete');
    await expect(cellOf(page, lessonId, s)).toHaveText('');
  }
  for (const s of empty.slice(0, 8)) await expect.poll(() => codeOf(lessonId, s)).toBe(null);
  expect(errors).toEqual([]);
});

test('a journal page follows the sync: changes from another computer show within a cycle, highlighted; the cell being typed into keeps its typing (issue 17, point 10)', async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-follow-'));
  const share = path.join(dir, 'share');
  fs.mkdirSync(share);

  const teacher = await browser.newPage();
  const errors = watchConsole(teacher);
  await signIn(teacher, 'teacher');
  const { lessonId, empty } = await openLastLesson(teacher);
  expect(empty.length).toBeGreaterThanOrEqual(3);
  const [far, typed] = [empty[0]!, empty[1]!];
  const assignmentId = (await withDb((k) => k('lesson').where({ id: lessonId }).first('assignment_id')) as { assignment_id: string }).assignment_id;

  // The administrator turns the sync on here; this computer's cycles run from that tab.
  const admin = await browser.newPage();
  await signIn(admin, 'admin');
  await admin.getByTestId('nav-sync').click();
  await admin.getByTestId('sync-share').fill(share);
  await admin.getByTestId('sync-save').click();
  await expect(admin.getByTestId('sync-message')).toContainText('Сетевая папка сохранена');
  const cycleHere = async () => {
    await admin.getByTestId('sync-now').click();
    await expect(admin.getByTestId('sync-message')).toContainText('Синхронизировано');
  };
  await cycleHere();

  const second = path.join(dir, 'second.sqlite');
  await bootstrap(new NodeShareFs(), share, second);
  const db2 = await openJournal(second);
  try {
    const host2 = new ServiceHost(db2, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined });
    const call2 = async (caller: string, method: string, args: unknown) => {
      const r = await host2.call(caller, method, args);
      expect(r.ok, `${method}: ${JSON.stringify(r)}`).toBe(true);
    };
    await call2('pc2-teacher', 'auth.login', { login: 'teacher', password: 'demo' });
    await call2('pc2-deputy', 'auth.login', { login: 'deputy', password: 'demo' });

    // On the other computer: a mark in a cell no one touches here, and a deputy's remark on the page.
    await call2('pc2-teacher', 'journal.setMark', { lessonId, studentId: far, value: '5' });
    await call2('pc2-deputy', 'remark.create', { assignmentId, text: 'Заполните домашнее задание за последнюю неделю' });
    expect((await syncCycle(db2, { share })).ok).toBe(true);
    await cycleHere();

    // The open page shows both, without being opened again; the cell is highlighted.
    const farCell = cellOf(teacher, lessonId, far);
    await expect(farCell).toHaveText('5', { timeout: 8000 });
    await expect(farCell).toHaveClass(/sync-changed/);
    const remark = teacher.getByTestId('remark-item').filter({ hasText: 'Заполните домашнее задание за последнюю неделю' });
    await expect(remark).toBeVisible({ timeout: 8000 });
    await expect(remark).toHaveClass(/sync-changed/);
    await teacher.screenshot({ path: `${SHOTS}page-follows-sync.png` });
    await expect(farCell).not.toHaveClass(/sync-changed/, { timeout: 5000 }); // only for a moment

    // The teacher types 3 here; the other computer, not having seen it, puts 4 in the same cell.
    const typedCell = cellOf(teacher, lessonId, typed);
    await typedCell.click();
    await teacher.keyboard.press('3');
    await expect.poll(() => withDb((k) => k('mark').where({ lesson_id: lessonId, student_id: typed, slot: 1 }).first('value'))).toEqual({ value: '3' });
    await call2('pc2-teacher', 'journal.setMark', { lessonId, studentId: typed, value: '4' });
    expect((await syncCycle(db2, { share })).ok).toBe(true);
    await cycleHere();

    // The late change does not overwrite the typing: the cell keeps 3 and says why.
    await expect(teacher.getByTestId('edit-error-message')).toContainText('изменили на другом компьютере', { timeout: 8000 });
    await expect(teacher.getByTestId('edit-error-message')).toContainText('«4»');
    await expect(typedCell).toHaveText('3');
    await expect(typedCell).toHaveClass(/sync-held/);
    // Typing goes on in the same cell: a second digit is the second mark, as always.
    await teacher.keyboard.press('5');
    await expect(typedCell.locator('.mark')).toHaveText(['3', '5']);
    await expect.poll(() => withDb((k) => k('mark').where({ lesson_id: lessonId, student_id: typed, slot: 2 }).first('value'))).toEqual({ value: '5' });
    await expect(teacher.getByTestId('edit-error-message')).toContainText('изменили на другом компьютере'); // still said
    // It is the usual conflict, with both values.
    const conflict = await withDb(async (k) => {
      const row = await k('mark').where({ lesson_id: lessonId, student_id: typed, slot: 1 }).first('id') as { id: string };
      return k('sync_conflict').where({ status: 'open', table_name: 'mark', row_id: row.id, field: 'value' }).first('hlcs') as Promise<{ hlcs: string } | undefined>;
    });
    expect(conflict, 'an open conflict for the cell').toBeTruthy();
    expect((JSON.parse(conflict!.hlcs) as string[]).length).toBe(2);
    await teacher.screenshot({ path: `${SHOTS}page-follows-sync-typing-kept.png` });

    // Leaving the cell, the page shows the journal as it is (the newest value until someone keeps one).
    await teacher.keyboard.press('Enter');
    await expect(typedCell.locator('.mark')).toHaveText(['4', '5'], { timeout: 8000 });
    await expect(typedCell).not.toHaveClass(/sync-held/);
  } finally {
    await db2.close();
    // The rest of the e2e run works without sync, and without this test's conflicts.
    await settleOpenConflicts(teacher);
    await withDb((k) => k('local_state').where({ key: 'sync.share' }).update({ value: '' }));
  }
  expect(errors).toEqual([]);
});
