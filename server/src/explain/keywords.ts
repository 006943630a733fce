// Task keywords in plain words: what `when`, `loop`/`with_*`, `register`, `notify`, `become` and a
// few others mean for the task they are on (Ansible's "Playbook Keywords" reference).

import type { Task } from '../document/model';
import { shown } from './actions';

const code = (v: unknown) => '`' + shown(v) + '`';

const value = (t: Task, key: string): unknown => t.keywords.get(key)?.value;

const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(yes|true|on)$/i.test(v));
const falsy = (v: unknown) => v === false || (typeof v === 'string' && /^(no|false|off)$/i.test(v));

/** A `when`-like value (string, list = all of them, bool) as a condition. */
function condition(v: unknown): string {
  if (Array.isArray(v)) return v.map((c) => code(c)).join(' and ');
  return code(v);
}

export function conditions(t: Task): string[] {
  const out: string[] = [];
  if (t.keywords.has('when')) out.push(`only when ${condition(value(t, 'when'))}`);
  const failed = value(t, 'failed_when');
  if (falsy(failed)) out.push('never counts as failed');
  else if (t.keywords.has('failed_when')) out.push(`counts as failed when ${condition(failed)}`);
  const changed = value(t, 'changed_when');
  if (falsy(changed)) out.push('never reports a change (so it notifies nothing)');
  else if (t.keywords.has('changed_when')) out.push(`reports a change when ${condition(changed)}`);
  if (t.keywords.has('until')) {
    const retries = value(t, 'retries');
    out.push(
      `retries until ${condition(value(t, 'until'))}${retries !== undefined ? ` (up to ${shown(retries)} times)` : ''}`,
    );
  }
  return out;
}

/** Lookups whose items are not "items of a list" (with_<lookup> runs the lookup plugin). */
const withWords: Record<string, string> = {
  with_items: 'for each item of',
  with_list: 'for each item of',
  with_flattened: 'for each item of the flattened',
  with_indexed_items: 'for each item (with its index) of',
  with_dict: 'for each key/value pair of',
  with_fileglob: 'for each file matching',
  with_first_found: 'with the first file found of',
  with_sequence: 'for each number of the sequence',
  with_together: 'for each tuple of the zipped lists',
  with_nested: 'for each combination of',
  with_subelements: 'for each sub-element of',
  with_lines: 'for each output line of',
};

export function loop(t: Task): string | undefined {
  const loopVar = (t.keywords.get('loop_control')?.value as { loop_var?: unknown } | undefined)?.loop_var;
  const as = loopVar !== undefined ? ` (each as ${code(loopVar)})` : ' (each as `item`)';
  if (t.keywords.has('loop')) return `for each item of ${code(value(t, 'loop'))}${as}`;
  const key = [...t.keywords.keys()].find((k) => k.startsWith('with_'));
  if (!key) return undefined;
  const words = withWords[key] ?? `for each item from the \`${key.slice(5)}\` lookup of`;
  return `${words} ${code(value(t, key))}${as}`;
}

export function register(t: Task): string | undefined {
  const r = value(t, 'register');
  return r === undefined ? undefined : `saves the result as ${code(r)}`;
}

/** `notify` / `listen` values: a string or a list of strings. */
export function names(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Privilege escalation in words, from `become` and `become_user` (root is Ansible's default become_user). */
export function privilege(become: unknown, becomeUser: unknown, becomeMethod?: unknown): string | undefined {
  if (become === undefined && becomeUser === undefined) return undefined;
  const method = becomeMethod !== undefined ? ` via ${code(becomeMethod)}` : '';
  if (falsy(become)) return 'without privilege escalation (`become: false`)';
  if (truthy(become))
    return `with privilege escalation${method}, as ${becomeUser !== undefined ? `user ${code(becomeUser)}` : '`root`'}`;
  if (become === undefined) return `as user ${code(becomeUser)} when privilege escalation is on`;
  return `with privilege escalation when ${code(become)} is true`;
}

export function become(t: Task): string | undefined {
  return privilege(value(t, 'become'), value(t, 'become_user'), value(t, 'become_method'));
}

export function notes(t: Task): string[] {
  const out: string[] = [];
  if (t.keywords.has('delegate_to')) out.push(`runs on ${code(value(t, 'delegate_to'))} instead of each host`);
  if (truthy(value(t, 'run_once'))) out.push('runs once, on the first host only');
  if (truthy(value(t, 'ignore_errors'))) out.push('the play goes on even if it fails');
  if (truthy(value(t, 'check_mode'))) out.push('always runs in check mode (changes nothing)');
  if (falsy(value(t, 'check_mode'))) out.push('runs for real even in check mode');
  if (t.keywords.has('tags'))
    out.push(`tagged ${names(value(t, 'tags')).map(code).join(', ') || code(value(t, 'tags'))}`);
  return out;
}
