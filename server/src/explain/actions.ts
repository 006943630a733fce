// What a module call does, in plain words, from the options as written. A few common modules have
// their own sentence; every other known module gets the generic "runs X with a=b". Nothing here
// guesses: an option that is not written is not mentioned, except a documented default state.

import type { ModuleCall } from '../document/model';
import type { ModuleDoc } from '../catalog/types';

/** A value as a reader sees it in the file (Jinja kept), shortened when long. */
export function shown(value: unknown, max = 60): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value === undefined || value === null) s = '';
  else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    s = value.map((v) => String(v)).join(', ');
  else s = JSON.stringify(value);
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

const code = (v: unknown) => '`' + shown(v) + '`';

type Args = Map<string, unknown>;

/** The value of the first of `names` that is written (options and their aliases). */
function arg(args: Args, ...names: string[]): unknown {
  for (const n of names) if (args.has(n)) return args.get(n);
  return undefined;
}

const plural = (v: unknown, one: string, many: string) => (Array.isArray(v) && v.length > 1 ? many : one);

function packages(args: Args): string | undefined {
  const name = arg(args, 'name', 'pkg', 'package');
  if (name === undefined) return undefined;
  const state = shown(arg(args, 'state') ?? 'present');
  const what = `${plural(name, 'package', 'packages')} ${code(name)}`;
  if (state === 'absent' || state === 'removed') return `removes ${what}`;
  if (state === 'latest') return `ensures ${what} ${plural(name, 'is', 'are')} installed at the latest version`;
  if (state === 'present' || state === 'installed') return `ensures ${what} ${plural(name, 'is', 'are')} present`;
  return `ensures ${what} ${plural(name, 'is', 'are')} in state ${code(state)}`;
}

function service(args: Args): string | undefined {
  const name = arg(args, 'name', 'service', 'unit');
  if (name === undefined) return undefined;
  const parts: string[] = [];
  const state = arg(args, 'state');
  if (state !== undefined) {
    const s = shown(state);
    const verb: Record<string, string> = {
      started: `ensures service ${code(name)} is running`,
      stopped: `ensures service ${code(name)} is stopped`,
      restarted: `restarts service ${code(name)}`,
      reloaded: `reloads service ${code(name)}`,
    };
    parts.push(verb[s] ?? `sets service ${code(name)} to state ${code(s)}`);
  }
  const enabled = arg(args, 'enabled');
  if (enabled !== undefined) {
    const on = enabled === true || ['yes', 'true'].includes(shown(enabled).toLowerCase());
    const off = enabled === false || ['no', 'false'].includes(shown(enabled).toLowerCase());
    const how = on ? 'starts at boot' : off ? 'does not start at boot' : `boot start is ${code(enabled)}`;
    parts.push(parts.length ? `makes sure it ${how}` : `makes sure service ${code(name)} ${how}`);
  }
  if (arg(args, 'daemon_reload') === true) parts.push('reloads systemd first');
  return parts.length ? parts.join(' and ') : `manages service ${code(name)}`;
}

function file(args: Args): string | undefined {
  const path = arg(args, 'path', 'dest', 'name');
  if (path === undefined) return undefined;
  const state = shown(arg(args, 'state') ?? 'file');
  const mode = arg(args, 'mode');
  const withMode = mode !== undefined ? ` with mode ${code(mode)}` : '';
  switch (state) {
    case 'directory':
      return `ensures directory ${code(path)} exists${withMode}`;
    case 'absent':
      return `removes ${code(path)} (recursively for a directory)`;
    case 'touch':
      return `creates ${code(path)} if missing or updates its timestamps${withMode}`;
    case 'link':
    case 'hard':
      return `ensures ${code(path)} is a ${state === 'hard' ? 'hard' : 'symbolic'} link to ${code(arg(args, 'src'))}`;
    default:
      return `sets the attributes of existing file ${code(path)}${withMode}`;
  }
}

function copyLike(verb: string, args: Args): string | undefined {
  const dest = arg(args, 'dest', 'path');
  if (dest === undefined) return undefined;
  const src = arg(args, 'src');
  const content = arg(args, 'content');
  const from = src !== undefined ? ` from ${code(src)}` : content !== undefined ? ' with the given content' : '';
  const mode = arg(args, 'mode');
  return `${verb}${from} to ${code(dest)} on the host${mode !== undefined ? ` with mode ${code(mode)}` : ''}`;
}

