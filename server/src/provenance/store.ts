// The ledger on disk: one versioned JSON file, private (mode 0600, in a folder of mode 0700) and
// written atomically (a temporary file in the same folder, flushed, renamed over the old one, then
// the folder flushed: a crash leaves the old file or the new one, never half of one). A file that
// cannot be read as a ledger is moved aside to `<file>.<UTC time>.bak` (the last 5 kept, so a
// second corruption does not erase the evidence of the first) and the ledger starts empty:
// provenance is worth keeping, but never worth a crash. Temporary files of a writer that died are
// removed on open.

import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeStaleTemporaries, writePrivateFile } from '../privateFile';
import type { ProvenanceRecord } from './types';

export const LEDGER_FORMAT = 'scribe-provenance';
/** How many moved-aside corrupt ledgers are kept beside the file (the newest). */
export const MAX_BACKUPS = 5;
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
    removeStaleTemporaries(file);
  }
  const parsed = parseLedger(text);
  if (Array.isArray(parsed)) {
    await fs.chmod(file, 0o600).catch(() => undefined);
    return parsed;
  }
  const aside = await moveAside(file);
  warn(
    `Provenance ledger ${file} is unreadable (${parsed}); starting empty${aside ? `, old file kept as ${aside}` : ''}`,
  );
  return [];
}

/** `<file>.2026-12-04T21-15-00-123Z.bak`: names that sort by time (the older `<file>.bak` first). */
const backupPattern = (file: string) =>
  new RegExp(`^${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:[0-9TZ-]+\\.)?bak$`);

/**
 * Moves a corrupt ledger aside under a name with the time, and removes all but the newest
 * MAX_BACKUPS of them. The path it was moved to, or undefined when it could not be moved.
 */
async function moveAside(file: string): Promise<string | undefined> {
  const aside = (): string => `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  let name = aside();
  // Two corruptions in one millisecond: never overwrite the first; the next millisecond's name.
  while (await exists(name)) {
    await new Promise((r) => setTimeout(r, 1));
    name = aside();
  }
  const moved = await fs.rename(file, name).then(
    () => true,
    () => false,
  );
  if (!moved) return undefined;
  await fs.chmod(name, 0o600).catch(() => undefined);
  await pruneBackups(file);
  return name;
}

async function pruneBackups(file: string): Promise<void> {
  const dir = dirname(file);
  const pattern = backupPattern(file);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => pattern.test(n));
  // The legacy `<file>.bak` is the oldest; the timestamped names sort by time.
  const legacy = `${basename(file)}.bak`;
  names.sort((a, b) => (a === legacy ? -1 : b === legacy ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const excess = names.slice(0, Math.max(0, names.length - MAX_BACKUPS));
  await Promise.all(excess.map((n) => fs.rm(join(dir, n), { force: true }).catch(() => undefined)));
}

const exists = (path: string) =>
  fs.stat(path).then(
    () => true,
    () => false,
  );

/** Writes the records atomically, privately (0600 in a 0700 folder) and durably (file and folder fsync'd). */
export async function writeLedgerFile(file: string, records: readonly ProvenanceRecord[]): Promise<void> {
  const data: LedgerFile = { format: LEDGER_FORMAT, version: LEDGER_VERSION, records: [...records] };
  await writePrivateFile(file, JSON.stringify(data, null, 1) + '\n');
}
