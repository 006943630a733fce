// A suggestion function for the inline service's tests: the real trigger rules and placement of
// the pipeline (server/src/suggest), with a fixed model answer instead of the embedded model, and
// a record of every call.

import type { SuggestionJson } from '../../server/src/suggest/json';
import { placeBody, placeTask } from '../../server/src/suggest/placement';
import { buildTaskRequests } from '../../server/src/suggest/request';
import type { SuggestFunction } from '../../server/src/inline/service';

export const BODY = 'ansible.builtin.package:\n  name: nginx\n  state: present\n';

export interface SuggestCall {
  uri: string;
  line: number;
  signal: AbortSignal;
}

/** The pipeline's rules with a fixed body; `delayMs` keeps each call in flight that long. */
export function fixtureSuggest(delayMs = 0): { suggest: SuggestFunction; calls: SuggestCall[] } {
  const calls: SuggestCall[] = [];
  const suggest: SuggestFunction = async (doc, line, signal) => {
    calls.push({ uri: doc.uri, line, signal });
    if (delayMs > 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    const r = buildTaskRequests(doc, line, { resolve: () => undefined }, { readText: () => undefined });
    if ('reason' in r) return r;
    const texts = r.requests.map((q) =>
      r.kind === 'single'
        ? placeBody(BODY, r.indent, r.indentUnit)
        : placeTask(q.description, BODY, r.listIndent, r.indent, r.indentUnit),
    );
    const json = {
      kind: r.kind,
      insertText: texts.join(''),
      tasks: [],
      unanswered: [],
      millis: { request: 0, model: 0, attribution: 0, total: 0 },
    };
    return json as unknown as SuggestionJson;
  };
  return { suggest, calls };
}
