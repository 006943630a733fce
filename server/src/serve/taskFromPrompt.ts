// What `scribe serve` reads out of a prompt: the task to write. A completions prompt is a file
// ending with `- name: <description>` (as remote/prompt.ts writes it, or as any editor plugin
// would send it); a chat message holds that file in its last fenced YAML block, or is just the
// description. The file goes through the editor's own trigger rules when it parses; otherwise the
// description alone is still answered.
//
// Linear time, whatever the prompt: only its tail is parsed (the `- name:` line and the file
// context above it, PROMPT_TAIL_CHARS at most), every regex here matches in one pass (no nested or
// adjacent quantifiers over the same characters), the description is whitespace-collapsed and
// capped before it reaches the YAML parser, and the file goes to the document parser and the
// trigger rules only when no line of it is longer than MAX_LINE_CHARS (else the description alone
// is answered): their per-line costs stay small whatever a line holds.

import { parse } from 'yaml';
import type { ModuleCatalog } from '../catalog/types';
import { parseAnsibleDocument } from '../document/parse';
import { buildTaskRequests } from '../suggest/request';
import type { TaskRequest } from '../suggest/types';
import { HttpError } from './http';

export interface PromptTask {
  request: TaskRequest;
  /** Column of the task's keys in the prompt's file (where a body continuing it goes); 0 without a file. */
  indent: number;
  indentUnit: number;
}

/**
 * File context read above the `- name:` line. remote/prompt.ts sends 2,000 characters; editor
 * plugins send a file's head. Anything further up cannot change the task and is not parsed.
 */
export const PROMPT_TAIL_CHARS = 4 * 1024;
/** A task description (whitespace collapsed) is a sentence, not a document. */
export const MAX_DESCRIPTION_CHARS = 500;
/** Longer lines (a minified blob, a pasted log) are not parsed as the file; `- name:` indented deeper is refused. */
export const MAX_LINE_CHARS = 1000;
/** A chat message that is only a description (no `- name:` line) is at most this long. */
const MAX_BARE_DESCRIPTION_CHARS = 300;

// Anchored; each part consumes a different character class than the next: one pass.
const NAME_LINE = /^([ \t]*)-([ \t]+)name[ \t]*:(.*)$/s;

interface NameLine {
  /** Leading spaces, and the spaces after the `-`. */
  indent: string;
  gap: string;
  description: string;
}

export function taskFromPrompt(text: string, catalog: Pick<ModuleCatalog, 'resolve'>): PromptTask | undefined {
  const body = text.trimEnd();
  if (!body) return undefined;
  const lineStart = Math.max(body.lastIndexOf('\n'), body.lastIndexOf('\r')) + 1;
  const name = nameLine(body.slice(lineStart));
  if (!name) return undefined;
  const fileText = tailLines(body, lineStart);
  const lines = lineLengths(fileText);
  if (lines.longest <= MAX_LINE_CHARS) {
    // The line as the parser sees it: the description as read (collapsed, quoted), indentation kept.
    const line = `${name.indent}-${name.gap}name: ${JSON.stringify(name.description)}`;
    const doc = parseAnsibleDocument('file:///scribe-serve/prompt.yml', `${fileText}${line}\n`);
    // A prompt is text, not a file: nothing is read from this machine's disk for it.
    const built = buildTaskRequests(doc, lines.count, catalog, { readText: () => undefined, listFiles: () => [] });
    if (!('reason' in built) && built.requests[0])
      return { request: built.requests[0], indent: built.indent, indentUnit: built.indentUnit };
  }
  return { request: bareRequest(name.description, fileText), indent: name.indent.length + 2, indentUnit: 2 };
}

/** A chat message: the last fenced YAML block when it ends with a `- name:` line, else the message as the description. */
export function taskFromChat(message: string, catalog: Pick<ModuleCatalog, 'resolve'>): PromptTask | undefined {
  for (const block of fencedBlocks(message).reverse()) {
    const found = taskFromPrompt(block, catalog);
    if (found) return { ...found, indent: 0 };
  }
  const direct = taskFromPrompt(message, catalog);
  if (direct) return { ...direct, indent: 0 };
  const description = message.replace(/\s+/g, ' ').trim();
  if (!description || description.length > MAX_BARE_DESCRIPTION_CHARS) return undefined;
  return { request: bareRequest(description, ''), indent: 0, indentUnit: 2 };
}

