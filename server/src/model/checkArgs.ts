// What a fail or an assert says: the condition and the message of this project, never another
// project's (`my_param <= 100`, "Engine VM is not running, please check vdsm logs"). Called by
// argFilling.ts once the options are filled; `own` tells a value the file's or workspace's own
// tasks wrote (kept as it is).

import type { FillInput } from './argFilling';
import { assertedCondition, namedIdentifiers } from './factNames';
import { expressionVariables, isAnsibleVariable } from './jinjaScope';
import { escapeRe } from './nameSubstitution';
import { mainPart } from './text';

/** The placeholder an assert's required `that` gets when nothing fills it (argspec.ts `placeholder`). */
const PLACEHOLDER_THAT = '{{ that }}';

/**
 * Whether a bare Jinja expression (an assert's condition) reads a variable neither in scope nor
 * named by the description: `my_param <= 100` reads another project's `my_param`, "Test
 * users_shell" names this project's.
 */
export function foreignExpression(v: unknown, scope: ReadonlySet<string>, description: string): boolean {
  const named = namedIdentifiers(description);
  return [...expressionVariables(v)].some((n) => !scope.has(n) && !named.includes(n) && !isAnsibleVariable(n));
}

/** Makes a fail's or an assert's arguments this project's (in place). */
export function checkArgs(
  fqcn: string,
  args: Record<string, unknown>,
  input: Pick<FillInput, 'description' | 'section' | 'justRegistered' | 'projectTasks'>,
  own: (key: string, value: unknown) => boolean,
): void {
  // A fail says why in the description's words ("Fail if OS is not supported" → "OS is not
  // supported"), or in a rescue re-raises the failure it handles — not another project's message
  // ("Engine VM is not running"); the file's own messages stay.
  if (fqcn === 'ansible.builtin.fail' && !own('msg', args.msg)) {
    const why = /^(?:fail|stop|abort|exit)\w*(?: the play| play)?\s+(?:if|when|because|as|on)\s+(.+?)\.?$/i.exec(
      mainPart(input.description),
    )?.[1];
    if (input.section === 'rescue') args.msg = '{{ ansible_failed_result }}';
    else if (why) args.msg = /^[a-z]+\b(?![_.])/.test(why) ? why.charAt(0).toUpperCase() + why.slice(1) : why;
  }
  if (fqcn !== 'ansible.builtin.assert') return;
  // An assert checks the variable the description names: the examples' checks of another variable
  // are turned onto it ("Test users_shell" after "Test users_cron_allow"), else it is checked defined.
  const condition = assertedCondition(input.description);
  if (condition) Object.assign(args, assertedArgs(args, condition));
  // …else, with no condition of this project's, what the task just before registered: it ran well
  // (a stat's file exists). The examples' messages were about their conditions: the description
  // says what failed.
  else if (args.that === PLACEHOLDER_THAT) {
    const registered = input.justRegistered;
    const by = input.projectTasks?.find((t) => t.register === registered)?.fqcn;
    if (registered)
      args.that = by === 'ansible.builtin.stat' ? `${registered}.stat.exists` : `${registered} is succeeded`;
    for (const k of ['msg', 'fail_msg']) if (k in args && !own(k, args[k])) args[k] = mainPart(input.description);
    delete args.success_msg;
  }
}

/**
 * An assert's `that` (and messages) about the variable of `condition`: kept when they name it, the
 * one variable every condition tests replaced by it, else just `condition`.
 */
function assertedArgs(args: Record<string, unknown>, condition: string): Record<string, unknown> {
  const variable = condition.slice(0, condition.indexOf(' '));
  const that = [args.that].flat().filter((t): t is string => typeof t === 'string');
  const names = (t: string) => new RegExp(`(?<![\\w.])${escapeRe(variable)}(?![\\w])`).test(t);
  if (that.some(names)) return {};
  const tested = that.map((t) => /^\s*(?:not\s+)?([A-Za-z_][\w.]*)/.exec(t)?.[1]);
  const other = tested[0];
  const turned = (v: unknown) => (typeof v === 'string' && other ? v.split(other).join(variable) : v);
  const out: Record<string, unknown> = {};
  // Only plain tests carry over (`x is defined`, `x is string`); another project's comparisons do not.
  const same =
    !!other &&
    tested.every((x) => x === other) &&
    that.every((t) => /^\s*(?:not\s+)?[\w.]+\s+is\s+(?:not\s+)?\w+\s*$/.test(t));
  out.that = same ? that.map(turned) : [condition];
  for (const k of ['fail_msg', 'success_msg', 'msg'])
    if (k in args) out[k] = same && String(args[k]).includes(other!) ? turned(args[k]) : `Expected ${condition}`;
  return out;
}
