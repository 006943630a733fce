// Find references and rename for variables: every place that defines a variable (play and task
// `vars:`, vars files, role defaults and vars, group_vars/host_vars, `register:`, `set_fact`,
// `loop_var`; variables.ts `definitionsIn`) and every use inside Jinja or a bare expression
// (`{{ web_port }}`, `when: result is failed`; variables.ts `variableAt`), across the documents in
// scope. Rename refuses, with the place that stops it, when a name could be reached in a way no text
// edit updates: written as a string inside Jinja (`vars['web_port']`, `lookup('vars', 'web_port')`,
// `hostvars[host]['web_port']`) or built from pieces (`vars[prefix ~ '_port']`); when the name is
// Ansible's own (magic variables, facts) or defined nowhere in the workspace; or when the new name is
// not a variable name or is already defined.

import type { Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { JINJA_KEYWORDS, MAGIC_VARIABLES } from '../../document/jinja';
import type { AnsibleDocument, Span } from '../../document/model';
import type { RenameResult } from './handlers';
import { definitionsIn, variableAt } from './variables';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** The variable under the offset, at a use or at a definition, with the span of its name. */
export function variableNameAt(doc: AnsibleDocument, offset: number): { name: string; span: Span } | undefined {
  const use = variableAt(doc, offset);
  if (use) return use;
  const def = definitionsIn(doc).find((d) => contains(d.span, offset));
  return def && IDENTIFIER.test(def.name) ? { name: def.name, span: nameSpan(doc, def.span, def.name) } : undefined;
}

/** Where `name` itself stands inside `span` (a quoted key or register value holds it within quotes). */
function nameSpan(doc: AnsibleDocument, span: Span, name: string): Span {
  const at = doc.text.slice(span.start, span.end).indexOf(name);
  return at < 0 ? span : { start: span.start + at, end: span.start + at + name.length };
}

/** Every use of `name` in `doc` inside Jinja or a bare expression. */
function usesIn(doc: AnsibleDocument, name: string): Span[] {
  const out: Span[] = [];
  const word = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g');
  for (const m of doc.text.matchAll(word)) {
    const hit = variableAt(doc, m.index);
    if (hit?.name === name && hit.span.start === m.index) out.push(hit.span);
  }
  return out;
}

interface Occurrence {
  doc: AnsibleDocument;
  span: Span;
  definition: boolean;
}

function occurrences(name: string, docs: readonly AnsibleDocument[]): Occurrence[] {
  return docs.flatMap((doc) => [
    ...definitionsIn(doc)
      .filter((d) => d.name === name)
      .map((d) => ({ doc, span: nameSpan(doc, d.span, name), definition: true })),
    ...usesIn(doc, name).map((span) => ({ doc, span, definition: false })),
  ]);
}

export function variableReferences(
  name: string,
  docs: readonly AnsibleDocument[],
  includeDeclaration = true,
): Location[] {
  return occurrences(name, docs)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri: o.doc.uri, range: o.doc.lines.range(o.span) }));
}

const LITERAL = /(['"])((?:(?!\1)[^\\]|\\.)*)\1/g;
/** A value Ansible reads as a bare expression, or an item of such a list (`- x is defined`). */
const BARE = /^\s*(?:-\s+)?(?:(?:when|changed_when|failed_when|until|that|var)\s*:\s*)?(.*)$/;

/**
 * The first Jinja expression of `doc` whose string literals could name `name`: the whole name
 * quoted, or a piece of it joined with `~` or `+`; as "file:line: expression", or undefined.
 * Expressions are the insides of `{{ }}`/`{% %}` on a line, else the line read as a bare expression
 * (a line that is not one cannot hold such a literal next to the name's pieces, so this errs on
 * the side of refusing).
 */
/** A YAML scalar's text without its surrounding quotes (a bare expression is often quoted whole). */
function unquoted(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

function builtFromJinja(doc: AnsibleDocument, name: string): string | undefined {
  for (let line = 0; line < doc.lines.lineCount; line++) {
    const text = doc.lines.lineText(line);
    if (!/['"]/.test(text)) continue;
    const templated = [...text.matchAll(/\{\{(.*?)\}\}|\{%(.*?)%\}/g)].map((m) => m[1] ?? m[2]);
    for (const expression of templated.length ? templated : [unquoted(BARE.exec(text)?.[1] ?? '')]) {
      for (const m of expression.matchAll(LITERAL)) {
        const piece = m[2];
        const joined =
          /[~+]\s*$/.test(expression.slice(0, m.index)) || /^\s*[~+]/.test(expression.slice(m.index + m[0].length));
        if (piece === name || (joined && piece.length >= 2 && name.includes(piece)))
          return `${doc.uri.split('/').pop()}:${line + 1}: ${expression.trim()}`;
      }
    }
  }
  return undefined;
}

export function renameVariable(name: string, newName: string, docs: readonly AnsibleDocument[]): RenameResult {
  if (!IDENTIFIER.test(newName))
    return { refused: `'${newName}' is not a variable name (letters, digits and _, not starting with a digit).` };
  if (JINJA_KEYWORDS.has(newName) || MAGIC_VARIABLES.includes(newName))
    return { refused: `'${newName}' is reserved by Jinja or Ansible.` };
  if (MAGIC_VARIABLES.includes(name)) return { refused: `'${name}' is Ansible's own variable and cannot be renamed.` };
  const found = occurrences(name, docs);
  if (!found.some((o) => o.definition))
    return {
      refused: `'${name}' is defined nowhere in the workspace (an inventory, a fact or an extra var?): renaming its uses alone would break them.`,
    };
  if (docs.some((d) => definitionsIn(d).some((x) => x.name === newName)))
    return { refused: `'${newName}' is already defined in the workspace.` };
  for (const doc of docs) {
    const where = builtFromJinja(doc, name);
    if (where)
      return {
        refused: `Not renamed: ${where} may name '${name}' from a string, which a rename cannot update safely.`,
      };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of found) (changes[o.doc.uri] ??= []).push({ range: o.doc.lines.range(o.span), newText: newName });
  const edit: WorkspaceEdit = { changes };
  return { edit };
}
