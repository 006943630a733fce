// A remote model's short narrative summary on top of the grounded explanation (markdown.ts). The
// grounded explanation stays the reference: the summary is written from it and the file, placed
// under the title with a note saying who wrote it, and the rest is left byte-for-byte as it was.
// Secrets never reach the prompt: the file is redacted before the prompt is built, and the grounded
// explanation (built from the raw file, so it shows values flattened onto one line or cut short
// with "…") is scrubbed of every value the file's redaction found, then redacted on its own; the
// model client redacts the final prompt once more. The summary is the model's text: it goes into
// the Markdown escaped (no HTML, images or command links; only http(s) links stay links). An
// unreachable endpoint becomes a one-line note and the explanation still stands on its own.

import type { ChatMessage, TextModel } from '../model/types';
import { isSensitiveKey, redact, REDACTED, scrub } from '../remote/redact';

/** Characters of the file and of the grounded explanation that go into the prompt at most. */
export const FILE_BUDGET = 6000;
export const GROUNDED_BUDGET = 4000;
/** Characters of summary kept at most (5 sentences fit with room to spare). */
export const MAX_SUMMARY = 1200;
/** About 1,200 characters of English. */
const MAX_TOKENS = 320;

export const NARRATIVE_SYSTEM_PROMPT =
  'You explain Ansible files to someone who does not read Ansible. Write a short summary in plain ' +
  'words, 3 to 5 sentences of prose: what the file is for, which hosts it targets, and notable risks ' +
  '(privilege escalation; destructive actions such as removing files, packages or users, or ' +
  'restarting services; secrets it handles). Use only what the file and its explanation say: do not ' +
  'invent modules, hosts, variables or behaviour that are not in the text. No headings, no lists, no code.';

export interface NarrativeDeps {
  model: TextModel;
  signal?: AbortSignal;
}

/** The model's summary of a file, from the file and its grounded explanation (Markdown). */
export async function narrativeSummary(
  input: { fileText: string; grounded: string },
  deps: NarrativeDeps,
): Promise<string> {
  // Redacted before anything is built from it; what it found is scrubbed from the explanation too.
  const redacted = redact(input.fileText);
  const file = headOf(redacted.text, FILE_BUDGET, (n) => `# … ${n} more line(s) not shown`);
  const explanation = scrub(maskOptionValues(input.grounded), redacted.secrets).text;
  const grounded = headOf(explanation, GROUNDED_BUDGET, (n) => `… ${n} more line(s) not shown`);
  const parts = [
    'The file:',
    '```yaml',
    file.replace(/\n*$/, ''),
    '```',
    '',
    "Its explanation, built from the file and the modules' documentation:",
    '',
    grounded.replace(/\n*$/, ''),
    '',
  ];
  const messages: ChatMessage[] = [
    { role: 'system', content: NARRATIVE_SYSTEM_PROMPT },
    { role: 'user', content: [...parts, 'Write the summary.'].join('\n') },
  ];
  // The completions form ends where the summary starts, so the model continues with it.
  const prompt = [NARRATIVE_SYSTEM_PROMPT, '', ...parts, 'Summary:', ''].join('\n');
  const { text } = await deps.model.complete(
    { messages, prompt, maxTokens: MAX_TOKENS, stop: ['\n\n\n', '\n#', '\n```'] },
    deps.signal,
  );
  const summary = cleanSummary(text);
  if (!summary) throw new Error('model endpoint gave an empty summary');
  return summary;
}

/** The reply as one paragraph: no fences, headings or "Summary:" label; cut at a sentence end. */
export function cleanSummary(reply: string): string {
  const text = reply
    .split(/\r?\n/)
    .filter((l) => !/^\s*(```|~~~|#)/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[*_]*summary[*_]*\s*:\s*[*_]*\s*/i, '')
    .trim();
  if (text.length <= MAX_SUMMARY) return text;
  const head = text.slice(0, MAX_SUMMARY);
  let end = -1;
  for (const m of head.matchAll(/[.!?]["')\]]?(?=\s|$)/g)) end = m.index + m[0].length;
  // No sentence end in a useful length: cut at a word and say so.
  if (end < MAX_SUMMARY / 3) return `${head.replace(/\s+\S*$/, '')}…`;
  return head.slice(0, end);
}

/** The grounded explanation with the model's summary (escaped) under its title (nothing else changed). */
export function withNarrative(grounded: string, summary: string, model: string): string {
  const name = model.replace(/[`\n\r]/g, '');
  const note = `_Written by the model \`${name}\` from the grounded explanation below; check it against that explanation._`;
  return afterTitle(grounded, ['## Summary', '', note, '', markdownText(summary.replace(/\s+/g, ' ').trim())]);
}

