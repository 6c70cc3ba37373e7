// Writing a file so that under its final name it is always complete: a temporary name
// beside it, the bytes flushed to the disk, then the rename (backups, paper copies).
import fs from 'node:fs';

export function writeFileDurably(file: string, data: string | Buffer, opts: { exclusive?: boolean } = {}): void {
  const part = `${file}.part`;
  const fd = fs.openSync(part, opts.exclusive ? 'wx' : 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(part, file);
}
