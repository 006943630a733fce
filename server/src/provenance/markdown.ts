// Markdown pieces shared by the attribution hover and the provenance report.

import type { AttributionMatch } from './types';

/**
 * Text that Markdown shows as written, inside a line (never at a line start, where `#`, `-` or
 * `1.` would also need escaping): every character CommonMark treats as inline syntax.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function inlineCode(text: string): string {
  const t = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the text can close. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
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

/** A Markdown link target: parentheses and spaces would end it early. */
export const linkTarget = (url: string) => url.replace(/[()\s]/g, (c) => encodeURIComponent(c));

export function link(text: string, url: string | undefined): string {
  return url ? `[${escapeMarkdown(text)}](${linkTarget(url)})` : escapeMarkdown(text);
}

/** `2026-11-26 10:32` in the server's local time. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const collectionAtVersion = (m: Pick<AttributionMatch, 'collection' | 'version'>) =>
  m.collection ? (m.version ? `${m.collection}@${m.version}` : m.collection) : '(unknown collection)';

export const modelLabel = (model: string) =>
  model === 'embedded' || model === '' ? 'embedded model' : `model ${model}`;
