// Sync through the share in the real renderer (issue 4): the administrator sets the
// share folder and syncs; a second computer (a database started from the share's
// snapshot, in this test process) and the browser's computer change the same mark
// without seeing each other; the teacher sees the conflict with both values and keeps
// one; the second computer settles it too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openJournal } from '../../db/journal-db';
import { syncCycle } from '../../db/sync/cycle';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap } from '../../db/sync/snapshot';
import { ServiceHost } from '../../service/host';
import { signIn, SHOTS, watchConsole, withDb } from './helpers';
import { settleOpenConflicts } from './sync-settle';

test('sync: the administrator turns it on; a conflict between two computers is resolved by the teacher', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-sync-'));
  const share = path.join(dir, 'share');
  fs.mkdirSync(share);

  // The teacher opens today's lesson on this computer (the browser's).
  const teacher = await browser.newPage();
  const errors = watchConsole(teacher);
  await signIn(teacher, 'teacher');
  // The run's database is shared: conflicts an earlier test left open in the teacher's
  // lessons would keep the indicator at «внимание» and show beside this test's own.
  await settleOpenConflicts(teacher);
  // Today's lesson with a cell that has neither a mark nor an absence yet (other tests fill
  // whole columns of some lessons).
  let lessonId = '';
  let studentId: string | undefined;
  await expect(teacher.getByTestId('today-lesson').first()).toBeVisible();
  const todays = await teacher.getByTestId('today-lesson').count();
  for (let i = 0; i < todays && !studentId; i++) {
    await teacher.getByTestId('nav-today').click();
    await teacher.getByTestId('today-lesson').nth(i).click();
    await expect(teacher.getByTestId('lesson-panel')).toBeVisible();
    lessonId = (await teacher.locator('th.g-lesson.selected').getAttribute('data-lesson'))!;
    const onPage = await teacher.locator(`td[data-testid="grid-cell"][data-lesson="${lessonId}"]:not(.out)`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-student')!));
    const filled = await withDb(async (k) => [
      ...(await k('mark').where({ lesson_id: lessonId }).whereNotNull('value').pluck('student_id')),
      ...(await k('attendance').where({ lesson_id: lessonId }).whereNotNull('code').pluck('student_id')),
    ] as string[]);
    studentId = onPage.find((s) => !filled.includes(s));
  }
  expect(studentId, 'an empty cell in one of today\'s lessons').toBeTruthy();
  const cell = teacher.locator(`td[data-testid="grid-cell"][data-lesson="${lessonId}"][data-student="${studentId}"]`);

  // The administrator sets the share and syncs: the journal goes out as a snapshot.
  const admin = await browser.newPage();
  await signIn(admin, 'admin');
  await admin.getByTestId('nav-sync').click();
  await admin.getByTestId('sync-share').fill(share);
  await admin.getByTestId('sync-save').click();
  await expect(admin.getByTestId('sync-message')).toContainText('Сетевая папка сохранена');
  await admin.getByTestId('sync-now').click();
  await expect(admin.getByTestId('sync-message')).toContainText('Синхронизировано');
  await expect(admin.getByTestId('sync-indicator')).toHaveAttribute('data-health', 'ok');
  await expect(admin.getByTestId('no-quarantine')).toBeVisible();
  // The school key's fingerprint, to compare on every computer (the trust anchor).
  await expect(admin.getByTestId('sync-anchor')).toHaveText(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
  await admin.screenshot({ path: `${SHOTS}sync-admin.png`, fullPage: true });

  // A second computer starts from the snapshot; the teacher, there, marks the student 5.
  const second = path.join(dir, 'second.sqlite');
  await bootstrap(new NodeShareFs(), share, second);
  const db2 = await openJournal(second);
  try {
    const host2 = new ServiceHost(db2, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined });
    expect((await host2.call('pc2', 'auth.login', { login: 'teacher', password: 'demo' })).ok).toBe(true);
    const set = await host2.call('pc2', 'journal.setMark', { lessonId, studentId: studentId!, value: '5' });
    expect(set.ok, JSON.stringify(set)).toBe(true);
    expect((await syncCycle(db2, { share })).ok).toBe(true);

    // Here, without having seen it, the teacher types 3 in the same cell.
    await cell.click();
    await teacher.keyboard.press('3');
    await expect.poll(() => withDb((k) => k('mark').where({ lesson_id: lessonId, student_id: studentId, slot: 1 }).first('value'))).toEqual({ value: '3' });

    // The teacher syncs from the indicator and sees the conflict with both values.
    await teacher.getByTestId('sync-indicator').click();
    await teacher.getByTestId('sync-now').click();
    await expect(teacher.getByTestId('sync-message')).toContainText('Синхронизировано');
    const row = teacher.locator('[data-testid="conflict-row"][data-field="value"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('5');
    await expect(row).toContainText('3');
    await teacher.screenshot({ path: `${SHOTS}sync-conflict.png`, fullPage: true });
    await row.locator('li', { has: teacher.locator('strong', { hasText: /^5$/ }) }).getByTestId('conflict-pick').click();
    await expect(teacher.getByTestId('conflict-message')).toContainText('Конфликт разрешён');
    await expect(teacher.locator('[data-testid="conflict-row"][data-field="value"]')).toHaveCount(0);
    await teacher.getByTestId('sync-now').click();
    await expect(teacher.getByTestId('sync-message')).toContainText('Синхронизировано');

    // The second computer receives the decision: the same value, the conflict settled.
    expect((await syncCycle(db2, { share })).ok).toBe(true);
    expect(await db2.knex('mark').where({ lesson_id: lessonId, student_id: studentId, slot: 1 }).first('value')).toEqual({ value: '5' });
    expect(await db2.knex('sync_conflict').where({ status: 'open', field: 'value' }).count('* as n').first()).toEqual({ n: 0 });
    expect(await withDb((k) => k('mark').where({ lesson_id: lessonId, student_id: studentId, slot: 1 }).first('value'))).toEqual({ value: '5' });
  } finally {
    await db2.close();
    // The rest of the e2e run works without sync.
    await withDb((k) => k('local_state').where({ key: 'sync.share' }).update({ value: '' }));
  }
  expect(errors).toEqual([]);
});
