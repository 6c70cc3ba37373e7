// The share's update folder, checked by the app before electron-updater is let near it
// (issue 15 item 2). No Electron here: tests/unit/update-feed.test.ts runs it in plain Node.
//
// The administrator copies a release into <share>/updates/: the installer, its .blockmap
// and latest.yml (latest-linux.yml on Linux), as electron-builder wrote them. Before an
// update is offered this module checks that
//   - the share is there (a missing share is said plainly, nothing changes);
//   - latest.yml parses and names a version and an installer;
//   - the folder holds one version only (two at once: the administrator must choose);
//   - that version is newer than the running one (an older one is refused);
//   - the installer is there, whole (its size) and undamaged (its SHA-512, base64, as
//     latest.yml gives it).
// electron-updater then downloads it through the loopback server (electron/update/server.ts),
// checks the SHA-512 again, and on Windows the publisher's signature
// (build/electron-builder.yml). The app (electron/update/updater.ts) and the administrator's
// `journal update-check` (cli/commands/update.ts) make the same check.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';

/** The folder of the share the administrator copies releases into. */
export const UPDATES_FOLDER = 'updates';

export function updateFolderOf(share: string): string {
  return path.join(share, UPDATES_FOLDER);
}

/** The channel file electron-builder writes for each platform. */
export function channelFileFor(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'latest.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest-linux.yml';
}

// ---- versions --------------------------------------------------------------------------------

interface Version {
  readonly core: readonly [number, number, number];
  readonly pre: readonly string[];
}

const VERSION_RE = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | null {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/**
 * Semantic version order: <0 when a is older than b, 0 when the same, >0 when newer.
 * A pre-release (1.2.0-beta.1) comes before its release (1.2.0); build metadata is ignored.
 * Throws on a string that is not a version.
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) throw new Error(`not a version: ${va ? b : a}`);
  for (let i = 0; i < 3; i++) {
    const d = va.core[i]! - vb.core[i]!;
    if (d !== 0) return Math.sign(d);
  }
  if (va.pre.length === 0 || vb.pre.length === 0) return va.pre.length === vb.pre.length ? 0 : va.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(va.pre.length, vb.pre.length); i++) {
    const x = va.pre[i];
    const y = vb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ---- latest.yml ------------------------------------------------------------------------------

export interface ReleaseFile {
  /** A plain file name in the update folder. */
  readonly name: string;
  readonly size: number;
  /** SHA-512 of the file, base64 (as electron-builder writes it). */
  readonly sha512: string;
}

export interface ReleaseInfo {
  readonly version: string;
  readonly files: readonly ReleaseFile[];
}

/** Why latest.yml cannot be used, in Russian; or the release it describes. */
export function parseChannelFile(text: string, channelFile: string): ReleaseInfo | { problem: string } {
  let doc: unknown;
  try {
    doc = load(text, { filename: channelFile });
  } catch (err) {
    const line = (err as { mark?: { line?: number } }).mark?.line;
    return { problem: `Файл ${channelFile} в папке обновлений не читается${line === undefined ? '' : ` (ошибка в строке ${line + 1})`}. Скопируйте файлы новой версии в папку обновлений заново.` };
  }
  const bad = { problem: `Файл ${channelFile} в папке обновлений заполнен неверно: в нём нет версии, установщика, его размера или контрольной суммы. Скопируйте файлы новой версии в папку обновлений заново.` };
  if (typeof doc !== 'object' || doc === null) return bad;
  const d = doc as { version?: unknown; files?: unknown; path?: unknown; sha512?: unknown; size?: unknown };
  const version = typeof d.version === 'string' ? d.version : typeof d.version === 'number' ? String(d.version) : null;
  if (version === null) return bad;
  if (!parseVersion(version)) return { problem: `В файле ${channelFile} версия «${version}» записана неверно. Скопируйте файлы новой версии в папку обновлений заново.` };
  const files: ReleaseFile[] = [];
  const listed = Array.isArray(d.files) ? (d.files as unknown[]) : [];
  for (const f of listed) {
    const e = f as { url?: unknown; sha512?: unknown; size?: unknown } | null;
    if (!e || typeof e.url !== 'string' || typeof e.sha512 !== 'string' || typeof e.size !== 'number') return bad;
    files.push({ name: e.url, size: e.size, sha512: e.sha512 });
  }
  // The old single-file form (path + sha512), which electron-builder still writes beside files.
  if (files.length === 0 && typeof d.path === 'string' && typeof d.sha512 === 'string' && typeof d.size === 'number') files.push({ name: d.path, size: d.size, sha512: d.sha512 });
  if (files.length === 0) return bad;
  for (const f of files) {
    if (!isPlainName(f.name)) return { problem: `В файле ${channelFile} указан недопустимый путь к установщику «${f.name}»: установщик должен лежать в самой папке обновлений.` };
    if (!Number.isSafeInteger(f.size) || f.size <= 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(f.sha512)) return bad;
  }
  return { version, files };
}

