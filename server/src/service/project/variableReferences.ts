// Find references and rename for variables: every place that defines a variable (play and task
// `vars:`, vars files, role defaults and vars, group_vars/host_vars, `register:`, `set_fact`,
// `loop_var`; variables.ts `definitionsIn`) and every place that reads it inside Jinja or a bare
// expression (`{{ web_port }}`, `when: result is failed`, `vars.web_port`; variables.ts
// `variableUses`), across the documents given (the ones in reach, and the folder's templates).
//
// Rename edits the name alone and refuses, naming the place, when a text edit cannot be known to
// be complete: a variable named by a string or built from pieces inside Jinja (`vars['web_port']`,
// `lookup('vars', 'web_' ~ x)`), read through a computed name (`vars[key]`, `hostvars[host][key]`,
// `query('varnames', '^web_')`) or every variable turned into data (`vars | dict2items`); a name that
// is Ansible's own or defined nowhere in the workspace; a new name that is not one Ansible accepts,
// is reserved, or is already defined or read in scope.

import type { Location, TextEdit } from 'vscode-languageserver-types';
import { JINJA_GLOBALS, JINJA_KEYWORDS, MAGIC_VARIABLES } from '../../document/jinja';
import { blockKeywords, playKeywords, taskKeywords } from '../../document/keywords';
import type { AnsibleDocument, Span } from '../../document/model';
import { uriToPath } from '../../document/uri';
import type { RenameResult } from './handlers';
import {
  definitionsIn,
  jinjaExpressions,
  jinjaTokens,
  readsVariablesByName,
  variableAt,
  variableUses,
  type JinjaExpression,
  type JinjaToken,
} from './variables';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Python's keywords: Ansible refuses them as variable names (ansible.utils.vars.isidentifier). */
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]); // prettier-ignore
/**
 * Play, block and task keywords: Ansible warns "Found variable using reserved name" for them
 * (ansible.vars.reserved.get_reserved_names, which lists the playbook objects' attributes).
 */
const RESERVED_BY_PLAYBOOKS: ReadonlySet<string> = new Set([...playKeywords, ...blockKeywords, ...taskKeywords]);

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** Whether Ansible itself sets the name: magic variables, `vars`, facts and connection variables (`ansible_*`). */
const isAnsibles = (name: string) => MAGIC_VARIABLES.includes(name) || name === 'vars' || name.startsWith('ansible_');

/** The variable under the offset, at a use or at a definition, with the span of its name alone. */
export function variableNameAt(doc: AnsibleDocument, offset: number): { name: string; span: Span } | undefined {
  const use = variableAt(doc, offset);
  if (use) return use;
  const def = definitionsIn(doc).find((d) => contains(d.span, offset));
  return def && IDENTIFIER.test(def.name) ? { name: def.name, span: nameSpan(doc, def.span, def.name) } : undefined;
}

/** Why `name` cannot be renamed to anything (prepareRename says so before a new name is typed). */
export function renameRefusedFor(name: string): string | undefined {
  return isAnsibles(name)
    ? `'${name}' is Ansible's own variable (a magic variable, fact or connection variable) and cannot be renamed.`
    : undefined;
}

/** Where `name` itself stands inside `span` (a quoted key or register value holds it within quotes). */
function nameSpan(doc: AnsibleDocument, span: Span, name: string): Span {
  const at = doc.text.slice(span.start, span.end).indexOf(name);
  return at < 0 ? span : { start: span.start + at, end: span.start + at + name.length };
}

interface Occurrence {
  doc: AnsibleDocument;
  span: Span;
  definition: boolean;
}

