// Each document is parsed once per version; every feature asks here. A new version of a document
// already parsed re-parses only what the edit touched when it can (incremental.ts).

import { parseFull, reparse } from './incremental';
import type { AnsibleDocument } from './model';
import { windowAround, type DocumentWindow } from './window';

export interface TextSource {
  uri: string;
  version: number;
  getText(): string;
}

export class DocumentCache {
  private readonly docs = new Map<string, AnsibleDocument>();
  private readonly windows = new Map<string, DocumentWindow>();
  /** How many versions were parsed whole and how many by re-parsing the edited items only. */
  readonly parses = { full: 0, incremental: 0 };

  get(source: TextSource): AnsibleDocument {
    const cached = this.docs.get(source.uri);
    if (cached && cached.version === source.version) return cached;
    let doc: AnsibleDocument;
    if (cached) {
      const outcome = reparse(cached, source.uri, source.getText(), source.version);
      doc = outcome.doc;
      this.parses[outcome.incremental ? 'incremental' : 'full']++;
    } else {
      doc = parseFull(source.uri, source.getText(), source.version);
      this.parses.full++;
    }
    this.docs.set(source.uri, doc);
    return doc;
  }

  /**
   * The document as parsed for a request at `offset`: the document itself, or when it was refused
   * for a line over the limit, the window around the offset (window.ts; the last one kept per document).
   */
  at(source: TextSource, offset: number): AnsibleDocument {
    const doc = this.get(source);
    const last = this.windows.get(source.uri);
    if (last && last.doc.version === doc.version && last.start <= offset && offset < last.end) return last.doc;
    const window = windowAround(doc, offset);
    if (!window) return doc;
    this.windows.set(source.uri, window);
    return window.doc;
  }

  delete(uri: string): void {
    this.docs.delete(uri);
    this.windows.delete(uri);
  }
}
