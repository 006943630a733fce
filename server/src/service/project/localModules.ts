// Go to definition on a module the project keeps beside its content (library/, a local
// collection) opens its source; on an installed module too (the catalog finds the file). Their
// documentation, completion and checks come with the installed modules' (project/localCatalog.ts).

import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver-types';
import { targetAt } from '../../document/locate';
import type { AnsibleDocument } from '../../document/model';
import { uriToPath } from '../../document/uri';
import { findLocalModule } from '../../project/localModules';

function localModuleAt(doc: AnsibleDocument, offset: number) {
  const target = targetAt(doc, offset);
  const path = uriToPath(doc.uri);
  if (target?.kind !== 'module' || !path) return undefined;
  const file = findLocalModule(target.module.name, path);
  return file ? { name: target.module.name, file, span: target.span } : undefined;
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
