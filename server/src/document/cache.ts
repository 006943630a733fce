// Each document is parsed once per version; every feature asks here.

import type { AnsibleDocument } from './model';
import { parseAnsibleDocument } from './parse';

export interface TextSource {
  uri: string;
  version: number;
  getText(): string;
}

export class DocumentCache {
  private readonly docs = new Map<string, AnsibleDocument>();

  get(source: TextSource): AnsibleDocument {
    const cached = this.docs.get(source.uri);
    if (cached && cached.version === source.version) return cached;
    const doc = parseAnsibleDocument(source.uri, source.getText(), source.version);
    this.docs.set(source.uri, doc);
    return doc;
  }

  delete(uri: string): void {
    this.docs.delete(uri);
  }
}
