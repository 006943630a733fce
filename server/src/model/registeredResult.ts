// "Extract MariaDB version" right after "Check mariadb_version on target system" (`mariadb -V`,
// registered as mariadb_version_check): a command the task just before ran and registered is not
// run again when the description speaks of its result (extract, parse, flatten, store… it); it
// reads the result into a fact. ("Test nginx and reload" after "Test nginx and restart" runs
// `nginx -t` again.) A fact whose value nothing else gives reads the result the task just before
// registered, as its module returns it; a debug shows the field of a result its description names.

import type { EarlierTask } from './types';
import { REGISTERED } from './variableChoice';

const COMMANDS = new Set(['ansible.builtin.command', 'ansible.builtin.shell']);

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
  // The registered name without its "result of" suffix (mariadb_version_check → mariadb_version).
  const fact = last.register
    .replace(/^_+/, '')
    .replace(REGISTERED, '')
    .replace(/_check$/, '');
  return { [fact === last.register ? `${fact}_value` : fact]: `{{ ${last.register}.stdout }}` };
}

/**
 * What a set_fact reads from each module's registered result, when the fact or the description
 * says it wants that: a flag from a stat, a file's text from a slurp, a command's output.
 */
const RESULT_VALUE: Record<string, (r: string, fact: string, description: string) => string | undefined> = {
  'ansible.builtin.stat': (r, fact) =>
    /(?:^|_)(?:exists?|present|installed)$|(?:^|_)(?:is|has)_/.test(fact) ? `{{ ${r}.stat.exists }}` : undefined,
  'ansible.builtin.slurp': (r, _, d) => `{{ ${r}.content | b64decode${/\bjson\b/i.test(d) ? ' | from_json' : ''} }}`,
  'ansible.builtin.command': (r, _, d) => (COMMAND_RESULT.test(d) ? `{{ ${r}.stdout }}` : undefined),
  'ansible.builtin.shell': (r, _, d) => (COMMAND_RESULT.test(d) ? `{{ ${r}.stdout }}` : undefined),
};

/** A description of a fact made of a command's output. */
const COMMAND_RESULT = /\b(?:output|results?|summary|version|value|list|pars(?:e|ing)|extract)\b/i;

/**
 * A fact of unknown value right after a task that registered its result (`registered`): that
 * result, as its module returns it ("Parse install.json file if it exists" after a slurp →
 * `{{ install_json_value.content | b64decode | from_json }}`).
 */
export function registeredValue(
  fact: string,
  description: string,
  registered: string | undefined,
  tasks: readonly EarlierTask[] = [],
): string | undefined {
  const task = registered ? tasks.find((t) => t.register === registered) : undefined;
  return task && registered ? RESULT_VALUE[task.fqcn]?.(registered, fact, description) : undefined;
}

/** Fields of a registered result a description names, and the modules whose results have them. */
const RESULT_FIELDS: [RegExp, string, RegExp][] = [
  [/\bstderr\b/i, 'stderr', /\.(?:command|shell)$/],
  [/\b(?:output|stdout)\b/i, 'stdout', /\.(?:command|shell)$/],
  [/\bdiffs?\b/i, 'diff', /./],
  [/\b(?:results?|response|json)\b/i, 'json', /\.uri$/],
];

/**
 * The registered result a debug shows, narrowed to the field the description names: "Print the
 * init output" after a command → `kubeadmin_init.stdout`, "Display /api/v2/ping results" after a
 * uri → `check_controller.json`; the whole result when it names none.
 */
export function shownField(description: string, variable: string, tasks: readonly EarlierTask[] = []): string {
  const task = [...tasks].reverse().find((t) => !t.id && t.register === variable);
  const field = task && RESULT_FIELDS.find(([words, , modules]) => words.test(description) && modules.test(task.fqcn));
  return field ? `${variable}.${field[1]}` : variable;
}
