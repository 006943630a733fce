// Trigger rules, the line-shape part: which lines describe task(s) to write, and where the cursor
// must be for the editor to propose them. One module for the inline service (cursor rules) and the
// request builder (suggest/request.ts, which then decides whether a task may stand at that place in
// the file: not in `vars:`, not at play level …).
//
// Two descriptions:
//   - a `- name: <description>` line → one task (its body goes at the column of `name`);
//   - a comment `# a & b & c` → one task per part (`&` only, as the product spec says: "and" is too
//     common inside a single description), each a new `- ` at the comment's column. Shebangs,
//     modelines, noqa markers, commented-out YAML and separators are not descriptions.
//
// Automatic trigger: the cursor is on a blank line right below a description, at the column where
// what follows it goes. Manual trigger (Invoke): also on the blank line at a smaller column (the
// whole line is replaced), and at the end of the description line itself.

import type { Position, Range } from 'vscode-languageserver-types';

/** A multi-task comment holds at most this many descriptions. */
export const MAX_PARTS = 10;

export type Description =
  { kind: 'single'; column: number } | { kind: 'multi'; column: number; parts: string[] } | { reason: string };

const NAME_LINE = /^(\s*)-(\s+)name\s*:(?:\s+(.*))?$/;
const COMMENT_LINE = /^(\s*)#(.*)$/;

/**
 * What a line describes. `column` is where the suggestion's text starts: the column of `name` for
 * a single task (its next key), the comment's column for a multi-task comment (the next `- `).
 * Reasons complete "line N …".
 */
export function describeLine(text: string): Description {
  const name = NAME_LINE.exec(text.trimEnd());
  if (name) {
    // `- name: # nothing` and `- name:` have no description.
    if (!name[3] || name[3].startsWith('#')) return { reason: 'has an empty task name' };
    return { kind: 'single', column: name[1].length + 1 + name[2].length };
  }
  const comment = COMMENT_LINE.exec(text);
  if (!comment) return { reason: 'is not a task description ("- name: …" or a "# a & b" comment)' };
  const body = comment[2].trim();
  if (
    !/[A-Za-z]/.test(body) ||
    /^!/.test(body) ||
    /^(-\s|---|\.\.\.)/.test(body) ||
    /^[\w.-]+\s*:(\s|$)/.test(body) ||
    /^(vim?|code|noqa|yamllint|ansible-lint)\b/i.test(body)
  )
    return { reason: 'is a comment but not a task description' };
  const parts = body
    .split('&')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > MAX_PARTS) return { reason: `has ${parts.length} descriptions; at most ${MAX_PARTS}` };
  return { kind: 'multi', column: comment[1].length, parts };
}

export type TriggerKind = 'automatic' | 'invoke';

export interface InlineTrigger {
  /** 0-based line of the description (`- name:` or comment), as the pipeline wants it. */
  descriptionLine: number;
  kind: 'single' | 'multi';
  /** The text the suggestion replaces: the blank line, or the rest of the description line. */
  range: Range;
  /** Put before the suggestion's text: the rest of the description line and a line break, or ''. */
  lead: string;
}

export type TriggerOutcome = InlineTrigger | { reason: string };

/** The inline trigger at `position`, reading lines through `lineText` (undefined past the end). */
export function inlineTriggerAt(
  lineText: (line: number) => string | undefined,
  position: Position,
  kind: TriggerKind,
): TriggerOutcome {
  const text = lineText(position.line);
  if (text === undefined) return { reason: 'the cursor is outside the document' };

  if (text.trim() === '') {
    const above = position.line > 0 ? lineText(position.line - 1) : undefined;
    const description = above === undefined ? undefined : describeLine(above);
    if (!description || 'reason' in description)
      return { reason: 'the line above is not a "- name: …" line or a task comment' };
    const column = Math.min(position.character, text.length);
    const wanted = description.column;
    if (kind === 'automatic' ? column !== wanted : column > wanted)
      return { reason: `the cursor is at column ${column + 1}, a task's text starts at column ${wanted + 1}` };
    if (text.length > wanted) return { reason: 'the blank line is indented past where the task goes' };
    return {
      descriptionLine: position.line - 1,
      kind: description.kind,
      range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: text.length } },
      lead: '',
    };
  }

  if (kind === 'invoke') {
    const description = describeLine(text);
    const end = text.trimEnd().length;
    if (!('reason' in description) && position.character >= end) {
      return {
        descriptionLine: position.line,
        kind: description.kind,
        range: { start: position, end: { line: position.line, character: text.length } },
        lead: '\n',
      };
    }
  }
  return { reason: 'the cursor is not on a blank line below a task description' };
}
