// A fresh install's first start (issue 13): the journal is empty, and the window offers
// three choices — open the demo school (marked as a demo everywhere), create our school
// (its first administrator, whose key becomes the school's trust anchor), or join our
// school's share from its newest snapshot, as `journal sync --join` does. Each is allowed
// only while no school exists: afterwards every one is refused, so no caller can replace a
// school's journal through them.
import fs from 'node:fs';
import { z } from 'zod';
import { createDemoFile } from '../../db/demo-file';
import { demoStartYear } from '../../db/demo/today';
import { demoClassCopyFacts } from '../../print/demo-copies';
import { toIsoDate } from '../../shared/dates';
import { openJournal } from '../../db/journal-db';
import { setLocal } from '../../db/local-state';
import { createSchool as createSchoolRows } from '../../db/setup/create-school';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, SnapshotError } from '../../db/sync/snapshot';
import { anchorMatches, trustAnchor } from '../../db/sync/trust';
import { assertAcceptablePassword } from '../auth/password-policy';
import { defineMethod, type CallContext } from '../define';
import { ServiceError } from '../errors';
import { loginArg, optionalName, personName, schoolNameArgs } from '../people/names';

async function assertNoSchool(ctx: CallContext): Promise<void> {
  if (await ctx.db.knex('school').first('id')) throw new ServiceError('CONFLICT', 'Школа в этом журнале уже есть: первый запуск уже пройден.');
}

/** The empty journal's files, moved aside while another takes their place (and back if that fails). */
const DB_FILES = ['', '-wal', '-shm'];
function moveAside(file: string): string {
  const aside = `${file}.empty-${Date.now()}`;
  for (const s of DB_FILES) if (fs.existsSync(file + s)) fs.renameSync(file + s, aside + s);
  return aside;
}
function putBack(aside: string, file: string): void {
  for (const s of DB_FILES) {
    fs.rmSync(file + s, { force: true });
    if (fs.existsSync(aside + s)) fs.renameSync(aside + s, file + s);
  }
}
const dropAside = (aside: string) => { for (const s of DB_FILES) fs.rmSync(aside + s, { force: true }); };

function replacing(ctx: CallContext) {
  if (!ctx.replaceDatabase) throw new ServiceError('CONFLICT', 'Здесь журнал заменить нельзя: воспользуйтесь командой journal.');
  return ctx.replaceDatabase.bind(ctx);
}

export const state = defineMethod({
  summary: 'Первый запуск: есть ли в журнале школа',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    return { needsSetup: !(await ctx.db.knex('school').first('id')) };
  },
});

export const openDemo = defineMethod({
  summary: 'Открыть демонстрационную школу (только при первом запуске)',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    await assertNoSchool(ctx);
    // The school as it stands today (issue 16): finished periods certified, the current one taught up to yesterday.
    const today = toIsoDate(ctx.now());
    const startYear = demoStartYear(today);
    return replacing(ctx)(async (file) => {
      const aside = moveAside(file);
      try {
        const r = await createDemoFile(file, { seed: 1, students: 600, startYear, today, copies: demoClassCopyFacts });
        dropAside(aside);
        return { school: r.school, year: r.year };
      } catch (err) {
        putBack(aside, file);
        throw err;
      }
    }, 'Открыта демонстрационная школа. Войдите под одной из её учётных записей.');
  },
});

export const createSchool = defineMethod({
  summary: 'Создать нашу школу: наименование и первый администратор журнала (только при первом запуске)',
  access: 'public',
  input: z.object({
    ...schoolNameArgs,
    admin: z.object({
      lastName: personName('Фамилия'), firstName: personName('Имя'), middleName: optionalName('Отчество'),
      login: loginArg,
      password: z.string().min(1, 'Введите пароль').max(256),
      passwordRepeat: z.string().max(256),
    }).strict(),
  }).strict(),
  async run(ctx, a) {
    await assertNoSchool(ctx);
    if (a.admin.password !== a.admin.passwordRepeat) throw new ServiceError('VALIDATION', 'Пароли не совпадают.', { field: 'passwordRepeat' });
    assertAcceptablePassword(a.admin.password, a.admin.login);
    const r = await createSchoolRows(ctx.db, { fullName: a.fullName, shortName: a.shortName, address: a.address, admin: a.admin }, ctx.now());
    // The fingerprint the administrator reads out when another computer joins (R-ROLE-6).
    return { login: a.admin.login, schoolKeyFingerprint: r.fingerprint };
  },
});

export const join = defineMethod({
  summary: 'Подключить компьютер к журналу школы: база из последнего снимка в сетевой папке (только при первом запуске)',
  access: 'public',
  input: z.object({
    share: z.string().trim().min(1, 'Укажите сетевую папку').max(400),
    /** The school key's fingerprint read on a computer already set up: a snapshot with another key is refused. */
    anchor: z.string().trim().max(80).optional(),
  }).strict(),
  async run(ctx, a) {
    await assertNoSchool(ctx);
    return replacing(ctx)(async (file) => {
      const aside = moveAside(file);
      try {
        const r = await bootstrap(new NodeShareFs(), a.share, file);
        const db = await openJournal(file, { mustExist: true });
        try {
          const anchor = await trustAnchor(db.knex);
          if (a.anchor && !anchorMatches(anchor, a.anchor)) {
            throw new ServiceError('CONFLICT', `Ключ школы в снимке (${anchor?.fingerprint ?? 'нет'}) не совпадает с указанным: снимок мог быть подложен. Компьютер не подключён.`);
          }
          await setLocal(db.knex, 'sync.share', a.share);
          dropAside(aside);
          return { joined: true, from: r.from, schoolKeyFingerprint: anchor?.fingerprint ?? null };
        } finally {
          await db.close();
        }
      } catch (err) {
        putBack(aside, file);
        if (err instanceof SnapshotError) throw new ServiceError('CONFLICT', err.message);
        throw err;
      }
    }, 'Компьютер подключён к журналу школы. Войдите под своей учётной записью.');
  },
});
