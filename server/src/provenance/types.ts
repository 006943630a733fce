// Provenance records: what the ledger remembers of each accepted AI suggestion. The record, its
// matches and its range are the wire contract's (protocol.ts: the LSP Range and Position); this
// file adds only what the server keeps of a suggestion it has offered.

import type { AttributionMatch, PolicyDecision, ProvenanceRecord, Range } from '../protocol';

export type { AttributionMatch, Position, ProvenanceRecord, Range, SuggestionAttribution } from '../protocol';

/** What the server knows of a suggestion it has just offered. */
export interface OfferedSuggestion {
  model: string;
  matches: readonly Partial<AttributionMatch>[];
  policy: PolicyDecision;
  /** The text the editor inserts when the suggestion is accepted. */
  insertText: string;
  /** Where it was offered ('' for generated content, in no document yet). */
  uri: string;
  /** What the output policy removed from the model's task(s) (suggest/outputPolicy.ts), one line each. */
  notes?: readonly string[];
  /** Which index the matches came from, when a shared index is configured. */
  attributedBy?: string;
}

export type RecordState = ProvenanceRecord['state'];

/** An LSP `TextDocumentContentChangeEvent`: incremental (with a range) or the full text. */
export type ContentChange = { range: Range; text: string } | { text: string };
