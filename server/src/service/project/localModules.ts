// A module the project keeps beside its content (library/, a local collection): hover shows its
// documentation as for installed modules, and go to definition opens its source. Go to definition
// on an installed module opens its source too (the catalog finds the file).

import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover, type Location } from 'vscode-languageserver-types';
import { targetAt } from '../../document/locate';
import type { AnsibleDocument } from '../../document/model';
import { uriToPath } from '../../document/uri';
import { findLocalModule, localModuleDoc } from '../../project/localModules';
import { moduleMarkdown } from '../markdown';

function localModuleAt(doc: AnsibleDocument, offset: number) {
  const target = targetAt(doc, offset);
  const path = uriToPath(doc.uri);
  if (target?.kind !== 'module' || !path) return undefined;
  const file = findLocalModule(target.module.name, path);
  return file ? { name: target.module.name, file, span: target.span } : undefined;
}

export function localModuleHover(doc: AnsibleDocument, offset: number): Hover | null {
  const found = localModuleAt(doc, offset);
  const moduleDoc = found && localModuleDoc(found.name, found.file);
  if (!found || !moduleDoc) return null;
  const where = `*Module of this project:* \`${found.file.split('/').slice(-2).join('/')}\``;
  return {
    contents: { kind: MarkupKind.Markdown, value: `${moduleMarkdown(moduleDoc)}\n\n${where}` },
    range: doc.lines.range(found.span),
  };
}

const fileStart = (file: string): Location => {
  const start = { line: 0, character: 0 };
  return { uri: pathToFileURL(file).href, range: { start, end: start } };
};

export function localModuleDefinition(doc: AnsibleDocument, offset: number): Location[] {
  const found = localModuleAt(doc, offset);
  return found ? [fileStart(found.file)] : [];
}

/** The source file of the installed module named under the offset (`sourceFile`: the catalog's lookup). */
export async function installedModuleDefinition(
  doc: AnsibleDocument,
  offset: number,
  sourceFile: (name: string) => Promise<string | undefined>,
): Promise<Location[]> {
  const target = targetAt(doc, offset);
  const file = target?.kind === 'module' ? await sourceFile(target.module.name) : undefined;
  return file ? [fileStart(file)] : [];
}
