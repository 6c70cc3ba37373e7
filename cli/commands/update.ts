// journal update-check --share DIR [--current X.Y.Z] [--installer exe|AppImage|deb]:
// the administrator's check of the share's update folder after copying a release into it
// (issue 15 item 2) — the same check every computer makes before it downloads the release
// (service/update/feed.ts): latest.yml parses, one version only, newer than the given one
// (by default this program's), the installer whole and matching its SHA-512. It reads the
// folder and changes nothing.
import pkg from '../../package.json';
import { channelFileFor, checkUpdateFolder, parseVersion, updateFolderOf } from '../../service/update/feed';
import { CliError } from '../output';

const INSTALLERS: Record<string, { ext: string; platform: NodeJS.Platform }> = {
  exe: { ext: '.exe', platform: 'win32' },
  AppImage: { ext: '.AppImage', platform: 'linux' },
  deb: { ext: '.deb', platform: 'linux' },
};

export interface UpdateCheckArgs {
  readonly share: string | undefined;
  readonly current: string | undefined;
  readonly installer: string | undefined;
}

export async function runUpdateCheck(a: UpdateCheckArgs) {
  if (!a.share) throw new CliError('USAGE', 'Укажите сетевую папку: journal update-check --share DIR');
  const installer = a.installer ?? (process.platform === 'win32' ? 'exe' : 'AppImage');
  const kind = INSTALLERS[installer];
  if (!kind) throw new CliError('USAGE', `--installer: exe, AppImage или deb, а не «${installer}»`);
  const current = a.current ?? (pkg as { version?: string }).version ?? '0.0.0';
  if (!parseVersion(current)) throw new CliError('USAGE', `--current: версия вида 1.2.3, а не «${current}»`);
  const folder = updateFolderOf(a.share);
  const channelFile = channelFileFor(kind.platform);
  const verdict = await checkUpdateFolder({ share: a.share, folder, currentVersion: current, channelFile, installerExt: kind.ext });
  switch (verdict.kind) {
    case 'no-share':
      throw new CliError('SHARE_UNREACHABLE', verdict.message);
    case 'refused':
      throw new CliError('UPDATE_REFUSED', verdict.message, { reason: verdict.reason, version: verdict.version, folder });
    case 'nothing':
      return { folder, status: 'nothing', version: null, current, message: 'Новых версий в папке обновлений нет.' };
    case 'current':
      return { folder, status: 'current', version: verdict.version, current, message: `В папке обновлений версия ${verdict.version} — та же, что указана как установленная.` };
    case 'newer':
      return {
        folder, status: 'ready', version: verdict.version, current, installer: verdict.installer.name, size: verdict.installer.size,
        message: `Версия ${verdict.version} в папке обновлений проверена: компьютеры с версией ${current} установят её при выходе из программы.`,
      };
  }
}