/** A file name with no folder in it (no '/', '\', '..', drive, or control character). */
export function isPlainName(name: string): boolean {
  if (name.length === 0 || name.length > 255 || name === '.' || name === '..' || /[/\\:]/.test(name)) return false;
  return [...name].every((ch) => ch.charCodeAt(0) >= 0x20);
}

// ---- the folder --------------------------------------------------------------------------------

/**
 * The version in the name of a release file electron-builder made from
 * build/electron-builder.yml (klassnyi-zhurnal-<version>-setup.exe, …-<arch>.AppImage/.deb,
 * and their .blockmap), or null for any other name.
 */
export function versionInFileName(name: string): string | null {
  const m = /^klassnyi-zhurnal-(.+?)(\.blockmap)?$/.exec(name);
  if (!m) return null;
  for (const suffix of [/-(?:x86_64|x64|amd64|arm64|armv7l|ia32)\.(?:AppImage|deb)$/, /-setup\.exe$/, /\.(?:AppImage|deb)$/]) {
    if (!suffix.test(m[1]!)) continue;
    const version = m[1]!.replace(suffix, '');
    return parseVersion(version) ? version : null;
  }
  return null;
}

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export interface FolderCheck {
  /** The sync share (its absence is told apart from an empty update folder). */
  readonly share: string;
  /** The update folder (normally updateFolderOf(share)). */
  readonly folder: string;
  /** The running app's version. */
  readonly currentVersion: string;
  /** latest.yml or latest-linux.yml (channelFileFor). */
  readonly channelFile: string;
  /** The installer type this computer takes: '.exe', '.AppImage' or '.deb'. */
  readonly installerExt: string;
}

export type FolderVerdict =
  /** No share folder reachable: nothing can be checked, nothing changes. */
  | { readonly kind: 'no-share'; readonly message: string }
  /** Nothing to install: no update folder, or no release in it. */
  | { readonly kind: 'nothing' }
  /** The release in the folder is the running version. */
  | { readonly kind: 'current'; readonly version: string }
  /** The folder holds a release that must not be installed; the message says why and what to do. */
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly version: string | null; readonly message: string }
  /** A newer version, checked: electron-updater may take it. */
  | { readonly kind: 'newer'; readonly version: string; readonly installer: ReleaseFile };

export type RefusalReason = 'unreadable' | 'no-channel-file' | 'two-versions' | 'older' | 'no-installer' | 'incomplete' | 'damaged';

const refused = (reason: RefusalReason, version: string | null, message: string): FolderVerdict => ({ kind: 'refused', reason, version, message });

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? '';
}

