// An example whose name differs from the description in a word or two ("Configure AuditBackend"
// against "Configure AuditFilePath") likely differs in its values by the same words: they are
// substituted in the example's values, in the case each value writes them.

import { SECTION } from './taskFiles';

/**
 * The words an example's name has where the description has others (as the description writes
 * them), at most `most` of them and fewer than half the words — or the one word after the same
 * verb: "Set ssh port option" → "Set ssh password option" gives port → password, "Configure
 * AuditBackend" → "Configure AuditFilePath" AuditBackend → AuditFilePath. Names of different
 * lengths give the one word between a shared beginning and end (`middlePair`; two words for one
 * in the file's own series, `most` ≥ 2). None when the names differ in a one-letter word.
 */
export function nameSubstitutions(exampleName: string, description: string, most = 2): [string, string][] {
  // Whole names first (`action_mail_acct` → `admin_space_left_action`), and the part of one that
  // differs (`db_setup` → `mq_setup` also turns `common-db` into `common-mq`); else word by word.
  const whole = wordPairs(exampleName, description, /\w+(?:-\w+)*/g, most);
  if (!whole.length) {
    const words = wordPairs(exampleName, description, /[A-Za-z0-9]+/g, most);
    // "… | Set /etc/login.defs PASS_MAX_DAYS" → "… | Set /etc/login.defs PASS_WARN_AGE": the steps
    // of two benchmark rules differ where their rules' titles cannot be paired.
    const [a, b] = [exampleName, description].map((n) => n.split('|').at(-1)!.trim());
    return words.length || !exampleName.includes('|') || !description.includes('|')
      ? words
      : nameSubstitutions(a, b, most);
  }
  const parts = whole.flatMap(([from, to]): [string, string][] => {
    const [f, t] = [from.split('_'), to.split('_')];
    if (f.length < 2 || f.length !== t.length) return [];
    const differ = f.flatMap((x, k) => (x === t[k].toLowerCase() ? [] : [k]));
    return differ.length === 1 && f[differ[0]].length > 1 ? [[f[differ[0]], t[differ[0]]]] : [];
  });
  // Plurals name the singular in values too ("copy filters" → "copy jails" turns filter.d into
  // jail.d, and the `filterd` of `fail2ban_filterd_path` into `jaild`), and daemons their software
  // ("chronyd" → "ntpd" turns `timesync_chrony_…` into `timesync_ntp_…`).
  const stems = whole.flatMap(([from, to]): [string, string][] => {
    const alike = [/[^s]s$/i, /[^d]d$/i].some((end) => end.test(from) && end.test(to));
    if (!alike || from.length <= 3 || to.length <= 3 || to.includes(' ')) return [];
    const [f, t] = [from.slice(0, -1), to.slice(0, -1)];
    return /s$/i.test(from)
      ? [
          [f, t],
          [`${f}d`, `${t}d`],
        ]
      : [[f, t]];
  });
  return [...whole, ...parts, ...stems];
}

function wordPairs(exampleName: string, description: string, word: RegExp, most: number): [string, string][] {
  // Section ids ("5.1.20 | PATCH | …") differ between siblings and name nothing in the values.
  const a = exampleName.replace(SECTION, ' ').toLowerCase().match(word) ?? [];
  const written = description.replace(SECTION, ' ').match(word) ?? [];
  const b = written.map((w) => w.toLowerCase());
  if (a.length !== b.length) return middlePair(a, b, written, most);
  if (a.length !== b.length || a.length < 2) return [];
  const pairs: [string, string][] = [];
  for (let i = 0; i < a.length; i++) {
    // "first node" → "other nodes": one thing in another number, named alike in the values.
    if (a[i] === b[i] || a[i] === `${b[i]}s` || b[i] === `${a[i]}s`) continue;
    if (pairs.length === most || a[i].length < 2 || b[i].length < 2) return [];
    pairs.push([a[i], written[i]]);
  }
  const sameVerb = a.length === 2 && a[0] === b[0];
  return pairs.length * 2 < a.length || (sameVerb && pairs.length === 1) ? pairs : [];
}

/** Words that say what kind of thing a name is, not which. */
const THING_WORDS = new Set(['dir', 'directory', 'folder', 'file', 'files', 'path']);

/**
 * Names of different lengths that share their beginning and end: the one word between that
 * differs, kinds of thing left out ("Remove docs, if not needed" → "Remove example dir, if not
 * needed": docs → example).
 */