/** `- name: <description>` → its parts; undefined for any other line or an empty description. */
function nameLine(line: string): NameLine | undefined {
  const m = NAME_LINE.exec(line);
  if (!m) return undefined;
  if (m[1].length + m[2].length > MAX_LINE_CHARS)
    throw new HttpError(
      400,
      `the '- name:' line is indented more than ${MAX_LINE_CHARS} columns`,
      'invalid_request_error',
      'invalid_prompt',
    );
  const description = scalar(m[3]);
  return description ? { indent: m[1], gap: m[2], description } : undefined;
}

/**
 * The file above the name line: at most PROMPT_TAIL_CHARS, starting at a line boundary, line
 * breaks normalised to `\n`, ending with one (or empty).
 */
function tailLines(body: string, lineStart: number): string {
  const from = Math.max(0, lineStart - PROMPT_TAIL_CHARS);
  let head = body.slice(from, lineStart);
  if (from > 0) {
    // Cut mid-line: drop the partial first line.
    const br = head.search(/[\r\n]/);
    head = br < 0 ? '' : head.slice(br + 1);
  }
  return head.replace(/\r\n?/g, '\n');
}

/** How many lines `text` (ending with a line break, or empty) has, and the longest one's length. */
function lineLengths(text: string): { count: number; longest: number } {
  let count = 0;
  let longest = 0;
  for (let start = 0, br = text.indexOf('\n'); br >= 0; start = br + 1, br = text.indexOf('\n', start)) {
    count++;
    longest = Math.max(longest, br - start);
  }
  return { count, longest };
}

/**
 * The contents of each ``` fenced block (an info string of `[\w+-]`, then a line break, up to the
 * next ```), as the regex /```[\w+-]*[ \t]*\n([\s\S]*?)\n?```/g finds them, in one left-to-right scan.
 */
export function fencedBlocks(message: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const open = message.indexOf('```', from);
    if (open < 0) break;
    let i = open + 3;
    while (i < message.length && /[\w+-]/.test(message[i])) i++;
    while (message[i] === ' ' || message[i] === '\t') i++;
    if (message[i] !== '\n') {
      from = open + 1;
      continue;
    }
    const start = i + 1;
    const close = message.indexOf('```', start);
    if (close < 0) break;
    const end = close > start && message[close - 1] === '\n' ? close - 1 : close;
    blocks.push(message.slice(start, end));
    from = close + 3;
  }
  return blocks;
}

function bareRequest(description: string, fileText: string): TaskRequest {
  return {
    description,
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', fileText },
  };
}

/**
 * A `name:` value as written (quoted or plain, after the colon) → its text, whitespace collapsed.
 * Throws a 400 when it is longer than a description can be.
 */
function scalar(raw: string): string {
  // A comment starts at the first `#` after whitespace (the space after the colon counts).
  const hash = raw.search(/\s#/);
  const value = hash < 0 ? raw : raw.slice(0, hash);
  // Counted before collapsing: a value of many short words would make many replacements.
  const collapsed = wordChars(value) > MAX_DESCRIPTION_CHARS ? undefined : value.replace(/\s+/g, ' ').trim();
  if (collapsed === undefined || collapsed.length > MAX_DESCRIPTION_CHARS)
    throw new HttpError(
      400,
      `the task description is longer than ${MAX_DESCRIPTION_CHARS} characters`,
      'invalid_request_error',
      'invalid_prompt',
    );
  try {
    const v: unknown = parse(collapsed);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).trim();
  } catch {
    // not a scalar on its own: take the words as written
  }
  return collapsed.replace(/^["']|["']$/g, '').trim();
}

/** Characters other than spaces and tabs, counted up to just past MAX_DESCRIPTION_CHARS. */
function wordChars(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length && n <= MAX_DESCRIPTION_CHARS; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) n++;
  }
  return n;
}
