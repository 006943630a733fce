// "Extract MariaDB version" right after "Check mariadb_version on target system" (`mariadb -V`,
// registered as mariadb_version_check): a command the task just before ran and registered is not
// run again when the description speaks of its result (extract, parse, flatten, store… it); it
// reads the result into a fact. ("Test nginx and reload" after "Test nginx and restart" runs
// `nginx -t` again.)

import type { EarlierTask } from './types';

const COMMANDS = new Set(['ansible.builtin.command', 'ansible.builtin.shell']);

/** Suffixes of a registered name that say "the result of" (mariadb_version_check → mariadb_version). */
const RESULT_SUFFIX = /_(?:check|result|results|raw|output|out|cmd|stdout|reg|registered|register|res|ret)$/;

/** Words of a description that works on a result rather than running something. */
const READS_RESULT =
  /\b(?:extract|flatten|pars(?:e|ing)|register|store|save|record|remember|convert|results?|output|globally)\b/i;

const commandLine = (args: Record<string, unknown>): string | undefined => {
  const line = args._raw_params ?? args.cmd;
  return typeof line === 'string' ? line.replace(/\s+/g, ' ').trim() : undefined;
};

/**
 * The set_fact options that read the result of the task just before, when the description speaks
 * of a result and the command suggested (`fqcn`, `args`) is the one that task already ran and
 * registered; undefined otherwise.
 */
export function registeredResultFact(
  description: string,
  fqcn: string,
  args: Record<string, unknown>,
  earlier: readonly EarlierTask[] | undefined,
): Record<string, unknown> | undefined {
  const last = earlier?.[earlier.length - 1];
  if (!last?.register || !COMMANDS.has(fqcn) || !COMMANDS.has(last.fqcn) || !READS_RESULT.test(description))
    return undefined;
  const line = commandLine(args);
  if (!line || line !== commandLine(last.args)) return undefined;
  const fact = last.register.replace(/^_+/, '').replace(RESULT_SUFFIX, '');
  return { [fact === last.register ? `${fact}_value` : fact]: `{{ ${last.register}.stdout }}` };
}
