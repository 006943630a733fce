// What `scribe eval` reports for studying errors, beyond the paper's metrics: variables a suggestion
// brings in from nowhere ("foreign variables", issue 12), `command`/`shell` where a module does the
// job, and a per-module confusion summary. The Jinja reader and the command → module table are the
// model's own (model/jinjaScope.ts, model/commandModules.ts), so eval and model judge alike.
//
// In scope for a suggestion (judged only from what the request carries, i.e. the file before the
// task and, with a record's `path`, its role's defaults/vars on disk):
//   - the request's variables: play `vars:`/`vars_prompt:`, enclosing blocks' `vars:`, the role's
//     defaults/vars, earlier tasks' `register:` and `set_fact` keys, and every variable the file's
//     earlier tasks already use (defined somewhere they can see: inventory, role defaults);
//   - the variables the task's own name writes ("ensure {{ mariadb_service }} is started", "Test
//     users_shell"): the user typed them, so they are the project's;
//   - the suggestion's own `vars:` keys, `register:` and `loop_control.loop_var`;
//   - Ansible's facts (`ansible_*`) and magic variables (`inventory_hostname`, `hostvars`,
//     `groups`, `group_names`, `omit`, `playbook_dir`, `role_path` … as listed in jinjaScope.ts);
//   - `item` only when the suggestion itself loops (`loop:`/`with_*:`, without a `loop_var` that
//     renames it) or the request lists it in scope; a dangling `{{ item }}` is foreign.
// Values read: the module's arguments and the task keywords, with the bare Jinja expressions of
// `when`/`changed_when`/`failed_when`/`until`, an assert's `that` and a debug's `var` read as `{{ … }}`.

import { isCommandModule, moduleForCommand } from '../model/commandModules';
import { lintModuleWhereAsked } from './commandInsteadOfModule';
import { namedIdentifiers } from '../model/factNames';
import { foreignVariables, jinjaVariables } from '../model/jinjaScope';
import type { ModelSuggestion, TaskRequest } from '../model/types';

const BARE_JINJA = new Set(['when', 'changed_when', 'failed_when', 'until']);
/** Module options that hold a bare Jinja expression. */
const BARE_ARGS: Record<string, string> = { 'ansible.builtin.assert': 'that', 'ansible.builtin.debug': 'var' };

/** Variables a suggestion reads that are not in scope for its request (see the rule above). */
export function suggestionForeignVariables(
  s: Pick<ModelSuggestion, 'args' | 'keywords'> & { fqcn?: string },
  request: Pick<TaskRequest, 'context' | 'description'>,
): string[] {
  const kw = s.keywords ?? {};
  const scope = new Set([
    ...request.context.variables,
    ...jinjaVariables(request.description),
    ...namedIdentifiers(request.description),
  ]);
  const vars = kw.vars;
  if (vars && typeof vars === 'object' && !Array.isArray(vars)) for (const k of Object.keys(vars)) scope.add(k);
  if (typeof kw.register === 'string') scope.add(kw.register);
  const loopControl = kw.loop_control as Record<string, unknown> | undefined;
  const loopVar = typeof loopControl?.loop_var === 'string' ? loopControl.loop_var : undefined;
  if (loopVar) scope.add(loopVar);
  const loops = Object.keys(kw).some((k) => k === 'loop' || k.startsWith('with_'));

  const read: unknown[] = [s.args];
  const bare = BARE_ARGS[s.fqcn ?? ''];
  if (bare) read.push(bareToTemplate(s.args[bare]));
  for (const [k, v] of Object.entries(kw)) {
    if (k === 'register' || k === 'vars') continue;
    if (BARE_JINJA.has(k)) read.push(bareToTemplate(v));
    else read.push(v);
  }
  const foreign = new Set(foreignVariables(read, scope));
  if (!loops && !scope.has('item') && jinjaVariables(read).has('item')) foreign.add('item');
  // A loop_var renames the item: `item` itself is then as dangling as without a loop.
  if (loops && loopVar && loopVar !== 'item' && !scope.has('item') && jinjaVariables(read).has('item'))
    foreign.add('item');
  // The `vars:` values are read too: they may use other variables (but not themselves).
  if (vars && typeof vars === 'object' && !Array.isArray(vars))
    for (const n of foreignVariables(Object.values(vars), new Set([...scope].filter((x) => !(x in vars)))))
      foreign.add(n);
  return [...foreign];
}

