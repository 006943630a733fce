// scribe/explain: the grounded explanation of the open document (module docs, the options as
// written, the ledger's AI-written parts), narrowed to a selection when one is given; with an
// endpoint configured, the worker adds the model's narrative summary on top.

import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModuleCatalog } from '../catalog/types';
import type { AnsibleDocument } from '../document/model';
import type { SuggestionHost } from '../engine/suggestionHost';
import { explainDocument, explanationMarkdown } from '../explain/explain';
import { selectedLines, selectLines } from '../explain/selection';
import { ExplainRequest, type ExplainParams, type ExplainResult } from '../protocol';
import type { ProvenanceRecord } from '../provenance/types';
import type { ScribeSettings } from '../settings';
import { abortSignalOf } from './cancellation';

export interface ExplainDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  parsed: (doc: TextDocument) => AnsibleDocument;
  catalog: () => ModuleCatalog;
  provenance: (uri: string) => Promise<ProvenanceRecord[]>;
  settingsFor: (uri: string) => Promise<ScribeSettings>;
  suggestions: SuggestionHost;
}

export function registerExplainRequest(d: ExplainDeps): void {
  d.connection.onRequest(ExplainRequest, async (params: ExplainParams, token): Promise<ExplainResult> => {
    const doc = d.documents.get(params.textDocument.uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `${params.textDocument.uri} is not open`);
    let explanation = await explainDocument(d.parsed(doc), d.catalog(), await d.provenance(doc.uri));
    const r = params.range;
    if (r) explanation = selectLines(explanation, selectedLines(r));
    const grounded = explanationMarkdown(explanation);
    const { model } = await d.settingsFor(doc.uri);
    if (model.provider !== 'openai') return { markdown: grounded };
    return d.suggestions.narrate(grounded, r ? doc.getText(r) : doc.getText(), model, abortSignalOf(token));
  });
}