function occurrences(name: string, docs: readonly AnsibleDocument[]): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  const add = (doc: AnsibleDocument, span: Span, definition: boolean) => {
    const key = `${doc.uri}#${span.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ doc, span, definition });
  };
  for (const doc of docs) {
    for (const d of definitionsIn(doc)) if (d.name === name) add(doc, nameSpan(doc, d.span, name), true);
    for (const u of variableUses(doc)) if (u.name === name) add(doc, u.span, false);
  }
  return out;
}

/** Every definition (unless `includeDeclaration` is false) and use of `name` across `docs`. */
export function variableReferences(
  name: string,
  docs: readonly AnsibleDocument[],
  includeDeclaration = true,
): Location[] {
  return occurrences(name, docs)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri: o.doc.uri, range: o.doc.lines.range(o.span) }));
}

/** The index of the token closing the bracket or parenthesis opened at `open`. */
function closing(tokens: readonly JinjaToken[], open: number): number {
  const [o, c] = tokens[open].text === '(' ? ['(', ')'] : ['[', ']'];
  for (let i = open, depth = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'op') continue;
    if (tokens[i].text === o) depth++;
    else if (tokens[i].text === c && --depth === 0) return i;
  }
  return tokens.length;
}

const JOIN = new Set(['~', '+']);
const LOOKUPS = new Set(['lookup', 'query', 'q']);

/** Why `expression` may reach `name` in a way a text edit cannot follow, or undefined. */
export function dynamicAccess(expression: JinjaExpression, name: string): string | undefined {
  const tokens = jinjaTokens(expression);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.kind === 'string') {
      if (t.text === name) return `names '${name}' in a string`;
      const joined = (prev?.kind === 'op' && JOIN.has(prev.text)) || (next?.kind === 'op' && JOIN.has(next.text));
      if (joined && t.text.length >= 2 && name.includes(t.text)) return `builds a variable name from pieces`;
    }
    if (t.kind === 'op' && t.text === '[' && readsVariablesByName(tokens, i - 1)) {
      const key = tokens.slice(i + 1, closing(tokens, i));
      if (key.length !== 1 || key[0].kind !== 'string') return 'reads a variable whose name is computed';
    }
    if (t.kind === 'op' && t.text === '|' && readsVariablesByName(tokens, i - 1))
      return "turns every variable's name into data";
    if (t.kind === 'name' && LOOKUPS.has(t.text) && next?.text === '(') {
      const plugin = tokens[i + 2];
      if (plugin?.kind !== 'string' || (plugin.text !== 'vars' && plugin.text !== 'varnames')) continue;
      const args = tokens.slice(i + 3, closing(tokens, i + 1));
      const computed = args.some((a, k) => a.kind === 'name' && args[k + 1]?.text !== '=');
      if (computed) return 'reads a variable whose name is computed';
      if (plugin.text === 'varnames' && args.some((a) => a.kind === 'string' && matches(a.text, name)))
        return `selects variables by a pattern that matches '${name}'`;
    }
  }
  return undefined;
}

/** Whether the Python regular expression `pattern` (as the varnames lookup searches) matches `name`. */
function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return true; // a pattern JavaScript cannot read: assume it may match
  }
}

/** "roles/web/tasks/main.yml:3" for an offset, relative to the workspace folder holding it. */
function place(doc: AnsibleDocument, offset: number, roots: readonly string[]): string {
  const path = uriToPath(doc.uri) ?? doc.uri;
  const root = roots.find((r) => path.startsWith(r + '/'));
  const file = root ? path.slice(root.length + 1) : path.split('/').slice(-3).join('/');
  return `${file}:${doc.lines.positionAt(offset).line + 1}`;
}

const shown = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 80 ? t.slice(0, 77) + '…' : t;
};

/** Why `newName` cannot be a variable's new name, before looking at the workspace. */
function badNewName(newName: string): string | undefined {
  if (!IDENTIFIER.test(newName))
    return `'${newName}' is not a variable name (letters, digits and _, not starting with a digit).`;
  if (PYTHON_KEYWORDS.has(newName) || JINJA_KEYWORDS.has(newName) || JINJA_GLOBALS.has(newName))
    return `'${newName}' is reserved by Jinja or Python.`;
  if (isAnsibles(newName)) return `'${newName}' is reserved: Ansible sets it itself.`;
  if (RESERVED_BY_PLAYBOOKS.has(newName)) return `'${newName}' is reserved: it is a play or task keyword.`;
  return undefined;
}

export function renameVariable(
  name: string,
  newName: string,
  docs: readonly AnsibleDocument[],
  roots: readonly string[] = [],
): RenameResult {
  const own = renameRefusedFor(name);
  if (own) return { refused: own };
  const bad = badNewName(newName);
  if (bad) return { refused: bad };
  const found = occurrences(name, docs);
  if (!found.some((o) => o.definition))
    return {
      refused: `'${name}' is defined nowhere in the workspace (an inventory, a fact or an extra var?): renaming its uses alone would break them.`,
    };
  if (newName !== name) {
    const taken = occurrences(newName, docs)[0];
    if (taken)
      return {
        refused: `'${newName}' is already ${taken.definition ? 'defined' : 'used'} at ${place(taken.doc, taken.span.start, roots)}.`,
      };
  }
  for (const doc of docs)
    for (const expression of jinjaExpressions(doc)) {
      const why = dynamicAccess(expression, name);
      if (why)
        return {
          refused: `Not renamed: ${place(doc, expression.start, roots)}: '${shown(expression.text)}' ${why}, which a rename cannot update safely.`,
        };
    }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of found) (changes[o.doc.uri] ??= []).push({ range: o.doc.lines.range(o.span), newText: newName });
  return { edit: { changes } };
}
