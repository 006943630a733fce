// Which variables a value's Jinja reads, and whether they are in scope: a suggestion must not
// bring in a variable the user's files never define (issue 12: `he_webui_forward_port` copied from
// an oVirt role). Names are read from `{{ … }}` and `{% … %}` without a Jinja parser: identifiers
// that are not attributes (`.x`), filters or tests (`| x`, `is x`), keywords or string contents.

import { JINJA_GLOBALS, JINJA_KEYWORDS, MAGIC_VARIABLES } from '../document/jinja';

/** Names Ansible or Jinja define everywhere. */
const ALWAYS: ReadonlySet<string> = new Set([...MAGIC_VARIABLES, ...JINJA_GLOBALS, 'environment']);

const BLOCK = /\{\{(.*?)\}\}|\{%(.*?)%\}/gs;
const TOKEN = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\S/g;

/** Variables a value's Jinja reads (roots only: `nginx.user` → nginx), in order, deduplicated. */
export function jinjaVariables(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') {
    if (!v.includes('{')) return out;
    const bound = new Set<string>();
    for (const b of v.matchAll(BLOCK)) {
      const tokens = (b[1] ?? b[2]).match(TOKEN) ?? [];
      tokens.forEach((t, i) => {
        if (!/^[A-Za-z_]/.test(t)) return;
        const before = tokens[i - 1];
        if (before === '.' || before === '|' || before === 'is' || (before === 'not' && tokens[i - 2] === 'is')) return;
        // `for x in …` and `set x = …` bind x; `f(key=…)` names an argument.
        if (before === 'for' || before === 'set' || (before === ',' && tokens[i - 2] && bound.has(tokens[i - 2]))) {
          bound.add(t);
          return;
        }
        if (tokens[i + 1] === '=' && tokens[i + 2] !== '=') return;
        // `lookup(…)`, `range(…)`: a call names a Jinja global or filter function, not a variable.
        if (tokens[i + 1] === '(') return;
        if (JINJA_KEYWORDS.has(t) || bound.has(t)) return;
        out.add(t);
      });
    }
  } else if (Array.isArray(v)) for (const x of v) jinjaVariables(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) jinjaVariables(x, out);
  return out;
}

/** Variables bare Jinja expressions read (`when:`, an assert's `that:`, a debug's `var:`). */
export function expressionVariables(v: unknown, out = new Set<string>()): Set<string> {
  for (const e of [v].flat()) if (typeof e === 'string') jinjaVariables(`{{ ${e} }}`, out);
  return out;
}

/** Variables a module's arguments read: their Jinja, and the bare expressions of assert's `that` and debug's `var`. */
export function argVariables(fqcn: string, args: Record<string, unknown>): Set<string> {
  const bare = fqcn === 'ansible.builtin.assert' ? args.that : fqcn === 'ansible.builtin.debug' ? args.var : undefined;
  return expressionVariables(bare, jinjaVariables(args));
}

/** Ansible's own facts and magic names: in scope everywhere. */
export function isAnsibleVariable(name: string): boolean {
  return ALWAYS.has(name) || name.startsWith('ansible_');
}

/** Variables a value reads that are not in scope (Ansible's own facts and magic names always are). */
export function foreignVariables(v: unknown, scope: ReadonlySet<string>): string[] {
  return [...jinjaVariables(v)].filter((n) => !scope.has(n) && !isAnsibleVariable(n));
}
