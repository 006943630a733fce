// Files only the user can read (0600, in a 0700 folder), written so that a crash at any moment
// leaves the old file or the new one: a private temporary file beside it, flushed to disk, renamed
// over the file, then the folder flushed so that the rename itself is durable. The stores of this
// machine's own data (feedback, provenance ledger) use it. A leaf module: node only.

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  promises as fs,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Sets a mode unless it is so already; never throws (missing, or not ours to change: left as is). */
export function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
  } catch {
    // The next write creates it private.
  }
}

/** `.<name>.<pid>.<random>.tmp` beside the file: the writer's pid tells a crashed write apart. */
const temporaryPrefix = (file: string) => `.${basename(file)}.`;

function prepare(file: string): string {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
  return join(dir, `${temporaryPrefix(file)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writePrivateFileSync(file: string, text: string): void {
  const tmp = prepare(file);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dirname(file));
}

export async function writePrivateFile(file: string, text: string): Promise<void> {
  const tmp = prepare(file);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  syncFolder(dirname(file));
}

/** fsync of a folder (the rename in it); some platforms cannot open a folder for it: best effort. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows, or a file system without folder fsync.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The writer's pid of a temporary file of `file`; `<name>.<pid>.tmp` is what earlier versions left. */
function temporaryWriter(file: string, name: string): number | undefined {
  const prefix = temporaryPrefix(file);
  if (!name.endsWith('.tmp')) return undefined;
  if (name.startsWith(prefix)) return Number(name.slice(prefix.length).split('.')[0]);
  const legacy = `${basename(file)}.`;
  return name.startsWith(legacy) && /^\d+\.tmp$/.test(name.slice(legacy.length))
    ? Number(name.slice(legacy.length, -4))
    : undefined;
}

/**
 * Removes the temporary files a crashed write left beside `file`: those of a process that is not
 * running any more, or older than a minute (a live writer takes milliseconds).
 */
export function removeStaleTemporaries(file: string): void {
  const dir = dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryWriter(file, name);
    if (pid === undefined) continue;
    const path = join(dir, name);
    try {
      const writerGone = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !running(pid);
      if (writerGone || Date.now() - statSync(path).mtimeMs > 60_000) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
