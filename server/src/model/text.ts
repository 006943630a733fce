// Word features of task names: lower-cased, stop words dropped, a light suffix stemmer, bigrams.
// Names are short (median ~5 words), so a crude stemmer that maps install/installs/installed/
// installing to one form matters more than linguistic accuracy.

const STOP = new Set(
  'a an the to of for in on at with and or is are be been that it its this these those from by as into via using use if when then all any some our my your their which'.split(
    ' ',
  ),
);

export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Raw words: letters and digits (paths, dashes, underscores and Jinja braces split). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Stemmed content words, in order. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP.has(w) || w.length < 2) continue;
    out.push(stem(w));
  }
  return out;
}

/** Unigrams plus adjacent bigrams (`b:x_y`), deduplicated, in first-seen order. */
export function features(text: string): string[] {
  const t = terms(text);
  const out = new Set<string>(t);
  for (let i = 0; i + 1 < t.length; i++) out.add(`b:${t[i]}_${t[i + 1]}`);
  return [...out];
}

/**
 * The part of a task name that says what the task does: real names often carry a prefix of
 * segments (`proxysql | install | install python packages`, `Debian | Install sqlite3`,
 * `POSITIVE test -> Create host`, `Debian: Install sqlite3`).
 */
export function mainPart(description: string): string {
  const parts = description
    .split(/\s\|\s|\s\|$|^\|\s|\s-+>\s|\s=>\s/)
    .map((p) => p.trim())
    .filter(Boolean);
  let main = parts.length ? parts[parts.length - 1] : description.trim();
  // `Debian: Install x` — a short label before a colon (not `msg: {{ x }}` or a URL).
  const colon = /^([^:{}/]{1,30}):\s+([^{\s].*)$/.exec(main);
  if (colon && colon[1].trim().split(/\s+/).length <= 3) main = colon[2];
  return main;
}

/** The first content word of the main part (the verb, usually): `Print endpoint group` → `print`. */
export function leadWord(description: string): string {
  return terms(mainPart(description))[0] ?? '';
}

/**
 * The last part of a benchmark-style name ("4.3.3.4 | AUDIT | … | Set warning count"), lowercased,
 * without a closing full stop ("| Warn Count." is "| Warn Count").
 */
export function stepOf(name: string): string | undefined {
  const parts = name
    .split('|')
    .map((p) => p.trim().toLowerCase().replace(/\.$/, '').trim())
    .filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 1] : undefined;
}

/** A configuration key spelled as one: CamelCase of three words or more, upper-case snake. */
const KEY_SPELLING = String.raw`[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+){2,}|[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+`;
const KEY_NAMED = new RegExp(
  String.raw`^(?:[Cc]onfigure|[Ss]et|[Rr]emove(?: existing| the)?|[Aa]dd|[Uu]pdate|[Cc]hange) (${KEY_SPELLING})\b` +
    String.raw`|^(?:[Aa]dd|[Ss]et|[Rr]emove) ([a-z][a-z0-9]*(?:_[a-z0-9]+)+) (?:to|in|from) (?:the )?config(?:uration)?(?: file)?\b`,
);

/**
 * The configuration key a description sets, adds or removes ("Configure AuditFilePath", "Remove
 * existing SOLR_HEAP configuration.", "Add listen_address to config"), from its main part.
 */
export function configKeyNamed(main: string): string | undefined {
  const m = KEY_NAMED.exec(main);
  return m?.[1] ?? m?.[2];
}
