// Semantic tokens over LSP (textDocument/semanticTokens/full and /range): the legend and the
// handlers; the tokens themselves come from service/project/semanticTokens.

import type { Connection, ServerCapabilities, SemanticTokens, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnsibleDocument } from '../document/model';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../service/project/semanticTokens';

export const SEMANTIC_TOKENS_CAPABILITIES: ServerCapabilities = {
  semanticTokensProvider: {
    legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
    full: true,
    range: true,
  },
};

export interface SemanticTokensDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  parsed: (doc: TextDocument) => AnsibleDocument;
}

export function registerSemanticTokens({ connection, documents, parsed }: SemanticTokensDeps): void {
  connection.languages.semanticTokens.on((params): SemanticTokens => {
    const doc = documents.get(params.textDocument.uri);
    return { data: doc ? semanticTokens(parsed(doc)) : [] };
  });
  connection.languages.semanticTokens.onRange((params): SemanticTokens => {
    const doc = documents.get(params.textDocument.uri);
    const lines = { fromLine: params.range.start.line, toLine: params.range.end.line };
    return { data: doc ? semanticTokens(parsed(doc), lines) : [] };
  });
}
