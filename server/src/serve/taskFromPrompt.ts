// What `scribe serve` reads out of a prompt: the task to write. A completions prompt is a file
// ending with `- name: <description>` (as remote/prompt.ts writes it, or as any editor plugin
// would send it); a chat message holds that file in its last fenced YAML block, or is just the
// description. The file goes through the editor's own trigger rules when it parses; otherwise the
// description alone is still answered.

import { parse } from 'yaml';
import type { ModuleCatalog } from '../catalog/types';
import { parseAnsibleDocument } from '../document/parse';
import { buildTaskRequests } from '../suggest/request';
import type { TaskRequest } from '../suggest/types';

export interface PromptTask {
  request: TaskRequest;
  /** Column of the task's keys in the prompt's file (where a body continuing it goes); 0 without a file. */
  indent: number;
  indentUnit: number;
}

const NAME_LINE = /^(\s*)-\s+name\s*:\s*(.*?)\s*$/;

export function taskFromPrompt(text: string, catalog: Pick<ModuleCatalog, 'resolve'>): PromptTask | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last].trim() === '') last--;
  if (last < 0) return undefined;
  const m = NAME_LINE.exec(lines[last]);
  if (!m) return undefined;
  const description = scalar(m[2]);
  if (!description) return undefined;
  const fileText = lines.slice(0, last).join('\n') + (last > 0 ? '\n' : '');
  const doc = parseAnsibleDocument('file:///scribe-serve/prompt.yml', lines.slice(0, last + 1).join('\n') + '\n');
  const built = buildTaskRequests(doc, last, catalog, { readText: () => undefined });
  if (!('reason' in built) && built.requests[0])
    return { request: built.requests[0], indent: built.indent, indentUnit: built.indentUnit };
  return { request: bareRequest(description, fileText), indent: m[1].length + 2, indentUnit: 2 };
}

/** A chat message: the last fenced YAML block when it ends with a `- name:` line, else the message as the description. */
export function taskFromChat(message: string, catalog: Pick<ModuleCatalog, 'resolve'>): PromptTask | undefined {
  const fences = [...message.matchAll(/```[\w+-]*[ \t]*\n([\s\S]*?)\n?```/g)];
  for (const f of fences.reverse()) {
    const found = taskFromPrompt(f[1], catalog);
    if (found) return { ...found, indent: 0 };
  }
  const direct = taskFromPrompt(message, catalog);
  if (direct) return { ...direct, indent: 0 };
  const description = message.replace(/\s+/g, ' ').trim();
  if (!description || description.length > 300) return undefined;
  return { request: bareRequest(description, ''), indent: 0, indentUnit: 2 };
}

function bareRequest(description: string, fileText: string): TaskRequest {
  return {
    description,
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', fileText },
  };
}

/** A `name:` value as written (quoted or plain) → its text. */
function scalar(raw: string): string {
  const noComment = raw.replace(/\s+#.*$/, '');
  try {
    const v: unknown = parse(noComment);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).trim();
  } catch {
    // not a scalar on its own: take the words as written
  }
  return noComment.replace(/^["']|["']$/g, '').trim();
}
