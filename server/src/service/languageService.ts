// The one front door of the language features: server.ts and the CLI call only this.
// Each feature lives in its own file and takes plain data.

import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Range } from 'vscode-languageserver-types';
import type { ModuleCatalog } from '../catalog/types';
import type { AnsibleDocument, Position } from '../document/model';
import { uriToPath } from '../document/uri';
import { withLocalModules } from '../project/localCatalog';
import type { ScribeSettings } from '../settings';
import { codeActions } from './codeActions';
import { complete, resolveCompletion } from './completion';
import { hover } from './hover';
import { validate } from './validation';

export class LanguageService {
  constructor(private readonly catalog: () => ModuleCatalog) {}

  /** The modules `doc` can call: those beside it (library/, a collections/ folder) first, then the installed ones. */
  private catalogFor(doc: AnsibleDocument): ModuleCatalog {
    return withLocalModules(this.catalog(), uriToPath(doc.uri));
  }

  validate(doc: AnsibleDocument, settings: ScribeSettings): Promise<Diagnostic[]> {
    if (!settings.validation.enabled) return Promise.resolve([]);
    return validate(doc, this.catalogFor(doc), settings.validation);
  }

  complete(doc: AnsibleDocument, pos: Position): Promise<CompletionList> {
    return complete(doc, pos, this.catalogFor(doc));
  }

  resolveCompletion(item: CompletionItem): Promise<CompletionItem> {
    return resolveCompletion(item, this.catalog());
  }

  hover(doc: AnsibleDocument, pos: Position): Promise<Hover | null> {
    return hover(doc, pos, this.catalogFor(doc));
  }

  /** `diagnostics` are those the client sent for the range; `allDiagnostics` the document's own, for fix-all actions. */
  codeActions(
    doc: AnsibleDocument,
    range: Range,
    diagnostics: Diagnostic[],
    allDiagnostics?: Diagnostic[],
  ): CodeAction[] {
    return codeActions(doc, range, diagnostics, allDiagnostics);
  }
}
