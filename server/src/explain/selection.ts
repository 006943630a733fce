// "Explain this selection": the whole-file explanation narrowed to the plays, tasks and handlers
// that the selected lines touch. A play the selection touches keeps its header facts and the tasks
// selected, or all its tasks when the selection touches none (it is in the play's header or vars).
// A handler is also kept when a kept task notifies it, so "which handlers fire" stays answered.

import type { AiWrittenPart, Explanation, HandlerExplanation, PlayExplanation, TaskExplanation } from './types';

/** 1-based first and last selected line. */
export type LineSpan = [number, number];

/** The 1-based lines of an LSP selection (one ending at a line's start does not take that line). */
export function selectedLines(r: { start: { line: number }; end: { line: number; character: number } }): LineSpan {
  const endsAtLineStart = r.end.character === 0 && r.end.line > r.start.line;
  return [r.start.line + 1, endsAtLineStart ? r.end.line : r.end.line + 1];
}

const touches = (t: { line: number; endLine: number }, [a, b]: LineSpan) => t.line <= b && a <= t.endLine;

function handlersFor(hs: HandlerExplanation[], kept: TaskExplanation[], span: LineSpan): HandlerExplanation[] {
  const notified = new Set(kept.flatMap((t) => t.notify));
  return hs.filter((h) => touches(h, span) || [h.name, ...h.listen].some((n) => n !== undefined && notified.has(n)));
}

export function selectLines(e: Explanation, span: LineSpan): Explanation {
  const plays: PlayExplanation[] = [];
  e.plays.forEach((p, i) => {
    const endLine = (e.plays[i + 1]?.line ?? Infinity) - 1;
    if (!touches({ line: p.line, endLine }, span)) return;
    const selected = [...p.tasks, ...p.handlers].some((t) => touches(t, span));
    const tasks = selected ? p.tasks.filter((t) => touches(t, span)) : p.tasks;
    plays.push({ ...p, tasks, handlers: selected ? handlersFor(p.handlers, tasks, span) : p.handlers });
  });
  const tasks = e.tasks.filter((t) => touches(t, span));
  const handlers =
    e.kind === 'handlers' ? e.handlers.filter((h) => touches(h, span)) : plays.flatMap((p) => p.handlers);
  const parts: AiWrittenPart[] = e.aiWritten.parts.filter((p) =>
    touches({ line: p.startLine, endLine: p.endLine }, span),
  );
  return {
    ...e,
    plays,
    tasks,
    handlers,
    aiWritten: { count: parts.length, licenses: [...new Set(parts.flatMap((p) => p.licenses))].sort(), parts },
    selection: { startLine: span[0], endLine: span[1] },
  };
}
