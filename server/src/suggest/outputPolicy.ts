// The output policy: a stage every model's task passes before placement (pipeline.ts `suggestFor`;
// `scribe serve` and anything else that shows a model's task should call `applyOutputPolicy` too).
// A model — embedded, re-ranked, a remote endpoint, a test double — is not trusted to choose *how*
// or *where* a task runs: a reply can put `become`, `delegate_to: evil`, `environment:
// {LD_PRELOAD: …}` or `vars: {ansible_python_interpreter: …}` under an innocent task name, and a
// user accepting ghost text rarely reads every line. So a task keyword stays only when the
// description (what the user typed) or the file around the task (what the user already wrote)
// justifies it; everything removed is returned as a one-line note naming the key, which the
// suggestion carries to `scribe suggest`, the JSON answers, the provenance ledger and the Training
// Matches view. Keywords that only say *what* happens to the task's result (when, loop, register,
// notify, tags, retries …) stay: they cannot move the task to another host, another user, another
// interpreter, or hide what it did.

import { parse } from 'yaml';
import { renderTask, tidyTask } from '../model/render';
import type { ModelSuggestion, TaskRequest } from '../model/types';

export interface OutputPolicyResult {
  suggestion: ModelSuggestion;
  /** One line per removal, naming the key (e.g. `removed delegate_to: "evil" (…)`); empty when nothing was. */
  notes: string[];
}

/**
 * Keywords kept as written: they shape the task's own flow and report, not its privileges, host,
 * process environment or visibility.
 */
const PLAIN_KEYWORDS: ReadonlySet<string> = new Set([
  'name',
  'when',
  'loop',
  'loop_control',
  'register',
  'notify',
  'listen',
  'tags',
  'changed_when',
  'until',
  'retries',
  'delay',
  'async',
  'poll',
  'run_once',
  'diff',
  'throttle',
  'timeout',
  'any_errors_fatal',
]);

/**
 * Variable names that choose how Ansible reaches and runs on a host (connection, user, privilege
 * escalation, the Python or shell it executes): set under `vars:`, `set_fact` or any other mapping
 * they redirect the task exactly as the keywords do. Any `*_interpreter` key counts, wherever it is.
 */
const CONNECTION_VARIABLE =
  /_interpreter$|^ansible_(?:become\w*|sudo\w*|su(?:_\w+)?|connection|host|port|user|password|ssh_\w+|shell_\w+|remote_tmp|pipelining|\w+_executable|module_compression|python\w*)$/i;

/**
 * Environment variables that make the programs the task starts load or run other code (dynamic
 * loader, interpreters' start-up hooks, shells, helpers a tool execs): kept only when the
 * description names them; the file around the task is not enough.
 */
const CODE_LOADING_ENV =
  /^(?:LD_\w+|DYLD_\w+|PYTHON(?:PATH|STARTUP|HOME|INSPECT|USERBASE)|PERL5?(?:LIB|OPT)|RUBY(?:OPT|LIB)|NODE_(?:OPTIONS|PATH)|BASH_ENV|ENV|PROMPT_COMMAND|PATH|IFS|SHELLOPTS|BASHOPTS|GIT_(?:SSH|SSH_COMMAND|EXEC_PATH|ASKPASS|CONFIG\w*)|SSH_ASKPASS|SUDO_ASKPASS|EDITOR|VISUAL|PAGER|LESSOPEN|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|ANSIBLE_\w+)$/i;

/** What the user says to ask for privilege escalation. */
const ASKS_BECOME =
  /\b(?:as root|root (?:privileges?|rights|access)|(?:with|using|via|through|under) sudo|sudo to|become|becoming|privileged|privilege escalation|elevated|as (?:the )?[\w.-]+ user|as user [\w.-]+)\b/i;
