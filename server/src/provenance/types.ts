// Provenance records: what the ledger remembers of each accepted AI suggestion. Builds on the
// wire contract (protocol.ts) and the policy decision type.

import type { PolicyDecision } from '../policy/licencePolicy';
import type { AttributionMatch, SuggestionAttribution as WireAttribution } from '../protocol';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One training match of a suggestion, as in the `scribe/attribution` contract, with its line. */
export interface SourceMatch extends AttributionMatch {
  /** 1-based line of the task in `path`; 0 when unknown. */
  line: number;
}

/** `scribe/attribution` response. */
export interface SuggestionAttribution extends WireAttribution {
  matches: SourceMatch[];
  policy: PolicyDecision;
}

/** What the server knows of a suggestion it has just offered. */
export interface OfferedSuggestion {
  model: string;
  matches: readonly Partial<SourceMatch>[];
  policy: PolicyDecision;
  /** The text the editor inserts when the suggestion is accepted. */
  insertText: string;
  /** Where it was offered ('' for generated content, in no document yet). */
  uri: string;
}

export type RecordState = 'ai' | 'modified';

/** One accepted AI-written range of a document. */
export interface ProvenanceRecord {
  id: string;
  suggestionId: string;
  uri: string;
  /** Follows later edits of the document. */
  range: Range;
  model: string;
  /** ISO 8601. */
  createdAt: string;
  matches: SourceMatch[];
  /** Distinct licences of the matches, in match order. */
  licenses: string[];
  policy: PolicyDecision;
  /** 'modified' once the user has edited inside the range. */
  state: RecordState;
  /** The document text in `range` as the ledger last knew it (edits inside are applied to it). */
  text: string;
}

/** An LSP `TextDocumentContentChangeEvent`: incremental (with a range) or the full text. */
export type ContentChange = { range: Range; text: string } | { text: string };
