// How a provenance range follows edits of its document. LSP incremental changes replace a range
// of the document as it was after the previous change, so they are applied one by one.
//
// For an edit [es, ee) → text and a record [rs, re):
// - wholly before (ee ≤ rs, including an insertion at rs): the record shifts;
// - wholly after (es ≥ re, including an insertion at re): unchanged;
// - covering the whole record: the AI text is gone, the record is dropped;
// - inside: the replacement becomes part of the record, which is now 'modified';
// - overlapping one end: the surviving AI text stays recorded ('modified'); the new text does not.
// A record left with only whitespace is dropped.

import { LineIndex } from '../document/model';
import type { Position, Range, RecordState } from './types';

export interface TrackedText {
  range: Range;
  text: string;
  state: RecordState;
}

export const comparePositions = (a: Position, b: Position): number => a.line - b.line || a.character - b.character;

/** Where text inserted at `start` ends. Line breaks are \n, \r\n or \r, as in LSP. */
export function endOfInserted(start: Position, text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1];
  return lines.length === 1
    ? { line: start.line, character: start.character + last.length }
    : { line: start.line + lines.length - 1, character: last.length };
}

/** Where a position at or after an edit's end moves to once [.., editEnd) is replaced, the new text ending at newEnd. */
function shifted(p: Position, editEnd: Position, newEnd: Position): Position {
  if (p.line === editEnd.line)
    return { line: newEnd.line, character: newEnd.character + (p.character - editEnd.character) };
  return { line: p.line + (newEnd.line - editEnd.line), character: p.character };
}

/** Offset in `text` (which starts at document position `start`) of document position `p`. */
function offsetIn(text: string, start: Position, p: Position): number {
  const rel =
    p.line === start.line
      ? { line: 0, character: p.character - start.character }
      : { line: p.line - start.line, character: p.character };
  return new LineIndex(text).offsetAt(rel);
}

/** The record after one incremental edit; undefined when its AI text is gone. */
export function followEdit(rec: TrackedText, edit: { range: Range; text: string }): TrackedText | undefined {
  const { start: rs, end: re } = rec.range;
  const { start: es, end: ee } = edit.range;
  const newEnd = endOfInserted(es, edit.text);
  if (comparePositions(ee, rs) <= 0) {
    return { ...rec, range: { start: shifted(rs, ee, newEnd), end: shifted(re, ee, newEnd) } };
  }
  if (comparePositions(es, re) >= 0) return rec;
  const startsInside = comparePositions(es, rs) >= 0;
  const endsInside = comparePositions(ee, re) <= 0;
  let next: TrackedText;
  if (startsInside && endsInside) {
    const a = offsetIn(rec.text, rs, es);
    const b = offsetIn(rec.text, rs, ee);
    next = {
      range: { start: rs, end: shifted(re, ee, newEnd) },
      text: rec.text.slice(0, a) + edit.text + rec.text.slice(b),
      state: 'modified',
    };
  } else if (endsInside) {
    // The edit eats the head of the record: what survives starts after the new text.
    next = {
      range: { start: newEnd, end: shifted(re, ee, newEnd) },
      text: rec.text.slice(offsetIn(rec.text, rs, ee)),
      state: 'modified',
    };
  } else if (startsInside) {
    // The edit eats the tail of the record.
    next = { range: { start: rs, end: es }, text: rec.text.slice(0, offsetIn(rec.text, rs, es)), state: 'modified' };
  } else {
    return undefined;
  }
  return next.text.trim() === '' ? undefined : next;
}

/**
 * The record after the whole document was replaced (a full-text change, or a document opened after
 * edits the server did not see). A full replacement says nothing about what moved, so the record
 * stays only if its text is still there: at its range (unchanged), else at the one place it
 * occurs in the new text (moved as a block, e.g. lines added above by another tool). Text that is
 * gone or occurs more than once cannot be placed with certainty, and the record is dropped.
 */
export function followReplacement(rec: TrackedText, newText: string): TrackedText | undefined {
  const lines = new LineIndex(newText);
  const valid = (p: Position) => comparePositions(lines.positionAt(lines.offsetAt(p)), p) === 0;
  const { start, end } = rec.range;
  if (valid(start) && valid(end) && newText.slice(lines.offsetAt(start), lines.offsetAt(end)) === rec.text) return rec;
  const at = newText.indexOf(rec.text);
  if (at < 0 || rec.text === '' || newText.indexOf(rec.text, at + 1) >= 0) return undefined;
  return { ...rec, range: { start: lines.positionAt(at), end: lines.positionAt(at + rec.text.length) } };
}
