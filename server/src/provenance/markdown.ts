// Markdown pieces shared by the attribution hover and the provenance report. Everything in a
// record may come from a ledger file on disk, so every field is escaped (document/markdown.ts).

import { escapeMarkdown, inlineCode as codeSpan, markdownLink } from '../document/markdown';
import type { AttributionMatch } from './types';

export { codeBlock, escapeMarkdown, linkTarget } from '../document/markdown';

/**
 * Inline code that also holds in a table cell (the report's): a `|` in the text would end the cell
 * and leave the rest outside the code span, so it is written `\|`, which a table cell reads as `|`.
 */
export function inlineCode(text: string): string {
  return codeSpan(String(text).replace(/\|/g, '\\|'));
}

/** The matched snippet as shown: no surrounding blank lines or trailing spaces, at most `maxLines`. */
export function trimSnippet(snippet: string, maxLines = 15): string {
  const lines = snippet.split(/\r?\n|\r/).map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  // Drop the common indentation so a nested task reads from column 0.
  const indent = Math.min(...lines.filter((l) => l !== '').map((l) => l.length - l.trimStart().length));
  const out = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  return out.length > maxLines ? [...out.slice(0, maxLines), '# …'].join('\n') : out.join('\n');
}

/**
 * Where a match's source can be read: on GitHub (and GitLab) a link to the file at the default
 * branch and line; elsewhere the repository itself. Undefined without a repository URL.
 */
export function sourceUrl(m: Pick<AttributionMatch, 'repoUrl' | 'path' | 'line'>): string | undefined {
  const repo = m.repoUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!/^https?:\/\//i.test(repo)) return undefined;
  let host = '';
  try {
    host = new URL(repo).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const path = m.path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  const line = m.line > 0 ? `#L${m.line}` : '';
  if (path && (host === 'github.com' || host === 'www.github.com')) return `${repo}/blob/HEAD/${path}${line}`;
  if (path && (host === 'gitlab.com' || host === 'www.gitlab.com')) return `${repo}/-/blob/HEAD/${path}${line}`;
  return repo;
}

/** A link to an http(s) address (`sourceUrl` gives no other), else the text alone; both escaped. */
export function link(text: string, url: string | undefined): string {
  return markdownLink(text, url);
}

/** `2026-11-26 10:32` in the server's local time. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return escapeMarkdown(String(iso));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const collectionAtVersion = (m: Pick<AttributionMatch, 'collection' | 'version'>) =>
  m.collection ? (m.version ? `${m.collection}@${m.version}` : m.collection) : '(unknown collection)';

export const modelLabel = (model: string) =>
  model === 'embedded' || model === '' ? 'embedded model' : `model ${model}`;
