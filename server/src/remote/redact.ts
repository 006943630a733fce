// Redaction: what is removed from a prompt before it leaves the machine for a remote model.
// Values under sensitive names (YAML `key: value`, `key=value`, JSON-ish `"key": "value"`),
// `!vault` blocks, `$ANSIBLE_VAULT` text, PEM private keys, cloud and chat tokens, credentials in
// URLs. Each is replaced by a placeholder that keeps the YAML valid, so the context still parses.
// Over-redaction is the safe side: a lost value costs a little context, a leaked one costs a key.

import { createHash } from 'node:crypto';

export const REDACTED = '<redacted>';

export interface Redaction {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

/** A stable, non-reversible stand-in for a document URI in any metadata sent out. */
export function hashUri(uri: string): string {
  return `sha256:${createHash('sha256').update(uri).digest('hex').slice(0, 16)}`;
}

const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'privatekey',
]);
const SENSITIVE_PAIRS = new Set(['apikey', 'accesskey', 'secretkey', 'privatekey', 'clientsecret', 'vaultpassword']);
/** `password_file: /etc/x`: the key names where a secret lives, not the secret. */
const REFERENCE_SUFFIXES = new Set(['file', 'path', 'dir', 'length', 'env']);

/** Whether a key names a secret: `db_password`, `apiKey`, `aws_secret_key`, `client-secret`. */
export function isSensitiveKey(key: string): boolean {
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!parts.length || REFERENCE_SUFFIXES.has(parts[parts.length - 1])) return false;
  if (parts.some((p) => SENSITIVE_WORDS.has(p))) return true;
  for (let i = 0; i + 1 < parts.length; i++) if (SENSITIVE_PAIRS.has(parts[i] + parts[i + 1])) return true;
  return false;
}

/** `{{ db_password }}` names a variable, it holds no secret: keep it (useful context). */
function isVariableReference(value: string): boolean {
  return /^(["']?)\{\{\s*[A-Za-z_][\w.]*(\s*\|\s*[A-Za-z_]\w*)*\s*\}\}\1$/.test(value.trim());
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Tokens recognisable wherever they appear. */
const TOKEN_PATTERNS: RegExp[] = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI-style keys
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
];

export function redact(text: string): Redaction {
  let count = 0;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // PEM private key: everything up to its END line (or the end of the base64 run).
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(line)) {
      count++;
      const head = line.slice(0, line.indexOf('-----BEGIN'));
      let j = i;
      if (!/-----END [A-Z0-9 ]*PRIVATE KEY-----/.test(line)) {
        j = i + 1;
        while (j < lines.length && !/-----END [A-Z0-9 ]*PRIVATE KEY-----/.test(lines[j])) {
          if (!/^\s*[A-Za-z0-9+/=:\-\s]*$/.test(lines[j]) || lines[j].trim() === '') {
            j--;
            break;
          }
          j++;
        }
      }
      const end = j < lines.length ? lines[j] : '';
      const tail = end.includes('PRIVATE KEY-----') ? end.slice(end.lastIndexOf('-----') + 5) : '';
      out.push(`${head}${REDACTED}${tail}`);
      i = Math.min(j, lines.length - 1);
      continue;
    }
    // `$ANSIBLE_VAULT;1.1;AES256` and its hex lines, wherever they stand.
    if (line.includes('$ANSIBLE_VAULT;')) {
      count++;
      out.push(line.slice(0, line.indexOf('$ANSIBLE_VAULT;')) + REDACTED);
      while (i + 1 < lines.length && /^\s*[0-9a-fA-F]+\s*$/.test(lines[i + 1])) i++;
      continue;
    }
    const kv = /^(\s*(?:-\s+)?)(["']?)([\w.-]+)\2(\s*:)(\s*)(.*)$/.exec(line);
    if (kv) {
      const [, lead, quote, key, colon, space, value] = kv;
      const vault = /^!vault\b/.test(value);
      const sensitive = isSensitiveKey(key);
      const block = /^(!\S+\s+)?[|>][-+0-9]*\s*(#.*)?$/.test(value);
      const nested = value.trim() === '' || /^#/.test(value.trim());
      if (vault || (sensitive && (block || nested))) {
        // The value is the indented block below (a block scalar, a vault, or a nested mapping).
        let j = i + 1;
        while (j < lines.length && (lines[j].trim() === '' || indentOf(lines[j]) > indentOf(line))) j++;
        while (j > i + 1 && lines[j - 1].trim() === '') j--;
        if (vault || j > i + 1 || block) {
          count++;
          out.push(`${lead}${quote}${key}${quote}${colon} ${REDACTED}`);
          i = j - 1;
          continue;
        }
      } else if (sensitive && value.trim() !== '' && !isVariableReference(value.replace(/\s+#.*$/, ''))) {
        count++;
        out.push(`${lead}${quote}${key}${quote}${colon}${space || ' '}${REDACTED}`);
        continue;
      }
    }
    out.push(line);
  }
  let result = out.join('\n');
  const sub = (re: RegExp, fn: (...m: string[]) => string) => {
    result = result.replace(re, (...m: string[]) => {
      const r = fn(...m);
      if (r !== m[0]) count++;
      return r;
    });
  };
  for (const re of TOKEN_PATTERNS) sub(re, () => REDACTED);
  sub(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme) => `${scheme} ${REDACTED}`);
  // https://user:secret@host
  sub(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@'"]+:[^\s/@'"]+@/gi, (_m, scheme) => `${scheme}${REDACTED}@`);
  // key=value words (free-form module arguments, command lines) and --password value flags.
  sub(/(^|[\s,;'"(])([\w.-]+)=("[^"]*"|'[^']*'|[^\s,;'")]+)/g, (m, pre, key, value) =>
    isSensitiveKey(key) && value !== REDACTED && !isVariableReference(value) ? `${pre}${key}=${REDACTED}` : m,
  );
  sub(/(--?[\w-]+)([ =])("[^"]*"|'[^']*'|[^\s"'-][^\s"']*)/g, (m, flag, sep, value) =>
    isSensitiveKey(flag.replace(/^-+/, '')) && value !== REDACTED && !isVariableReference(value)
      ? `${flag}${sep}${REDACTED}`
      : m,
  );
  // JSON-ish and YAML flow mappings inside a line: "key": "value", key: value inside { }.
  sub(/(["'])([\w.-]+)\1(\s*:\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\]\s]+)/g, (m, q, key, colon, value) =>
    isSensitiveKey(key) && value !== REDACTED && !isVariableReference(value)
      ? `${q}${key}${q}${colon}"${REDACTED}"`
      : m,
  );
  sub(/([{,]\s*)([\w.-]+)(\s*:\s+)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\]\s]+)/g, (m, pre, key, colon, value) =>
    isSensitiveKey(key) && value !== REDACTED && !isVariableReference(value) ? `${pre}${key}${colon}${REDACTED}` : m,
  );
  return { text: result, count };
}
