// Quick fixes for the built-in diagnostics (source 'scribe'), only where the fix is certain:
// a name the validator resolved (fqcn, redirected-module) or one of its closest valid names
// (unknown-option, unknown-module, unknown-keyword, invalid-choice). Plus a source action that
// rewrites every short builtin module name to its FQCN.

import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { indentUnit } from '../document/locate';
import { allTasks, type AnsibleDocument, type Range } from '../document/model';

/** The source action's kind: a fix-all limited to FQCN names, which are certain. */
export const fqcnFixAllKind = `${CodeActionKind.SourceFixAll}.scribe.fqcn`;

const maxSuggestions = 3;

function fix(doc: AnsibleDocument, title: string, d: Diagnostic, edits: TextEdit[], preferred: boolean): CodeAction {
  const action: CodeAction = {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [doc.uri]: edits } },
  };
  if (preferred) action.isPreferred = true;
  return action;
}

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];

function data(d: Diagnostic): Record<string, unknown> {
  return d.data && typeof d.data === 'object' ? (d.data as Record<string, unknown>) : {};
}

function suggestionFixes(doc: AnsibleDocument, d: Diagnostic, what: string): CodeAction[] {
  const suggestions = stringList(data(d).suggestions).slice(0, maxSuggestions);
  return suggestions.map((s) =>
    fix(doc, `Change ${what} to '${s}'`, d, [{ range: d.range, newText: s }], suggestions.length === 1),
  );
}

/** A single-line plain value: replacing it by a choice cannot break the YAML around it. */
function isPlainScalar(doc: AnsibleDocument, range: Range): boolean {
  const text = doc.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end));
  return range.start.line === range.end.line && /^[^\s[\]{}#&*!|>'"%@`,][^\n#]*$/.test(text) && !text.includes(': ');
}

/** `missing-required-option`: add `name: ` lines after the module's block mapping of options. */
function addMissingOptions(doc: AnsibleDocument, d: Diagnostic): CodeAction | undefined {
  const options = stringList(data(d).options);
  if (!options.length) return undefined;
  const start = doc.lines.offsetAt(d.range.start);
  const task = [...allTasks(doc)].find((t) => t.module?.nameSpan.start === start);
  const call = task?.module;
  if (!task || !call || call.form !== 'key' || call.freeForm || call.args.some((a) => a.inline)) return undefined;
  const entry = task.entries.find((e) => e.keySpan.start === call.nameSpan.start);
  if (!entry) return undefined;
  const keyLine = doc.lines.positionAt(entry.keySpan.start).line;
  let column: number;
  let after: number;
  if (entry.value === undefined || entry.value === null) {
    // `copy:` with nothing yet: options go one step deeper than the module key.
    column = doc.lines.positionAt(entry.keySpan.start).character + indentUnit(doc);
    after = doc.lines.lineEnd(keyLine);
  } else {
    // A block mapping of options below the key (not `copy: {…}` on the same line).
    const own = call.args.filter(
      (a) => a.nameSpan.start >= entry.valueSpan.start && a.nameSpan.end <= entry.valueSpan.end,
    );
    const first = own[0];
    if (!first || doc.lines.positionAt(first.nameSpan.start).line === keyLine) return undefined;
    if (
      !/^\s*$/.test(
        doc.lines
          .lineText(doc.lines.positionAt(first.nameSpan.start).line)
          .slice(0, doc.lines.positionAt(first.nameSpan.start).character),
      )
    )
      return undefined;
    column = doc.lines.positionAt(first.nameSpan.start).character;
    const last = Math.max(entry.valueSpan.end, ...own.map((a) => a.valueSpan.end));
    after = doc.lines.lineEnd(doc.lines.positionAt(Math.max(last - 1, entry.valueSpan.start)).line);
  }
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const text = options.map((o) => `${eol}${' '.repeat(column)}${o}: `).join('');
  const at = doc.lines.positionAt(after);
  const title = `Add missing option${options.length > 1 ? 's' : ''} ${options.join(', ')}`;
  return fix(doc, title, d, [{ range: { start: at, end: at }, newText: text }], false);
}

function quickFixes(doc: AnsibleDocument, d: Diagnostic): CodeAction[] {
  const fqcn = data(d).fqcn;
  switch (d.code) {
    case 'fqcn':
      return typeof fqcn === 'string'
        ? [fix(doc, `Use FQCN ${fqcn}`, d, [{ range: d.range, newText: fqcn }], true)]
        : [];
    case 'redirected-module':
      return typeof fqcn === 'string'
        ? [fix(doc, `Replace with ${fqcn}`, d, [{ range: d.range, newText: fqcn }], true)]
        : [];
    case 'unknown-option':
      return suggestionFixes(doc, d, 'option');
    case 'unknown-module':
      return suggestionFixes(doc, d, 'module');
    case 'unknown-keyword':
      return suggestionFixes(doc, d, 'key');
    case 'invalid-choice':
      return isPlainScalar(doc, d.range) ? suggestionFixes(doc, d, 'value') : [];
    case 'missing-required-option': {
      const a = addMissingOptions(doc, d);
      return a ? [a] : [];
    }
    default:
      return [];
  }
}

/**
 * Code actions for the diagnostics the client sends for `range`. `allDiagnostics` (the document's
 * current built-in diagnostics, when the caller has them) lets the FQCN source action cover the
 * whole file; without it, it covers the given diagnostics.
 */
export function codeActions(
  doc: AnsibleDocument,
  _range: Range,
  diagnostics: Diagnostic[],
  allDiagnostics: Diagnostic[] = diagnostics,
): CodeAction[] {
  const ours = (d: Diagnostic) => d.source === 'scribe';
  const actions = diagnostics.filter(ours).flatMap((d) => quickFixes(doc, d));
  const fqcns = allDiagnostics.filter((d) => ours(d) && d.code === 'fqcn' && typeof data(d).fqcn === 'string');
  if (fqcns.length) {
    actions.push({
      title: 'Rewrite all short module names to FQCN',
      kind: fqcnFixAllKind,
      diagnostics: fqcns,
      edit: { changes: { [doc.uri]: fqcns.map((d) => ({ range: d.range, newText: data(d).fqcn as string })) } },
    });
  }
  return actions;
}
