// Hover over accepted AI text: which model wrote it and when, whether the user has changed it
// since, and the training content it came from or most resembles, with licences and links.
// The server shows it together with the module hover (see hover.ts) when both apply. Every field of
// the record is escaped (it may come from a ledger file on disk): only the server's own rating
// links are links to commands.

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { AnsibleDocument, Position } from '../document/model';
import type { ProvenanceLedger } from '../provenance/ledger';
import {
  codeBlock,
  collectionAtVersion,
  escapeMarkdown,
  inlineCode,
  link,
  modelLabel,
  shortTime,
  sourceUrl,
  trimSnippet,
} from '../provenance/markdown';
import type { ProvenanceRecord } from '../provenance/types';
import { RATE_SUGGESTION_COMMAND, type RateSuggestionParams } from '../protocol';

/**
 * `[good](command:…) · [bad](command:…)`: the client's rating command for the record's suggestion.
 * Words, not emoji: an editor without an emoji font shows those as empty boxes.
 */
function ratingLinks(r: ProvenanceRecord): string {
  const link = (rating: 'up' | 'down', label: string, title: string) => {
    const args: RateSuggestionParams = { suggestionId: r.suggestionId, textDocument: { uri: r.uri }, rating };
    return `[${label}](command:${RATE_SUGGESTION_COMMAND}?${encodeURIComponent(JSON.stringify([args]))} "${title}")`;
  };
  return `Rate it for this workspace's model: ${link('up', 'good', 'More suggestions like this')} · ${link('down', 'bad', 'Fewer suggestions like this')}`;
}

/** The hover text of one provenance record (with thumbs up/down links when the client runs them). */
export function attributionMarkdown(r: ProvenanceRecord, options: { ratingLinks?: boolean } = {}): string {
  const out = [`**AI-written** (${escapeMarkdown(modelLabel(r.model))}, ${shortTime(r.createdAt)})`, ''];
  out.push(r.state === 'modified' ? 'Modified by you since it was accepted.' : 'Unchanged since it was accepted.');
  if (r.policy.action !== 'allow' && r.policy.reason)
    out.push('', `Licence policy (${escapeMarkdown(r.policy.action)}): ${escapeMarkdown(r.policy.reason)}`);
  if (r.attributedBy) out.push('', `Matched by the ${escapeMarkdown(r.attributedBy)}.`);
  out.push('');
  if (options.ratingLinks) out.push(ratingLinks(r), '');
  if (!r.matches.length) {
    out.push('No training matches were recorded.');
    return out.join('\n');
  }
  out.push(r.matches.length === 1 ? 'Training match:' : 'Training matches:');
  for (const m of r.matches) {
    out.push(
      '',
      `- **${escapeMarkdown(collectionAtVersion(m))}** ${link(m.path || m.repoUrl || 'source', sourceUrl(m))}` +
        ` — ${inlineCode(m.license)}, score ${Number(m.score).toFixed(2)}`,
    );
    const snippet = trimSnippet(m.snippet);
    if (snippet)
      out.push(
        '',
        ...codeBlock(snippet, 'yaml')
          .split('\n')
          .map((l) => `  ${l}`),
      );
  }
  return out.join('\n');
}

export function attributionHover(
  doc: AnsibleDocument,
  pos: Position,
  ledger: ProvenanceLedger,
  options: { ratingLinks?: boolean } = {},
): Hover | null {
  const record = ledger.at(doc.uri, pos);
  if (!record) return null;
  return { contents: { kind: MarkupKind.Markdown, value: attributionMarkdown(record, options) }, range: record.range };
}
