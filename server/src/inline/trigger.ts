// Trigger rules of inline completion, the cheap part: is the cursor where a task body (or several
// tasks) could be proposed? Only the line shapes are read here; whether a task may stand at that
// place in the file (not in `vars:`, not at play level …) is the suggestion pipeline's call
// (server/src/suggest/request.ts), which answers `{reason}` otherwise.
//
// Automatic trigger: the cursor is on a blank line right below
//   - a `- name: <description>` line, at the column of `name` (where the task's next key goes), or
//   - a `# a & b` comment, at the comment's column (where the next task's `- ` goes).
// Manual trigger (Invoke): also on the blank line at a smaller column (the whole line is replaced),
// and at the end of the description line itself.

import type { Position, Range } from 'vscode-languageserver-types';

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

const NAME_LINE = /^(\s*)-(\s+)name\s*:\s*(\S.*)$/;
const COMMENT_LINE = /^(\s*)#\s*(.*)$/;

/** The trigger at `position`, reading lines through `lineText` (undefined past the end). */
export function inlineTriggerAt(
  lineText: (line: number) => string | undefined,
  position: Position,
  kind: TriggerKind,
): TriggerOutcome {
  const text = lineText(position.line);
  if (text === undefined) return { reason: 'the cursor is outside the document' };

  if (text.trim() === '') {
    const above = position.line > 0 ? lineText(position.line - 1) : undefined;
    const description = above === undefined ? undefined : describe(above);
    if (!description) return { reason: 'the line above is not a "- name: …" line or a task comment' };
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
    const description = describe(text);
    const end = text.trimEnd().length;
    if (description && position.character >= end) {
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

/** A description line and the column where what follows it starts. */
function describe(line: string): { kind: 'single' | 'multi'; column: number } | undefined {
  const name = NAME_LINE.exec(line);
  // `- name: # nothing` has no description.
  if (name && !name[3].startsWith('#')) return { kind: 'single', column: name[1].length + 1 + name[2].length };
  const comment = COMMENT_LINE.exec(line);
  if (comment && /[A-Za-z]/.test(comment[2])) return { kind: 'multi', column: comment[1].length };
  return undefined;
}