/** What the user says to accept a failing task. */
const ASKS_IGNORE =
  /\bignor\w*\b[^.]*\b(?:errors?|fail\w*|unreachable)\b|\b(?:even )?if (?:it )?fails\b|\bmay fail\b|\bbest[- ]effort\b|\b(?:don'?t|do not|never|without) fail\w*\b|\bunreachable\b/i;
/** What the user says to keep output out of logs (or what makes it needed: a secret in the task). */
const ASKS_NO_LOG =
  /\b(?:no_log|secrets?|password|passphrase|passwd|token|credentials?|api[ _-]?key|sensitive|private key|don'?t log|do not log|without logging|hide (?:the )?output)\b/i;
const SECRET_NAME = /pass|secret|token|cred|auth|private|api_?key|(?:^|_)key(?:$|_)/i;
/** What the user says to run a task on the controller. */
const ASKS_LOCAL = /\b(?:locally|localhost|local machine|control(?:ler| node| host| machine)|on the controller)\b/i;

interface Context {
  description: string;
  /** Keys of the enclosing play/block(s) as written above the task (nearest first wins). */
  enclosing: Map<string, string>;
  /** The file above the task. */
  fileText: string;
  variables: readonly string[];
}

type Verdict = { keep: true; value?: unknown } | { keep: false; why: string };

const keep = (value?: unknown): Verdict => ({ keep: true, value });
const drop = (why: string): Verdict => ({ keep: false, why });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `word` appears in `text` as a whole word (case-insensitive); Jinja braces and quotes ignored. */
function mentions(text: string, word: unknown): boolean {
  if (typeof word !== 'string' && typeof word !== 'number') return false;
  const w = String(word)
    .replace(/\{\{|\}\}/g, '')
    .trim();
  if (!w) return false;
  return new RegExp(`(?:^|[^\\w.-])${escapeRegExp(w)}(?:$|[^\\w-])`, 'i').test(text);
}

function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return typeof v === 'string' && /^(?:true|yes|on|1|y)$/i.test(v.trim());
}

const falsyConstant = (v: unknown) =>
  v === false || v === 0 || (typeof v === 'string' && /^(?:false|no|off|0|n)$/i.test(v.trim()));

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key as a note names it: as written when plain, else quoted (no control characters reach a terminal). */
const keyName = (k: string) => (/^[\w.-]+$/.test(k) ? k : JSON.stringify(k));

function shown(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v ?? null);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * The keys of the play and block(s) that enclose a task whose `- ` stands at column `listIndent`,
 * read from the text above it: each enclosing mapping's keys at its own column, up to the list item
 * that starts it (what came before belongs to a sibling). The nearest enclosing value wins.
 */
export function enclosingKeys(fileText: string, listIndent: number): Map<string, string> {
  const found = new Map<string, string>();
  const lines = fileText.split('\n');
  let limit = listIndent;
  let column = -1;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const m = /^( *)(- +)?([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(lines[i].replace(/[ \t]+#.*$/, ''));
    if (!m) continue;
    const keyColumn = m[1].length + (m[2]?.length ?? 0);
    if (keyColumn >= limit) continue; // inside a sibling, or the task's own list
    if (column < 0 || keyColumn < column) column = keyColumn;
    if (keyColumn === column && !found.has(m[3])) found.set(m[3], (m[4] ?? '').trim());
    if (m[2]) {
      limit = m[1].length;
      column = -1;
    }
  }
  return found;
}

// ---- the rules, one per keyword that changes where, as whom, with what or how visibly it runs ----

const rules: Record<string, (value: unknown, ctx: Context, task: Record<string, unknown>) => Verdict> = {
  // Privilege escalation runs the task as root (or another user): only when asked in words, or when
  // the enclosing play/block already escalates (then the task merely repeats it). `become: false`
  // lowers privileges and is kept where something above escalates.
  become: (v, ctx) => {
    const above = truthy(ctx.enclosing.get('become'));
    // Anything but a constant false may escalate (`"{{ true }}"` does).
    if (!falsyConstant(v))
      return ASKS_BECOME.test(ctx.description) || above
        ? keep()
        : drop(
            'privilege escalation the description does not ask for ("as root", "with sudo", "become") and no enclosing play/block uses',
          );
    return above ? keep() : drop('not needed: nothing above escalates privileges');
  },
  // The user to become: named in the description, the enclosing play's own, or root when the
  // description asks for root.
  become_user: (v, ctx, task) => {
    const escalates = becomeKept(task, ctx);
    if (!escalates) return drop('a user to become, without a privilege escalation the description asks for');
    if (mentions(ctx.description, v) || ctx.enclosing.get('become_user') === String(v)) return keep();
    if (String(v) === 'root' && /\broot\b|\bsudo\b|\bbecome\b/i.test(ctx.description)) return keep();
    return drop('a user the description does not name');
  },
  // How to escalate: the enclosing play's method, one the description names, or plain sudo (the default).
  become_method: (v, ctx, task) =>
    becomeKept(task, ctx) &&
    (v === 'sudo' || mentions(ctx.description, v) || ctx.enclosing.get('become_method') === String(v))
      ? keep()
      : drop('an escalation method the description does not name'),
  // The escalation program and its flags are an arbitrary command line: only as the description or
  // the enclosing play/block writes them.
  become_exe: (v, ctx) =>
    mentions(ctx.description, v) || ctx.enclosing.get('become_exe') === String(v)
      ? keep()
      : drop('an escalation program the description does not name'),
  become_flags: (v, ctx) =>
    mentions(ctx.description, v) || ctx.enclosing.get('become_flags') === String(v)
      ? keep()
      : drop('escalation flags the description does not give'),
  // Another host runs the task (and gets its arguments): the description names it or says to
  // delegate, or asks to run locally for localhost, or the enclosing block delegates there already.
  delegate_to: (v, ctx) => {
    const host = String(v);
    if (mentions(ctx.description, host) || /\bdelegat/i.test(ctx.description)) return keep();
    if (/^(?:localhost|127\.0\.0\.1|::1)$/.test(host) && ASKS_LOCAL.test(ctx.description)) return keep();
    if (ctx.enclosing.get('delegate_to') === host) return keep();
    return drop('runs the task on a host the description does not name');
  },
  // Meaningful only with a delegate_to that stays.
  delegate_facts: (_v, ctx, task) =>
    'delegate_to' in task && rules.delegate_to(task.delegate_to, ctx, task).keep
      ? keep()
      : drop('without a delegate_to the description asks for'),
  // How and as whom Ansible connects: as the description or the enclosing play says.
  connection: (v, ctx) =>
    mentions(ctx.description, v) || ctx.enclosing.get('connection') === String(v)
      ? keep()
      : drop('a connection the description does not ask for'),
  remote_user: (v, ctx) =>
    mentions(ctx.description, v) || ctx.enclosing.get('remote_user') === String(v)
      ? keep()
      : drop('a remote user the description does not name'),
  port: (v, ctx) =>
    mentions(ctx.description, v) || ctx.enclosing.get('port') === String(v)
      ? keep()
      : drop('a connection port the description does not give'),
  // The process environment of everything the task starts. A variable stays when the description
  // names it, or (unless it loads code: LD_PRELOAD, PYTHONPATH, PATH …) when the file above already
  // sets it; proxies when the description speaks of a proxy. A Jinja reference stays when it names a
  // variable in scope and the description speaks of the environment.
  environment: (v, ctx) => {
    if (typeof v === 'string') {
      const named = /\{\{\s*([A-Za-z_]\w*)/.exec(v)?.[1];
      return named && ctx.variables.includes(named) && /\benv/i.test(ctx.description)
        ? keep()
        : drop('an environment the description does not ask for');
    }
    if (!isMapping(v)) return drop('not an environment mapping');
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(v)) {
      if (mentions(ctx.description, name)) kept[name] = value;
      else if (CODE_LOADING_ENV.test(name)) continue;
      else if (/_proxy$/i.test(name) && /\bproxy\b/i.test(ctx.description)) kept[name] = value;
      else if (new RegExp(`(?:^|[\\s{,'"])${escapeRegExp(name)}\\s*[:=]`, 'm').test(ctx.fileText)) kept[name] = value;
    }
    const removed = Object.keys(v).filter((k) => !(k in kept));
    if (!removed.length) return keep();
    if (!Object.keys(kept).length)
      return drop('environment variables the description does not name and the file does not set');
    return { keep: true, value: kept };
  },
  // Task variables: one stays when the description names it or the task's own text uses it in a
  // Jinja expression (what task vars are for); connection and interpreter variables never through
  // here (they are removed wherever they are, below).
  vars: (v, ctx, task) => {
    if (!isMapping(v)) return drop('not a variables mapping');
    const rest = JSON.stringify(Object.fromEntries(Object.entries(task).filter(([k]) => k !== 'vars')));
    const used = (name: string) => new RegExp(`\\{[{%][^}]*\\b${escapeRegExp(name)}\\b`).test(rest);
    const kept = Object.fromEntries(
      Object.entries(v).filter(([name]) => mentions(ctx.description, name) || used(name)),
    );
    if (Object.keys(kept).length === Object.keys(v).length) return keep();
    if (!Object.keys(kept).length) return drop('variables the description does not name and the task does not use');
    return keep(kept);
  },
  // Hides the task's output and its failure messages from the user: only to protect a secret the
  // description speaks of or the task's own options hold, or as the enclosing play/block does.
  no_log: (v, ctx, task) => {
    if (falsyConstant(v)) return keep(); // a constant false hides nothing; `"{{ 1 }}"` would
    const own = Object.fromEntries(Object.entries(task).filter(([k]) => k !== 'vars' && k !== 'environment'));
    const secretArgs =
      JSON.stringify(own)
        .match(/"([\w-]+)":/g)
        ?.some((k) => SECRET_NAME.test(k)) ?? false;
    return ASKS_NO_LOG.test(ctx.description) || secretArgs || truthy(ctx.enclosing.get('no_log'))
      ? keep()
      : drop('hides what the task does, and the description speaks of no secret');
  },
  // Turns a failure into success: only when the description accepts failure in words, or as the
  // enclosing play/block does.
  ignore_errors: (v, ctx) =>
    falsyConstant(v) || ASKS_IGNORE.test(ctx.description) || truthy(ctx.enclosing.get('ignore_errors'))
      ? keep()
      : drop('hides a failure, and the description does not say to ignore errors'),
  ignore_unreachable: (v, ctx) =>
    falsyConstant(v) || ASKS_IGNORE.test(ctx.description) || truthy(ctx.enclosing.get('ignore_unreachable'))
      ? keep()
      : drop('hides an unreachable host, and the description does not say to ignore it'),
  // A `failed_when` that reads nothing (`false`, `1 == 2`, `"{{ false }}"`) never fails: it is
  // `ignore_errors` by another name. A condition on something (a registered result, a variable) stays.
  failed_when: (v, ctx) =>
    readsSomething(v) || ASKS_IGNORE.test(ctx.description)
      ? keep()
      : drop('never fails (hides a failure), and the description does not say to ignore errors'),
  // `check_mode: false` runs the task for real during a dry run (`--check`): only when the
  // description says so. `check_mode: true` (always a dry run) is harmless.
  check_mode: (v, ctx) =>
    truthy(v) || /\bcheck[ _]mode\b|\bdry[- ]run\b/i.test(ctx.description)
      ? keep()
      : drop('makes the task change hosts even in a dry run (--check), which the description does not ask for'),
  // Change how every module of the task resolves and defaults: only when the description names them.
  module_defaults: (_v, ctx) =>
    /\bmodule_defaults\b|\bdefaults?\b/i.test(ctx.description) ? keep() : drop('not asked for by the description'),
  collections: (_v, ctx) =>
    /\bcollections?\b/i.test(ctx.description) ? keep() : drop('not asked for (the module is written by its FQCN)'),
  debugger: (_v, ctx) => (/\bdebugger\b/i.test(ctx.description) ? keep() : drop('not asked for by the description')),
};

/** Whether a condition (a string, a list of them) names anything besides literals and operators. */
function readsSomething(v: unknown): boolean {
  const parts = Array.isArray(v) ? v : [v];
  return parts.some(
    (p) =>
      typeof p === 'string' &&
      (p.replace(/(["'])(?:(?!\1).)*\1/g, '').match(/[A-Za-z_]\w*/g) ?? []).some(
        (w) => !/^(?:true|false|none|and|or|not|in|is|if|else|True|False|None|yes|no)$/.test(w),
      ),
  );
}

function becomeKept(task: Record<string, unknown>, ctx: Context): boolean {
  if (truthy(ctx.enclosing.get('become'))) return true;
  return truthy(task.become) && ASKS_BECOME.test(ctx.description);
}

/**
 * Connection and interpreter variables removed from a value at any depth (e.g. under `vars`, a
 * `set_fact`, a loop item), unless the description names the variable itself.
 */
function scrub(value: unknown, path: string, ctx: Context, notes: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => scrub(v, `${path}[${i}]`, ctx, notes));
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${keyName(k)}` : keyName(k);
    if (CONNECTION_VARIABLE.test(k) && !mentions(ctx.description, k)) {
      notes.push(
        `removed ${at}: ${shown(v)} (changes how Ansible connects, escalates or which interpreter it runs; the description does not name it)`,
      );
      continue;
    }
    out[k] = scrub(v, at, ctx, notes);
  }
  return out;
}

/**
 * A module's arguments under the policy: `executable` (the shell or program a command module runs
 * the command with, e.g. `args: executable: /tmp/x`) only when the description names that program;
 * connection and interpreter variables removed at any depth.
 */
function policyArgs(
  args: Record<string, unknown>,
  ctx: Context,
  notes: string[],
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v0] of Object.entries(args)) {
    let v = v0;
    // Free-form text: Ansible reads `executable=…` words in it as the option.
    if (k === '_raw_params' && typeof v === 'string') {
      const words = v.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
      const kept = words.filter((w) => {
        const m = /^executable=(["']?)(.*)\1$/.exec(w);
        if (!m || mentions(ctx.description, m[2].replace(/^.*\//, ''))) return true;
        notes.push(
          `removed ${where}.executable: ${shown(m[2])} (runs the task with another program; the description does not name it)`,
        );
        return false;
      });
      if (kept.length !== words.length) v = kept.join(' ');
    }
    if (k === 'executable') {
      const program = typeof v === 'string' ? v.replace(/^.*\//, '') : '';
      if (!(program && mentions(ctx.description, program)) && !mentions(ctx.description, v)) {
        notes.push(
          `removed ${where}.executable: ${shown(v)} (runs the task with another program; the description does not name it)`,
        );
        continue;
      }
    }
    out[k] = v;
  }
  return scrub(out, where, ctx, notes) as Record<string, unknown>;
}

/**
 * The model's task with only the keywords the description or the file justifies, and what was
 * removed. `{reason}` when the task body is not one YAML mapping the policy can check (it is then
 * not offered at all).
 */
export function applyOutputPolicy(out: ModelSuggestion, req: TaskRequest): OutputPolicyResult | { reason: string } {
  let body: unknown;
  try {
    body = parse(out.yaml);
  } catch {
    body = undefined;
  }
  if (!isMapping(body))
    return { reason: `the model's task for ${JSON.stringify(req.description)} is not one YAML mapping` };
  const fileText = req.context.fileText ?? '';
  const ctx: Context = {
    description: req.description,
    enclosing: req.context.listIndent !== undefined ? enclosingKeys(fileText, req.context.listIndent) : new Map(),
    fileText,
    variables: req.context.variables,
  };
  const moduleKey =
    out.fqcn in body
      ? out.fqcn
      : Object.keys(body).find((k) => !PLAIN_KEYWORDS.has(k) && !(k in rules) && k !== 'args' && !/^with_/.test(k));
  const notes: string[] = [];
  const keywords: Record<string, unknown> = {};
  let bodyArgs: Record<string, unknown> = {};
  const moduleValue = moduleKey ? body[moduleKey] : undefined;
  if (isMapping(moduleValue)) bodyArgs = { ...moduleValue };
  else if (typeof moduleValue === 'string') bodyArgs = { _raw_params: moduleValue };
  for (const [key, value] of Object.entries(body)) {
    if (key === moduleKey || key === 'name') continue;
    if (key === 'args') {
      if (isMapping(value)) Object.assign(bodyArgs, value);
      else notes.push(`removed args: ${shown(value)} (not a mapping of module options)`);
      continue;
    }
    if (PLAIN_KEYWORDS.has(key) || /^with_[a-z0-9_]+$/.test(key)) {
      keywords[key] = value;
      continue;
    }
    const rule = rules[key] as (typeof rules)[string] | undefined;
    const verdict = rule ? rule(value, ctx, body) : drop(`not a keyword the output policy knows to be harmless`);
    if (!verdict.keep) {
      notes.push(`removed ${keyName(key)}: ${shown(value)} (${verdict.why})`);
      continue;
    }
    if (verdict.value !== undefined) {
      const before = value as Record<string, unknown>;
      const after = verdict.value as Record<string, unknown>;
      for (const k of Object.keys(before).filter((k) => !(k in after)))
        notes.push(
          `removed ${key}.${keyName(k)}: ${shown(before[k])} (${key === 'vars' ? 'a variable the description does not name and the task does not use' : 'an environment variable the description does not name and the file does not set'})`,
        );
    }
    keywords[key] = verdict.value ?? value;
  }
  // Connection and interpreter variables anywhere in what stays.
  for (const key of Object.keys(keywords)) keywords[key] = scrub(keywords[key], keyName(key), ctx, notes);
  const argNotes: string[] = [];
  const args = policyArgs(bodyArgs, ctx, argNotes, 'args');
  notes.push(...argNotes);
  if (!notes.length) return { suggestion: out, notes };
  // What the model's own `args` (what local learning keeps) loses the same way.
  const modelArgs = policyArgs(out.args, ctx, [], 'args');
  const yaml = tidyTask(renderTask(out.fqcn, args, keywords));
  return { suggestion: { ...out, args: modelArgs, keywords, yaml }, notes };
}