function user(kind: 'user' | 'group', args: Args): string | undefined {
  const name = arg(args, 'name');
  if (name === undefined) return undefined;
  return shown(arg(args, 'state')) === 'absent'
    ? `removes ${kind} ${code(name)}`
    : `ensures ${kind} ${code(name)} exists`;
}

function command(call: ModuleCall, args: Args, shell: boolean): string {
  const cmd = call.freeForm?.text ?? arg(args, 'cmd', 'argv', '_raw_params');
  const how = shell ? 'through the shell' : 'without a shell';
  const guard = arg(args, 'creates') ?? arg(args, 'removes');
  const skip =
    guard === undefined
      ? ''
      : args.has('creates')
        ? ` (skipped when ${code(guard)} already exists)`
        : ` (skipped when ${code(guard)} does not exist)`;
  return cmd === undefined ? `runs a command ${how}${skip}` : `runs ${code(cmd)} ${how}${skip}`;
}

/** Sentences for a few common modules, by short name. */
const specific: Record<string, (call: ModuleCall, args: Args) => string | undefined> = {
  package: (_, a) => packages(a),
  apt: (_, a) => packages(a) ?? (a.get('update_cache') === true ? 'updates the apt package cache' : undefined),
  dnf: (_, a) => packages(a),
  yum: (_, a) => packages(a),
  pip: (_, a) => packages(a),
  service: (_, a) => service(a),
  systemd: (_, a) => service(a),
  systemd_service: (_, a) => service(a),
  file: (_, a) => file(a),
  copy: (_, a) => copyLike('copies a file', a),
  template: (_, a) => copyLike('renders the Jinja template', a),
  user: (_, a) => user('user', a),
  group: (_, a) => user('group', a),
  command: (c, a) => command(c, a, false),
  shell: (c, a) => command(c, a, true),
  debug: (_, a) =>
    a.has('msg')
      ? `prints the message ${code(a.get('msg'))}`
      : a.has('var')
        ? `prints variable ${code(a.get('var'))}`
        : undefined,
  set_fact: (_, a) => (a.size ? `sets the fact(s) ${[...a.keys()].map((k) => '`' + k + '`').join(', ')}` : undefined),
  lineinfile: (_, a) => {
    const path = arg(a, 'path', 'dest', 'destfile', 'name');
    if (path === undefined) return undefined;
    if (shown(arg(a, 'state')) === 'absent') return `removes matching lines from ${code(path)}`;
    return a.has('line')
      ? `ensures the line ${code(a.get('line'))} is in ${code(path)}`
      : `edits lines of ${code(path)}`;
  },
  get_url: (_, a) => (a.has('url') ? `downloads ${code(a.get('url'))} to ${code(arg(a, 'dest'))}` : undefined),
  git: (_, a) => (a.has('repo') ? `checks out ${code(a.get('repo'))} into ${code(arg(a, 'dest'))}` : undefined),
  include_tasks: (c, a) =>
    `includes the tasks of ${code(c.freeForm?.text ?? arg(a, 'file', '_raw_params'))} at run time`,
  import_tasks: (c, a) =>
    `imports the tasks of ${code(c.freeForm?.text ?? arg(a, 'file', '_raw_params'))} when the playbook is parsed`,
  include_role: (_, a) => `runs role ${code(arg(a, 'name'))} at this point (included at run time)`,
  import_role: (_, a) => `runs role ${code(arg(a, 'name'))} at this point (imported when the playbook is parsed)`,
};

/** The first sentence of an option's documentation when it is short enough to quote. */
export function optionMeaning(doc: ModuleDoc | undefined, name: string): string | undefined {
  const opt = doc?.options[name] ?? Object.values(doc?.options ?? {}).find((o) => o.aliases.includes(name));
  if (!opt?.description) return undefined;
  const first = opt.description.split(/(?<=\.)\s/)[0].trim();
  return first.length <= 120 ? first : undefined;
}

/** What a call of a known module does, in plain words. */
export function moduleAction(call: ModuleCall, fqcn: string): string {
  const args: Args = new Map(call.args.map((a) => [a.name, a.value]));
  const short = fqcn.replace(/^ansible\.(builtin|legacy)\./, '');
  const say = /^ansible\.(builtin|legacy)\./.test(fqcn) ? specific[short] : undefined;
  const sentence = say?.(call, args);
  if (sentence) return sentence;
  const written = call.args.map((a) => `${a.name}=${shown(a.value, 40)}`);
  if (call.freeForm) written.unshift(shown(call.freeForm.text, 40));
  return written.length ? `runs ${fqcn} with ${written.join(', ')}` : `runs ${fqcn} with no options`;
}
