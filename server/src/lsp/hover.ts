// One hover from two: where accepted AI text came from, above the documentation of what is under
// the cursor (both Markdown), with the documentation's range.

import { MarkupContent, type Hover } from 'vscode-languageserver/node';

export function joinHovers(provenance: Hover | null, docs: Hover | null): Hover | null {
  if (!provenance || !docs) return provenance ?? docs;
  const text = (h: Hover) => (MarkupContent.is(h.contents) ? h.contents.value : String(h.contents));
  return { contents: { kind: 'markdown', value: `${text(provenance)}\n\n---\n\n${text(docs)}` }, range: docs.range };
}