function middlePair(a: string[], b: string[], written: string[], most: number): [string, string][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  if (start + end < 2) return [];
  const from = a.slice(start, a.length - end).filter((w) => !THING_WORDS.has(w));
  const to = written.slice(start, b.length - end).filter((w) => !THING_WORDS.has(w.toLowerCase()));
  // Two words for one stay two (`substitute` joins them as the value writes names).
  return from.length === 1 &&
    (to.length === 1 || (to.length === 2 && most >= 2)) &&
    from[0].length > 1 &&
    to.every((w) => w.length > 1)
    ? [[from[0], to.join(' ')]]
    : [];
}

/** The words a command's subcommand uses for a verb of a task name. */
const SAID_AS: Record<string, string[]> = { create: ['setup', 'init'] };

/** Applies word substitutions in turn (nameSubstitutions). */
export function substituteAll(v: unknown, subs: readonly [string, string][]): unknown {
  return subs.reduce((x, sub) => substitute(x, sub), v);
}

/** Applies a word substitution inside a value (strings, lists, mappings), on word boundaries. */
export function substitute(v: unknown, [from, to]: [string, string]): unknown {
  if (typeof v === 'string') {
    // In the case the value writes the word in: `usbguard_auditbackend` → `usbguard_auditfilepath`,
    // `AuditBackend=` → `AuditFilePath=`, `PASS_MIN_DAYS` → `PASS_WARN_DAYS`.
    const cased = (found: string, t = to) =>
      found === found.toLowerCase() ? t.toLowerCase() : found === found.toUpperCase() ? t.toUpperCase() : t;
    // A name's parts are joined as the value joins them: "Configure common-account" is the
    // `common_account_template`, "limits.conf" the `limits_conf_template`. Two words for one are
    // one name inside a name (log_level → `sentry_dsn`, find_ports.yml → `find_bind_addresses.yml`),
    // else the second is what the thing is ("TLS crt file" → "TLS private key file": `.crt` → `.key`).
    const parts = from.split(/[-_.]/).map(escapeRe);
    const joined = (found: string, at: number, whole: string) => {
      const sep =
        /[-_.]/.exec(found)?.[0] ?? /[-_]/.exec(`${whole[at - 1] ?? ''}${whole[at + found.length] ?? ''}`)?.[0];
      const words = to.split(' ');
      if (words.length === 1) return sep ? to.replace(/[-_.]/g, sep) : to;
      return sep ? words.join(sep) : words[words.length - 1];
    };
    let out = v.replace(
      new RegExp(`(?<![A-Za-z0-9])${parts.join('[-_.]')}(?![A-Za-z0-9])`, 'gi'),
      (found: string, at: number, whole: string) => cased(found, joined(found, at, whole)),
    );
    // A part of a CamelCase name: `BucketName` → `BucketLocation` for name → location.
    const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
    if (/^[a-z]+$/i.test(from) && /^[a-z]+$/i.test(to))
      out = out.replace(new RegExp(`(?<=[a-z])${capital(from)}(?![a-z])`, 'g'), capital(to));
    // os10 → os9 also turns `acl10_` into `acl9_`: the number alone, right after letters.
    const fa = /^([a-z]+)(\d+)$/.exec(from);
    const ta = /^([a-z]+)(\d+)$/.exec(to);
    if (fa && ta && fa[1] === ta[1]) out = out.replace(new RegExp(`(?<=[A-Za-z])${fa[2]}(?![0-9])`, 'g'), ta[2]);
    // A verb the value says in its own word: `keystone-manage fernet_setup` for Create → Rotate is
    // `keystone-manage fernet_rotate`.
    const said = SAID_AS[from.toLowerCase()];
    if (out === v && said && /^[a-z]+$/i.test(to))
      out = v.replace(new RegExp(`(?<![A-Za-z0-9])(?:${said.join('|')})(?![A-Za-z0-9])`, 'g'), to.toLowerCase());
    // A name the value writes short: `agent-win.yml` for Windows → MacOS is `agent-macos.yml`; so
    // a manner: `apt-mark auto` for automatically → manually is `apt-mark manual`.
    const manner = /^[a-z]{5,}ly$/i.test(from) && /^[a-z]+ly$/i.test(to);
    if (out === v && /^[a-z]{5,}$/i.test(from) && (manner || /^[A-Za-z]*[A-Z][A-Za-z]*$/.test(to))) {
      const short = manner ? to.toLowerCase().slice(0, -2) : to.toLowerCase();
      out = v.replace(/(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])/g, (w) =>
        from.toLowerCase().startsWith(w) && from.length - w.length >= 2 ? short : w,
      );
    }
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, [from, to]));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, [from, to])]));
  return v;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
