// The provenance ledger in the language server: where it lives, the document events that move its
// records, and the requests it answers (scribe/accept, attribution, provenance, provenanceReport),
// plus the hover over accepted AI text.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover } from 'vscode-languageserver-types';
import type { AnsibleDocument, Position } from '../document/model';
import {
  AcceptSuggestionRequest,
  AttributionRequest,
  ProvenanceReportRequest,
  ProvenanceRequest,
  type AcceptSuggestionParams,
  type ProvenanceReportParams,
} from '../protocol';
import { ProvenanceLedger } from '../provenance/ledger';
import type { ContentChange, ProvenanceRecord } from '../provenance/types';
import { attributionHover } from '../service/attributionHover';

export interface ProvenanceDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Where the ledger lives: the workspace storage folder from the client, else the cache. */
  storage: { storagePath?: string; cacheDir: string; workspaceRoots: string[] };
  /** Whether the client runs the hover's thumbs up/down command links. */
  ratingLinks: boolean;
  /** An accepted suggestion, for local learning. */
  onAccepted: (suggestionId: string, uri: string) => void;
  log: (line: string) => void;
}

export class ProvenanceFeature {
  // Until the file is read, an empty in-memory ledger answers hovers; every request waits for it.
  private current: ProvenanceLedger;
  private readonly opened: Promise<ProvenanceLedger>;

  constructor(private readonly d: ProvenanceDeps) {
    this.current = new ProvenanceLedger({ warn: d.log });
    this.opened = this.open();
    this.register();
  }

  /** The ledger, once read from disk. */
  ledger(): Promise<ProvenanceLedger> {
    return this.opened;
  }

  /** Hover over accepted AI text (null elsewhere). */
  hover(doc: AnsibleDocument, pos: Position): Hover | null {
    return attributionHover(doc, pos, this.current, { ratingLinks: this.d.ratingLinks });
  }

  /** Records an accepted suggestion where its text now stands (scribe/accept, or the accept command). */
  async accept(p: AcceptSuggestionParams): Promise<ProvenanceRecord | null> {
    const ledger = await this.opened;
    this.d.onAccepted(p.suggestionId, p.textDocument.uri);
    const text = this.d.documents.get(p.textDocument.uri)?.getText();
    return ledger.accept(p.suggestionId, p.textDocument.uri, p.range, text) ?? null;
  }

  /** The accepted AI-written ranges of a document. */
  async records(uri: string): Promise<ProvenanceRecord[]> {
    return (await this.opened).forDocument(uri);
  }

  /** Feed of document content changes, in order (from the document store's update). */
  changed(uri: string, changes: readonly ContentChange[]): void {
    this.current.applyChanges(uri, changes);
  }

  documentOpened(uri: string, text: string): void {
    this.current.reconcile(uri, text);
  }

  async dispose(): Promise<void> {
    await this.opened.catch(() => undefined);
    await this.current.flush();
  }

  private async open(): Promise<ProvenanceLedger> {
    const { storagePath, cacheDir, workspaceRoots } = this.d.storage;
    const file = storagePath
      ? join(storagePath, 'provenance.json')
      : join(
          cacheDir,
          'provenance',
          `${createHash('sha256').update(workspaceRoots.join('\n')).digest('hex').slice(0, 16)}.json`,
        );
    this.current = await ProvenanceLedger.open(file, { warn: this.d.log });
    for (const doc of this.d.documents.all()) this.current.reconcile(doc.uri, doc.getText());
    this.d.log(`provenance ledger: ${file} (${this.current.all().length} records)`);
    return this.current;
  }

  private register(): void {
    const { connection } = this.d;
    connection.onRequest(AttributionRequest, async (p: { suggestionId: string }) => {
      return (await this.opened).attribution(p.suggestionId) ?? null;
    });
    connection.onRequest(AcceptSuggestionRequest, (p: AcceptSuggestionParams) => this.accept(p));
    connection.onRequest(ProvenanceRequest, (p: { textDocument: { uri: string } }) => this.records(p.textDocument.uri));
    connection.onRequest(ProvenanceReportRequest, async (p: ProvenanceReportParams) => {
      const ledger = await this.opened;
      const root = this.d.storage.workspaceRoots[0];
      return { text: ledger.report(p.format === 'json' ? 'json' : 'markdown', root && pathToFileURL(root).href) };
    });
    connection.workspace.onDidRenameFiles((p) => {
      for (const f of p.files) this.current.rename(f.oldUri, f.newUri);
    });
    connection.workspace.onDidDeleteFiles((p) => {
      for (const f of p.files) this.current.remove(f.uri);
    });
  }
}