/** The grounded explanation with one line under its title saying why there is no summary. */
export function withoutNarrative(grounded: string, reason: string): string {
  const why = (reason.split('\n')[0] ?? '').trim().replace(/[.\s]+$/, '');
  return afterTitle(grounded, [
    `_Summary unavailable: ${markdownText(why)}. The explanation below is complete without it._`,
  ]);
}

/**
 * Characters that make Markdown of plain text: emphasis, code, links and images, HTML and entities,
 * tables, strikethrough; `#`, `-`, `+`, `>` and `1.` only matter at the start (a one-line paragraph).
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&|~!]|^[#+-]|^(\d+)[.)]/g;
/** A link to keep: `[text](https://…)`. */
const HTTP_LINK = /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s()<>]{1,2000})\)/g;
/** A bare web address, which Markdown may turn into a link by itself. */
const BARE_URL = /\bhttps?:\/\/[^\s<>"'`]{1,2000}/g;

/**
 * Model text as Markdown that shows exactly that text: every Markdown character escaped (no HTML,
 * no images, no `command:` or other links; other schemes and e-mail addresses get a zero-width space
 * so that no renderer links them), except `[text](http(s)://…)` links and bare http(s) addresses,
 * which stay links (their address percent-encoded where Markdown could misread it).
 */
export function markdownText(text: string): string {
  // Other schemes and e-mail addresses would be turned into links by a linkifying renderer: a
  // zero-width space keeps them text.
  const unlink = (s: string) =>
    s.replace(/\b([a-z][a-z0-9+.-]{0,30}):(?=\/\/|[^\s/]*@)/gi, '$1\u200b:').replace(/(\w)@(?=[\w-]+\.)/g, '$1\u200b@');
  const escape = (s: string) =>
    unlink(s).replace(MARKDOWN_SPECIAL, (c: string, digits: string | undefined) =>
      digits ? `${digits}\\${c.slice(-1)}` : `\\${c}`,
    );
  const href = (u: string) =>
    u.replace(/[()<>[\]*_`!|~\\"' ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  let out = '';
  let at = 0;
  const links = [...text.matchAll(HTTP_LINK)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    md: `[${escape(m[1])}](${href(m[2])})`,
  }));
  const plain = (s: string) => {
    let res = '';
    let i = 0;
    for (const m of s.matchAll(BARE_URL)) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, '');
      res += escape(s.slice(i, m.index)) + href(url);
      i = m.index + url.length;
    }
    return res + escape(s.slice(i));
  };
  for (const l of links) {
    out += plain(text.slice(at, l.start)) + l.md;
    at = l.end;
  }
  return out + plain(text.slice(at));
}

/** Inserts `lines` (a paragraph block) after the first `# ` title line, or at the top without one. */
function afterTitle(grounded: string, lines: string[]): string {
  const title = /^# .*$/m.exec(grounded);
  if (!title) return `${lines.join('\n')}\n\n${grounded}`;
  let at = title.index + title[0].length;
  const lead = grounded[at] === '\n' ? '\n' : '\n\n';
  if (grounded[at] === '\n') at++;
  return `${grounded.slice(0, at)}${lead}${lines.join('\n')}\n${grounded.slice(at)}`;
}

/**
 * "- `password` = `s3cret` — …": an option value under a secret's name, which `redact` does not
 * recognise in this Markdown form (it knows YAML, `key=value` and JSON), so it is masked here.
 */
function maskOptionValues(markdown: string): string {
  return markdown.replace(/^(\s*- `)([\w.-]+)(` = `).*$/gm, (m, lead: string, key: string, eq: string) =>
    isSensitiveKey(key) ? `${lead}${key}${eq}${REDACTED}\`` : m,
  );
}

/** The first lines of `text` within `budget` characters, and a line saying how many were left out. */
function headOf(text: string, budget: number, more: (lines: number) => string): string {
  if (text.length <= budget) return text;
  const lines = text.split('\n');
  let size = 0;
  let kept = 0;
  while (kept < lines.length && size + lines[kept].length + 1 <= budget) size += lines[kept++].length + 1;
  // A first line longer than the budget (minified JSON, a long string): its head, then the rest.
  if (!kept) return [text.slice(0, budget), more(lines.length - 1)].join('\n');
  return [...lines.slice(0, kept), more(lines.length - kept)].join('\n');
}
