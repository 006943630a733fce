// The workspace's Ansible files as parsed documents, for features that look across files (find
// references, rename, workspace symbols), and its Jinja templates (`*.j2`) as text, where variables
// are used too. Read once, lazily, with the bounded walk the attribution index uses (no hidden
// folders, dependencies or large files); afterwards only the files that file events name are read
// again. Open documents are given by the caller and win over the disk.

import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readWorkspaceYaml } from '../corpus/workspaceScan';
import { LineIndex, type AnsibleDocument } from '../document/model';
import { parseAnsibleDocument } from '../document/parse';

const MAX_FILE_BYTES = 512 * 1024;

const TEMPLATE = /\.j2$/;

export class WorkspaceFiles {
  private docs: Map<string, AnsibleDocument> | undefined;
  private templateDocs: Map<string, AnsibleDocument> | undefined;

  constructor(private readonly root: string) {}

  /** Every YAML file of the folder, parsed; `open` gives the editor's text for open files, by path. */
  documents(open: (path: string) => AnsibleDocument | undefined): AnsibleDocument[] {
    if (!this.docs) {
      this.docs = new Map();
      for (const f of readWorkspaceYaml(this.root)) this.docs.set(f.path, parse(f.path, f.text));
    }
    return [...this.docs.keys()].map((p) => open(p) ?? this.docs!.get(p)!);
  }

  /** The folder's Jinja templates, as documents of kind 'unknown' (text and lines only, not parsed as YAML). */
  templates(): AnsibleDocument[] {
    if (!this.templateDocs) {
      this.templateDocs = new Map();
      for (const f of readWorkspaceYaml(this.root, { match: TEMPLATE }))
        this.templateDocs.set(f.path, template(f.path, f.text));
    }
    return [...this.templateDocs.values()];
  }

  /** A file was created, changed or deleted on disk (workspace/didChangeWatchedFiles, didSave). */
  changed(path: string): void {
    if (!path.startsWith(this.root + '/')) return;
    const [docs, read] = TEMPLATE.test(path) ? [this.templateDocs, template] : [this.docs, parse];
    if (!docs || !(TEMPLATE.test(path) || /\.ya?ml$/.test(path))) return;
    const text = readSmall(path);
    if (text === undefined) docs.delete(path);
    else docs.set(path, read(path, text));
  }
}

function parse(path: string, text: string): AnsibleDocument {
  return parseAnsibleDocument(pathToFileURL(path).href, text);
}

function template(path: string, text: string): AnsibleDocument {
  const uri = pathToFileURL(path).href;
  return { uri, version: 0, text, kind: 'unknown', lines: new LineIndex(text), syntaxErrors: [], plays: [], tasks: [] };
}

function readSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}
