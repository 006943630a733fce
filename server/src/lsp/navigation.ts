// Navigation over LSP: document and workspace symbols, go to definition, find references and
// rename for handlers and variables. The workspace's files are read lazily per folder (project/workspaceFiles)
// and kept current by file events: workspace/didChangeWatchedFiles (registered dynamically when
// the client can) and the open documents' own text. ansible-inventory (trusted workspaces only)
// runs for a folder when one of its documents opens, so `hosts:` completion usually has it.

import {
  DidChangeWatchedFilesNotification,
  ResponseError,
  ErrorCodes,
  type Connection,
  type InitializeParams,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { AnsibleDocument } from '../document/model';
import { uriToPath } from '../document/uri';
import { WorkspaceFiles } from '../project/workspaceFiles';
import { definitionAt } from '../service/project/definition';
import { handlerNameAt, handlerReferences, renameHandler } from '../service/project/handlers';
import type { InventoryCommand } from '../service/project/inventoryCommand';
import { installedModuleDefinition, localModuleDefinition } from '../service/project/localModules';
import { projectCompletion } from '../service/project/projectCompletion';
import { ownArgumentMarkdown, roleArgumentCompletion, roleArgumentHover } from '../service/project/roleArguments';
import { documentSymbols, workspaceSymbols } from '../service/project/symbols';
import {
  renameRefusedFor,
  renameVariable,
  variableNameAt,
  variableReferences,
} from '../service/project/variableReferences';
import {
  definitionLocations,
  inReach,
  inventoryDefinitions,
  variableAt,
  variableCompletion,
  variableDefinitions,
  variableHover,
} from '../service/project/variables';
import {
  MarkupKind,
  type CompletionList,
  type Hover,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver/node';

export interface NavigationDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  parsed: (doc: TextDocument) => AnsibleDocument;
  workspaceRoots: () => readonly string[];
  /** An installed module's source file (the module catalog's lookup), for go to definition. */
  moduleSource?: (name: string) => Promise<string | undefined>;
  /** The installed `ansible_collections` folders (the module catalog's), for roles given by FQCN. */
  collectionRoots?: () => readonly string[];
  /** ansible-inventory's listings per workspace folder (it runs only when the workspace is trusted). */
  inventory?: InventoryCommand;
}

export const NAVIGATION_CAPABILITIES: ServerCapabilities = {
  documentSymbolProvider: { label: 'Ansible' },
  workspaceSymbolProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
};

export interface Navigation {
  /** Call from the server's onInitialized: watches the workspace's YAML files. */
  initialized(): void;
  /**
   * A role argument given in `roles:` or include_role `vars:`: its argument_specs entry; a variable
   * under the cursor: where it is defined, with its values.
   */
  hover(doc: AnsibleDocument, position: Position): Hover | null;
  /** Role arguments, inventory hosts after `hosts:`, role names, variables inside `{{ }}` and `when:`; else undefined. */
  complete(doc: AnsibleDocument, position: Position): CompletionList | undefined;
}

export function registerNavigation(d: NavigationDeps, params: InitializeParams): Navigation {
  const { connection, documents } = d;
  const folders = new Map<string, WorkspaceFiles>();
  const folderOf = (path: string) => d.workspaceRoots().find((r) => path.startsWith(r + '/'));
  const filesOf = (root: string) => {
    let f = folders.get(root);
    if (!f) folders.set(root, (f = new WorkspaceFiles(root)));
    return f;
  };
  /** The parsed text of an open document by path (the editor's text wins over the disk). */
  const openDoc = (path: string) => {
    const doc = documents.get(pathToFileURL(path).href);
    return doc ? d.parsed(doc) : undefined;
  };
  /** The documents a cross-file feature looks at: the folder holding `uri`, or the document alone. */
  const scope = (doc: TextDocument): AnsibleDocument[] => {
    const path = uriToPath(doc.uri);
    const root = path && folderOf(path);
    return root ? filesOf(root).documents(openDoc) : [d.parsed(doc)];
  };
  const layout = { workspaceRoots: d.workspaceRoots(), collectionRoots: d.collectionRoots };

  connection.onDocumentSymbol((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? documentSymbols(d.parsed(doc)) : null;
  });
  connection.onWorkspaceSymbol((p) =>
    d.workspaceRoots().flatMap((r) => workspaceSymbols(filesOf(r).documents(openDoc), p.query)),
  );
  connection.onDefinition(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const parsed = d.parsed(doc);
    const offset = parsed.lines.offsetAt(p.position);
    const found = definitionAt(parsed, offset, layout);
    if (found.length) return found;
    const local = localModuleDefinition(parsed, offset);
    if (local.length) return local;
    const installed = d.moduleSource ? await installedModuleDefinition(parsed, offset, d.moduleSource) : [];
    if (installed.length) return installed;
    const variable = variableAt(parsed, offset);
    if (!variable) return [];
    const docs = scopeOfParsed(parsed);
    const defs = variableDefinitions(variable.name, docs, parsed, offset, inventoryDefinitions(parsed, layout));
    return definitionLocations(defs, [parsed, ...docs]);
  });
  /** The handler or variable name under the position. */
  const nameAt = (doc: TextDocument, position: Position) => {
    const parsed = d.parsed(doc);
    const offset = parsed.lines.offsetAt(position);
    const handler = handlerNameAt(parsed, offset);
    if (handler) return { kind: 'handler' as const, ...handler, parsed };
    const variable = variableNameAt(parsed, offset);
    return variable && { kind: 'variable' as const, ...variable, parsed };
  };
  connection.onReferences((p) => {
    const doc = documents.get(p.textDocument.uri);
    const hit = doc && nameAt(doc, p.position);
    if (!doc || !hit) return doc ? [] : null;
    return hit.kind === 'handler'
      ? handlerReferences(hit.name, scope(doc))
      : variableReferences(hit.name, variableScope(doc, hit.parsed), p.context.includeDeclaration);
  });
  connection.onPrepareRename((p) => {
    const doc = documents.get(p.textDocument.uri);
    const hit = doc && nameAt(doc, p.position);
    if (!hit) return null;
    const refused = hit.kind === 'variable' ? renameRefusedFor(hit.name) : undefined;
    if (refused) throw new ResponseError(ErrorCodes.InvalidRequest, refused);
    return { range: hit.parsed.lines.range(hit.span), placeholder: hit.name };
  });
  connection.onRenameRequest((p) => {
    const doc = documents.get(p.textDocument.uri);
    const hit = doc && nameAt(doc, p.position);
    if (!doc || !hit)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'Only handler names and variables can be renamed here.');
    const result =
      hit.kind === 'handler'
        ? renameHandler(hit.name, p.newName, scope(doc))
        : renameVariable(hit.name, p.newName, variableScope(doc, hit.parsed), layout.workspaceRoots);
    if ('refused' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.refused);
    return result.edit;
  });

  const changed = (uri: string) => {
    const path = uriToPath(uri);
    const root = path && folderOf(path);
    if (root) folders.get(root)?.changed(path);
  };
  connection.onDidChangeWatchedFiles((p) => p.changes.forEach((c) => changed(c.uri)));
  documents.onDidSave((e) => changed(e.document.uri));
  documents.onDidClose((e) => changed(e.document.uri));
  /** ansible-inventory's last listing of the folder holding `uri` (a run starts when it is due). */
  const listed = (uri: string) => {
    const path = uriToPath(uri);
    const root = path && folderOf(path);
    return root && d.inventory ? d.inventory.view(root) : undefined;
  };
  documents.onDidOpen((e) => void listed(e.document.uri));
  const dynamic = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  /** The documents whose variables reach `parsed` (a role's defaults only from the role Ansible picks). */
  const scopeOfParsed = (parsed: AnsibleDocument) => {
    const doc = documents.get(parsed.uri);
    return doc ? inReach(scope(doc), parsed, layout) : [parsed];
  };
  /** Where a variable's references are: the documents in reach and the folder's Jinja templates. */
  const variableScope = (doc: TextDocument, parsed: AnsibleDocument) => {
    const path = uriToPath(doc.uri);
    const root = path && folderOf(path);
    return [...scopeOfParsed(parsed), ...(root ? filesOf(root).templates() : [])];
  };
  return {
    hover(parsed, position) {
      const offset = parsed.lines.offsetAt(position);
      const argument = roleArgumentHover(parsed, offset, layout);
      if (argument) return argument;
      const variable = variableAt(parsed, offset);
      if (!variable) return null;
      const inventory = inventoryDefinitions(parsed, layout);
      const defs = variableDefinitions(variable.name, scopeOfParsed(parsed), parsed, offset, inventory);
      const where = variableHover(variable.name, variable.span, defs, parsed, layout.workspaceRoots);
      // Inside a role: what its argument_specs say of the variable too (a required one may be defined nowhere).
      const spec = ownArgumentMarkdown(parsed, variable.name);
      if (!spec) return where;
      const value = where ? `${(where.contents as MarkupContent).value}\n\n---\n\n${spec}` : spec;
      return { contents: { kind: MarkupKind.Markdown, value }, range: parsed.lines.range(variable.span) };
    },
    complete(parsed, position) {
      const offset = parsed.lines.offsetAt(position);
      const argument = roleArgumentCompletion(parsed, offset, layout);
      if (argument) return { isIncomplete: false, items: argument };
      const project = projectCompletion(parsed, offset, layout, listed(parsed.uri));
      if (project) return project;
      const scoped = () => scopeOfParsed(parsed);
      const items = variableCompletion(parsed, offset, scoped, () => inventoryDefinitions(parsed, layout));
      return items && { isIncomplete: false, items };
    },
    initialized() {
      if (dynamic)
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yml,yaml,j2}' }],
        });
    },
  };
}