/** Checks the update folder; reads files, writes nothing. */
export async function checkUpdateFolder(c: FolderCheck): Promise<FolderVerdict> {
  try {
    const st = await fs.stat(c.share);
    if (!st.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (err) {
    return { kind: 'no-share', message: `Сетевая папка «${c.share}» недоступна (${errCode(err) || 'ошибка чтения'}), поэтому обновления не проверены. Программа проверит их снова, когда папка появится.` };
  }
  let names: string[];
  try {
    names = await fs.readdir(c.folder);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return { kind: 'nothing' };
    return { kind: 'no-share', message: `Папка обновлений «${c.folder}» не читается (${errCode(err) || 'ошибка чтения'}), поэтому обновления не проверены. Программа проверит их снова позже.` };
  }
  const versionsByName = [...new Set(names.map(versionInFileName).filter((v): v is string => v !== null))];
  if (!names.includes(c.channelFile)) {
    if (versionsByName.length === 0) return { kind: 'nothing' };
    return refused('no-channel-file', versionsByName.length === 1 ? versionsByName[0]! : null, `В папке обновлений есть установщик, но нет файла ${c.channelFile}. Скопируйте в неё все файлы новой версии: установщик, файл .blockmap и ${c.channelFile}.`);
  }
  let text: string;
  try {
    text = await fs.readFile(path.join(c.folder, c.channelFile), 'utf8');
  } catch (err) {
    return { kind: 'no-share', message: `Файл ${c.channelFile} в папке обновлений не читается (${errCode(err) || 'ошибка чтения'}). Программа проверит обновления снова позже.` };
  }
  const info = parseChannelFile(text, c.channelFile);
  if ('problem' in info) return refused('unreadable', null, info.problem);

  const versions = [...new Set([info.version, ...versionsByName].map((v) => v.replace(/^v/, '')))];
  if (versions.length > 1) {
    const list = versions.sort(compareVersions).join(', ');
    return refused('two-versions', null, `В папке обновлений лежат файлы нескольких версий программы (${list}). Оставьте в ней файлы только одной версии: установщик, файл .blockmap и ${c.channelFile}.`);
  }
  const order = compareVersions(info.version, c.currentVersion);
  if (order === 0) return { kind: 'current', version: info.version };
  if (order < 0) {
    return refused('older', info.version, `В папке обновлений версия ${info.version}, а на этом компьютере установлена более новая версия ${c.currentVersion}. Старая версия не устанавливается; скопируйте в папку обновлений новую.`);
  }

  const installer = info.files.find((f) => f.name.toLowerCase().endsWith(c.installerExt.toLowerCase()));
  if (!installer) return refused('no-installer', info.version, `В файле ${c.channelFile} нет установщика для этого компьютера (${c.installerExt}). Скопируйте в папку обновлений файлы новой версии заново.`);
  const file = path.join(c.folder, installer.name);
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    size = st.size;
  } catch (err) {
    if (errCode(err) === 'ENOENT') return refused('no-installer', info.version, `В папке обновлений нет установщика «${installer.name}», который назван в ${c.channelFile}. Скопируйте его в папку обновлений.`);
    return { kind: 'no-share', message: `Установщик «${installer.name}» в папке обновлений не читается (${errCode(err)}). Программа проверит обновления снова позже.` };
  }
  if (size < installer.size) {
    return refused('incomplete', info.version, `Установщик «${installer.name}» скопирован не полностью: ${size} из ${installer.size} байт. Дождитесь конца копирования или скопируйте его заново.`);
  }
  if (size > installer.size) {
    return refused('damaged', info.version, `Установщик «${installer.name}» повреждён: его размер ${size} байт, а в ${c.channelFile} указано ${installer.size}. Скопируйте файлы новой версии в папку обновлений заново.`);
  }
  let sum: string;
  try {
    sum = await sha512Base64(file);
  } catch (err) {
    return { kind: 'no-share', message: `Установщик «${installer.name}» не прочитан до конца (${errCode(err) || 'ошибка чтения'}). Программа проверит обновления снова позже.` };
  }
  if (sum !== installer.sha512) {
    return refused('damaged', info.version, `Установщик «${installer.name}» повреждён или ещё копируется: его контрольная сумма SHA-512 не совпадает с указанной в ${c.channelFile}. Дождитесь конца копирования или скопируйте файлы новой версии заново.`);
  }
  return { kind: 'newer', version: info.version, installer };
}

// ---- who may install ---------------------------------------------------------------------------

/** The Administrators group's well-known SID (present for an administrator even before elevation). */
const ADMINISTRATORS_SID = 'S-1-5-32-544';

/** Whether `whoami /groups` output shows the user in the computer's Administrators group. */
export function isWindowsAdministrator(whoamiGroups: string): boolean {
  return whoamiGroups.includes(ADMINISTRATORS_SID);
}

/** Whether `id -Gn` output shows a user who may install packages (root, sudo, admin or wheel). */
export function isLinuxAdministrator(idGroups: string, uid: number): boolean {
  return uid === 0 || idGroups.split(/\s+/).some((g) => ['sudo', 'admin', 'wheel', 'root'].includes(g));
}

/** The window's words for a checked newer version, by whether this user may install it. */
export function offerMessage(version: string, mayInstall: boolean): string {
  return mayInstall
    ? `Доступна версия ${version}, установится при выходе из программы.`
    : `Доступна версия ${version}. Установить её на этом компьютере может только администратор компьютера: обратитесь к администратору школы.`;
}

/** The window's words for an error electron-updater reports while fetching a checked release. */
export function updaterErrorMessage(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') {
    return 'Установщик новой версии не подписан издателем программы, поэтому он не устанавливается. Сообщите администратору школы.';
  }
  if (code === 'ERR_CHECKSUM_MISMATCH') {
    return 'Установщик новой версии изменился или повреждён во время загрузки (контрольная сумма не совпала). Скопируйте файлы новой версии в папку обновлений заново.';
  }
  return 'Не удалось загрузить новую версию из папки обновлений. Программа попробует снова позже.';
}
