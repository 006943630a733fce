// The ledger on disk: one versioned JSON file, written atomically (a temporary file in the same
// folder, flushed, then renamed over the old one: a crash leaves the old file or the new one,
// never half of one). A file that cannot be read as a ledger is moved aside to `<file>.bak` and
// the ledger starts empty: provenance is worth keeping, but never worth a crash.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ProvenanceRecord } from './types';

export const LEDGER_FORMAT = 'scribe-provenance';
export const LEDGER_VERSION = 1;

interface LedgerFile {
  format: typeof LEDGER_FORMAT;
  version: number;
  records: ProvenanceRecord[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosition = (v: unknown) =>
  isObject(v) &&
  Number.isInteger(v.line) &&
  Number.isInteger(v.character) &&
  (v.line as number) >= 0 &&
  (v.character as number) >= 0;
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

function isRecord(v: unknown): v is ProvenanceRecord {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.suggestionId === 'string' &&
    typeof v.uri === 'string' &&
    isRange(v.range) &&
    typeof v.model === 'string' &&
    typeof v.createdAt === 'string' &&
    Array.isArray(v.matches) &&
    Array.isArray(v.licenses) &&
    isObject(v.policy) &&
    (v.state === 'ai' || v.state === 'modified') &&
    typeof v.text === 'string'
  );
}

/** Why the text is not a ledger of this version, or its records. */
function parseLedger(text: string): ProvenanceRecord[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (!isObject(data) || data.format !== LEDGER_FORMAT) return 'not a provenance ledger';
  if (data.version !== LEDGER_VERSION)
    return `ledger version ${String(data.version)}, this server reads version ${LEDGER_VERSION}`;
  if (!Array.isArray(data.records) || !data.records.every(isRecord)) return 'records are malformed';
  return data.records;
}

/** Reads the ledger file; never throws. A missing file is an empty ledger; a bad one is moved aside. */
export async function readLedgerFile(file: string, warn: (line: string) => void): Promise<ProvenanceRecord[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`Provenance ledger ${file} could not be read (${(e as Error).message}); starting empty`);
    return [];
  } finally {
    await removeStaleTemporaries(file);
  }
  const parsed = parseLedger(text);
  if (Array.isArray(parsed)) return parsed;
  const aside = `${file}.bak`;
  const moved = await fs.rename(file, aside).then(
    () => true,
    () => false,
  );
  warn(
    `Provenance ledger ${file} is unreadable (${parsed}); starting empty${moved ? `, old file kept as ${aside}` : ''}`,
  );
  return [];
}

const temporaryPrefix = (file: string) => `.${basename(file)}.`;

/** Temporary files left by a process that died mid-write (older than a minute: another server may be writing). */
async function removeStaleTemporaries(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = temporaryPrefix(file);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const stale = async (path: string) => {
    const st = await fs.stat(path).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > 60_000) await fs.rm(path, { force: true }).catch(() => undefined);
  };
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp')).map((n) => stale(join(dir, n))));
}

/** Writes the records atomically. */
export async function writeLedgerFile(file: string, records: readonly ProvenanceRecord[]): Promise<void> {
  const data: LedgerFile = { format: LEDGER_FORMAT, version: LEDGER_VERSION, records: [...records] };
  await fs.mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `${temporaryPrefix(file)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify(data, null, 1) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
