// The client's side of the suggestion requests (DESIGN.md "Public contracts"). Plain types, no
// 'vscode' import; the server's types live in server/src/provenance/types.ts.

import type { Range } from 'vscode-languageserver-types';

export const AcceptSuggestionRequest = 'scribe/accept';
export const RejectSuggestionRequest = 'scribe/reject';
export const AttributionRequest = 'scribe/attribution';
export const ProvenanceRequest = 'scribe/provenance';
export const ProvenanceReportRequest = 'scribe/provenanceReport';

export interface AcceptSuggestionParams {
  suggestionId: string;
  textDocument: { uri: string };
  /** Where the accepted text now stands in the document. */
  range: Range;
}

export interface RejectSuggestionParams {
  suggestionId: string;
  textDocument: { uri: string };
  /** Why the client thinks the suggestion was not taken: 'replaced' or 'closed'. */
  reason: string;
}

export interface AttributionMatch {
  collection: string;
  version: string;
  path: string;
  line?: number;
  repoUrl: string;
  license: string;
  score: number;
  snippet: string;
}

export interface SuggestionAttribution {
  suggestionId: string;
  model: string;
  matches: AttributionMatch[];
  policy: { action: 'allow' | 'warn' | 'block'; reason?: string };
}

export interface ProvenanceRecord {
  id: string;
  suggestionId: string;
  uri: string;
  range: Range;
  model: string;
  createdAt: string;
  matches: AttributionMatch[];
  licenses: string[];
  policy?: { action: string; reason?: string };
  state?: 'ai' | 'modified';
}

export interface ProvenanceReportParams {
  format: 'markdown' | 'json';
}

export interface ProvenanceReport {
  text: string;
}
