// Markdown from text the server does not control: the document (task names, option values, paths),
// module documentation, the ledger's records and a model's words. Every piece of Markdown the server
// builds puts such text through one of these, so that it shows as written and can never become an
// image (a request to any server when the hover opens), raw HTML, or a link that runs an editor
// command (`command:` links run in VS Code hovers and the explanation panel). In a low layer so
// that every layer may import it.
//
// - `escapeMarkdown`: plain text inside a line;
// - `inlineCode` / `codeBlock`: text shown as code, with fences no text can close;
// - `escapeMarkdownKeepingCode`: plain text whose `backtick` spans are meant as code (the
//   explanation's phrases quote document values that way);
// - `sanitizeMarkdown`: Markdown-ish text (module documentation after markup conversion, a model's
//   summary) keeping code spans, emphasis, paragraphs and http(s) links, nothing else;
// - `markdownLink` / `linkTarget`: a link only to an http(s) address.

/**
 * Text that Markdown shows as written, inside a line (never at a line start, where `#`, `-` or
 * `1.` would also need escaping): every character CommonMark and GFM treat as inline syntax (with
 * `[`, `<`, `&` and `!` escaped no image, link, autolink, HTML tag or entity can start). Line breaks
 * become spaces.
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/[\\`*_[\]<>|~&!]/g, '\\$&')
    .replace(/\r?\n|\r/g, ' ');
}

/** Inline code that survives backticks in the text (line breaks become spaces). */
export function inlineCode(text: string): string {
  const t = String(text).replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the text can close. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language.replace(/[^\w+-]/g, '')}\n${text}\n${fence}`;
}

/**
 * Text with `code` spans (the explanation's phrases: "runs `echo hi` as a shell command"): each
 * span becomes an `inlineCode` (whatever backticks its value holds), the rest `escapeMarkdown`. A
 * value holding a backtick can shift where a span ends, never what is escaped.
 */
export function escapeMarkdownKeepingCode(text: string): string {
  const parts = String(text).split('`');
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) out += escapeMarkdown(parts[i]);
    else if (i < parts.length - 1) out += inlineCode(parts[i]);
    else out += '\\`' + escapeMarkdown(parts[i]); // an unclosed span: its backtick as text
  }
  return out;
}

const isWebUrl = (url: string) => /^https?:\/\/[^\s/?#]+/i.test(url.trim());

/** A Markdown link target: characters that would end it early, start a title or an HTML tag, encoded. */
export const linkTarget = (url: string) => url.trim().replace(/[()\s<>"'`\\]/g, (c) => encodeURIComponent(c));

/** `[text](url)` for an http(s) address; anything else (`command:`, `file:`, `javascript:` …) is the text alone. */
export function markdownLink(text: string, url: string | undefined): string {
  return url && isWebUrl(url) ? `[${escapeMarkdown(text)}](${linkTarget(url)})` : escapeMarkdown(text);
}

/** The closing backtick run of exactly `n` from `from` on the same line, or -1. */
function closingRun(text: string, from: number, n: number): number {
  const re = /`+|\n/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '\n') return -1;
    if (m[0].length === n) return m.index;
  }
  return -1;
}

const INLINE_LINK = /^\[([^[\]\n]*)\]\(([^()\s<>]*)\)/;

/**
 * Markdown-ish text (module documentation as catalog/markup.ts converts it, a model's summary) made
 * safe to render: code spans (on one line) and `*`/`_` emphasis stay, paragraphs and line breaks
 * stay, `[label](url)` links stay only for http(s) addresses (`links: false`: none) and otherwise
 * become their label, images become their text, and every other character that could start HTML,
 * an autolink, an entity, a link or an image is escaped.
 */
export function sanitizeMarkdown(text: string, options: { links?: boolean } = {}): string {
  const links = options.links ?? true;
  const s = String(text).replace(/\r\n?/g, '\n');
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '`') {
      const n = /^`+/.exec(s.slice(i))?.[0].length ?? 1;
      const close = closingRun(s, i + n, n);
      if (close >= 0) {
        out += s.slice(i, close + n);
        i = close + n;
      } else {
        out += '\\`'.repeat(n);
        i += n;
      }
      continue;
    }
    if (ch === '!' && s[i + 1] === '[') {
      // An image: shown as its text (loading it would call the address when the Markdown is shown).
      const m = INLINE_LINK.exec(s.slice(i + 1));
      if (m) {
        out += escapeMarkdown(m[1] || m[2]);
        i += 1 + m[0].length;
        continue;
      }
    }
    if (ch === '[') {
      const m = INLINE_LINK.exec(s.slice(i));
      if (m) {
        out += links && isWebUrl(m[2]) ? markdownLink(m[1] || m[2], m[2]) : escapeMarkdown(m[1] || m[2]);
        i += m[0].length;
        continue;
      }
    }
    out += /[\\<>[\]&|~!]/.test(ch) ? '\\' + ch : ch;
    i++;
  }
  return out;
}
