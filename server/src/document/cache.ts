// Each document is parsed once per version; every feature asks here. A new version of a document
// already parsed re-parses only what the edit touched when it can (incremental.ts).

import { parseFull, reparse } from './incremental';
import type { AnsibleDocument } from './model';

export interface TextSource {
  uri: string;
  version: number;
  getText(): string;
}

export class DocumentCache {
  private readonly docs = new Map<string, AnsibleDocument>();
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

  delete(uri: string): void {
    this.docs.delete(uri);
  }
}
