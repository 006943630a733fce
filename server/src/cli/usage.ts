// Bad input or usage: printed as one line, exit code 2.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { refusalOfBytes } from '../document/admission';

export class UsageError extends Error {}

/**
 * A YAML input file's absolute path and text; a UsageError `<prefix>: <shown>: …` when it is missing,
 * not a regular file, unreadable, or not analysed (document/admission.ts: over 5 MB, binary, not
 * UTF-8, a line over 1 MB); `shown` names the file in messages, e.g. "ledger x.json".
 */
export async function readYamlInput(
  prefix: string,
  file: string,
  shown = file,
): Promise<{ path: string; text: string }> {
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`${prefix}: ${shown}: no such file`);
  if (!info.isFile()) throw new UsageError(`${prefix}: ${shown}: not a file`);
  const buf = await readFile(path).catch((e: unknown) => {
    throw new UsageError(`${prefix}: ${shown}: unreadable (${e instanceof Error ? e.message : String(e)})`);
  });
  const refused = refusalOfBytes(buf);
  if (refused) throw new UsageError(`${prefix}: ${shown}: ${refused.message}`);
  return { path, text: buf.toString('utf8') };
}
