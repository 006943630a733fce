// The tasks of one module's EXAMPLES: its YAML documents (some hold task lists, some whole plays),
// each parsed as an Ansible file. Broken documents are skipped and counted, never fatal.

import { parseAllDocuments } from 'yaml';
import { parseAnsibleDocument } from '../document/parse';
import { extractExamples } from './examplesSource';
import { extractTasks, type ExtractedTask, type ModuleResolver } from './extract';

export interface ExamplesOutcome {
  tasks: ExtractedTask[];
  /** No EXAMPLES assignment, or one that is not a single string literal. */
  examples: 'found' | 'none' | 'unsupported';
  /** YAML documents of the EXAMPLES that failed to parse. */
  brokenDocuments: number;
}

const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

export function examplesTasks(source: string, resolve: ModuleResolver): ExamplesOutcome {
  const found = extractExamples(source);
  if (found.kind !== 'found') return { tasks: [], examples: found.kind, brokenDocuments: 0 };
  const text = found.text;
  const tasks: ExtractedTask[] = [];
  let brokenDocuments = 0;
  for (const d of parseAllDocuments(text, { customTags, strict: false, prettyErrors: false })) {
    if (d.errors.length) {
      brokenDocuments++;
      continue;
    }
    if (!d.contents) continue;
    const [start, , end] = d.range;
    // Blank everything outside this document so offsets and lines stay those of the EXAMPLES text;
    // the path makes a plain task list parse as a task file (plays are recognised by content).
    const only = blankOutside(text, start, end);
    const doc = parseAnsibleDocument('file:///examples/tasks/main.yml', only);
    for (const t of extractTasks(doc, resolve)) tasks.push({ ...t, line: t.line + found.line - 1 });
  }
  return { tasks, examples: 'found', brokenDocuments };
}

function blankOutside(text: string, start: number, end: number): string {
  const keepNewlines = (s: string) => s.replace(/[^\n]/g, ' ');
  return keepNewlines(text.slice(0, start)) + text.slice(start, end) + keepNewlines(text.slice(end));
}