function bareToTemplate(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('{{') ? v : `{{ ${v} }}`;
  if (Array.isArray(v)) return v.map(bareToTemplate);
  return v;
}

/**
 * The module a `command`/`shell` action should have been, or undefined when it is not a command or
 * none fits: ansible-lint's command-instead-of-module list (eval/commandInsteadOfModule.ts, an
 * independent judge), else model/commandModules.ts's wider rule; neither when the description asks
 * for a command.
 */
export function commandWhereModule(fqcn: string, args: ReadonlyMap<string, unknown>, description: string) {
  if (!isCommandModule(fqcn)) return undefined;
  const line = args.get('_raw_params') ?? args.get('cmd');
  return lintModuleWhereAsked(fqcn, line, description) ?? moduleForCommand(line, description);
}

/** One reference module's row of the confusion summary. */
export interface ConfusionRow {
  /** The reference module (FQCN, or as written when the catalog does not know it). */
  reference: string;
  n: number;
  /** How many suggestions had the reference's module. */
  right: number;
  /** What was suggested instead, most often first ('(none)': no suggestion). */
  predicted: { module: string; count: number }[];
}

/** Reference module → what was suggested, most-confused (most wrong) first. */
export function confusionSummary(pairs: readonly { reference: string; predicted: string }[]): ConfusionRow[] {
  const byRef = new Map<string, Map<string, number>>();
  for (const { reference, predicted } of pairs) {
    const ref = reference || '(unparsed)';
    const m = byRef.get(ref) ?? new Map<string, number>();
    byRef.set(ref, m);
    const p = predicted || '(none)';
    m.set(p, (m.get(p) ?? 0) + 1);
  }
  const rows: ConfusionRow[] = [...byRef].map(([reference, m]) => {
    const n = [...m.values()].reduce((a, b) => a + b, 0);
    const right = m.get(reference) ?? 0;
    const predicted = [...m]
      .filter(([module]) => module !== reference)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([module, count]) => ({ module, count }));
    return { reference, n, right, predicted };
  });
  return rows.sort((a, b) => b.n - b.right - (a.n - a.right) || b.n - a.n || a.reference.localeCompare(b.reference));
}

/** The summary as text: `reference  n  right  wrong  → predicted ×count, …` (top `limit` rows). */
export function formatConfusion(system: string, rows: readonly ConfusionRow[], limit = 25): string {
  const shown = rows.slice(0, limit);
  const head = ['reference module', 'n', 'right', 'wrong', 'suggested instead (count)'];
  const cells = shown.map((r) => [
    r.reference,
    String(r.n),
    String(r.right),
    String(r.n - r.right),
    r.predicted
      .slice(0, 5)
      .map((p) => `${p.module} ${p.count}`)
      .join(', ') + (r.predicted.length > 5 ? `, … (${r.predicted.length - 5} more)` : ''),
  ]);
  const widths = head.map((h, i) => (i === 4 ? 0 : Math.max(h.length, ...cells.map((c) => c[i].length))));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]) : i < 4 ? x.padStart(widths[i]) : x))
      .join('  ')
      .trimEnd();
  const more = rows.length > limit ? [`… ${rows.length - limit} more reference modules (--json has all)`] : [];
  return [`${system}: confusion by reference module, most wrong first`, line(head), ...cells.map(line), ...more]
    .join('\n')
    .concat('\n');
}
