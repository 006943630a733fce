// The preamble every `scribe` command shares: node:util parseArgs over the command's own options
// and the shared ones (`--cache-dir`, `--ansible-path`, `--help`). A parse error becomes a one-line
// UsageError `<command>: <reason>` (exit 2); `--help` prints the command's usage (exit 0).

import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultCacheDir } from '../cacheDir';
import { endpointUsage } from './modelOptions';
import { policyUsage } from './policyOptions';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

const sharedOptions = {
  'cache-dir': { type: 'string' },
  'ansible-path': { type: 'string', default: '' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `--corpus DIR`, for the commands that read a stored corpus (default: the newest in the cache). */
export const corpusOption = { corpus: { type: 'string' } } as const;

export const sharedUsage = `every command: --cache-dir DIR (default: $XDG_CACHE_HOME/ansible-scribe or ~/.cache/ansible-scribe),
      --ansible-path PATH (the folder of the ansible executables; default: from PATH), --help`;

export interface Command<O extends Options> {
  /** The command as messages name it: `suggest`, `index build`. */
  name: string;
  /** Its usage (see cli.ts): the synopsis on the first line, then what it does. */
  usage: string;
  /** Its own options; the shared ones are added. */
  options: O;
  /** Whether it takes positional arguments (FILE, GOAL…). */
  positionals?: boolean;
}

/** The first line of a command's usage, for one-line messages. */
export function synopsis(usage: string): string {
  return `usage: scribe ${usage.split('\n')[0]}`;
}

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: boolean; options: O & typeof sharedOptions }>
>;

/**
 * The command's arguments parsed, and the cache folder (`--cache-dir`, else defaultCacheDir());
 * undefined when `--help` was given and the usage is printed to `out` (the command then exits 0).
 */
export function parseCommand<O extends Options>(
  argv: string[],
  command: Command<O>,
  out: NodeJS.WritableStream,
): { values: Parsed<O>['values']; positionals: string[]; cacheDir: string } | undefined {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: command.positionals ?? false,
      options: { ...command.options, ...sharedOptions },
    });
  } catch (e) {
    throw new UsageError(`${command.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { values, positionals } = parsed;
  const shared = values as { help: boolean; 'cache-dir'?: string };
  if (shared.help) {
    const endpoint = 'endpoint' in command.options ? `\n\nENDPOINT: ${endpointUsage}` : '';
    const policy = 'block-licenses' in command.options ? `\n\nPOLICY: ${policyUsage}` : '';
    out.write(`usage: scribe ${command.usage}${endpoint}${policy}\n\n${sharedUsage}\n`);
    return undefined;
  }
  const cacheDir = shared['cache-dir'] ? resolve(shared['cache-dir']) : defaultCacheDir();
  return { values, positionals: positionals as string[], cacheDir };
}
