// Redaction: what is removed from text before it leaves the machine for a remote model. It runs on
// the raw text, before anything (prompt, few-shot example, explanation, summary) is built from it,
// and once more on what is finally sent. Each secret is replaced by a placeholder that keeps the
// YAML valid, so the context still parses.
//
// Recognised: values under names that contain a secret word (`password`, `db_pw`, `adminpassword`,
// `encryption_key`, `PGPASSWORD`, `X-Auth-Token`…) as YAML keys (also in comments and flow
// mappings), `k=v` and `&k=v`, JSON, CLI flags (`--password x`, `-p'x'` for mysql, `sshpass -p x`),
// positional (`aws configure set aws_secret_access_key x`, `.netrc` `password x`) and in prose
// (`the root password is x`); Jinja `default('…')` literals where a secret is meant; credentials
// and webhook tokens in URLs; PEM blocks (also flattened onto one line); `!vault` and
// `$ANSIBLE_VAULT`; JWTs and base64 JSON; known token shapes (AWS, GitHub, GitLab, Slack, Google,
// Azure, OpenAI, Stripe…); long random-looking or padded base64 runs.
// Over-redaction is the safe side: a lost value costs a little context, a leaked one costs a key.
// What is kept: Jinja variable references (`{{ db_password }}`), booleans, paths under `*_file`,
// checksums and commit hashes (hex), public SSH keys.

import { createHash } from 'node:crypto';

export const REDACTED = '<redacted>';

export interface Redaction {
  text: string;
  /** How many secrets were replaced. */
  count: number;
  /** The values that were replaced (to scrub text derived from the same input, see `scrub`). */
  secrets: string[];
}

/** A stable, non-reversible stand-in for a document URI in any metadata sent out. */
export function hashUri(uri: string): string {
  return `sha256:${createHash('sha256').update(uri).digest('hex').slice(0, 16)}`;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Whole name parts that name a secret. */
const SENSITIVE_PARTS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'passcode',
  'pass',
  'pwd',
  'pw',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'cred',
  'creds',
  'credential',
  'credentials',
  'privatekey',
  'privkey',
]);
/** `ovirt_auth`, `basic_auth`, `Authorization`, but not `auth_source` or `hosts_with_auth_disabled`. */
const SENSITIVE_LAST = new Set(['auth', 'authn', 'authz', 'authorization']);
/** Parts that hold a secret word run together with others: `adminpassword`, `PGPASSWORD`, `vaulttoken`. */
const SENSITIVE_INFIX =
  /password|passwd|passphrase|secret|token|credential|apikey|privatekey|privkey|accesskey|secretkey|authkey|sessionkey|masterkey|signingkey|encryptionkey|licensekey|sharedkey|accountkey|dockerconfig|dockercfg/;
/** `rootpass`, `adminpw`, `mysqlpwd` (but not `bypass`, `compass`). */
const SENSITIVE_SUFFIX = /(pass|pw|pwd)$/;
const NOT_SECRET_PARTS = new Set([
  'bypass',
  'compass',
  'encompass',
  'surpass',
  'trespass',
  'overpass',
  'underpass',
  'secretary',
  'tokenizer',
  'author',
  'authors',
  'authority',
  'authorized',
  'authoritative',
  'ospwd',
]);
/** Consecutive parts that name a secret: `api_key`, `access-key`, `private_key`, `client_secret`. */
const SENSITIVE_PAIRS = new Set(['apikey', 'accesskey', 'secretkey', 'privatekey', 'clientsecret', 'vaultpassword']);
/** `…_key` is a secret unless it is one of these kinds of key. */
const PUBLIC_KEY_KINDS = new Set([
  'public',
  'pub',
  'host',
  'sort',
  'primary',
  'foreign',
  'partition',
  'dict',
  'cache',
  'apt',
  'gpg',
  'known',
  'authorized',
  'lookup',
  'hot',
  'registry',
  'group',
  'map',
  'index',
  'unique',
  'item',
  'dns',
  'route',
  'rpm',
  'repo',
  'signed',
  'trusted',
  'ssh',
  'sign',
  'allow',
  'deny',
  'ip',
  'search',
  'match',
  'filter',
  'column',
  'field',
  'attr',
  'json',
  'yaml',
  'config',
  'conf',
  'setting',
  'option',
  'param',
  'value',
  'entry',
  'row',
  'table',
  'object',
  's3',
  'bucket',
  'metadata',
  'label',
  'tag',
  'sysctl',
  'ini',
  'env',
  'var',
  'vars',
]);
/**
 * `password_file: /etc/x`, `secret_name: tls`, `token_type: bearer`: the key names where a secret
 * lives or what kind it is, not the secret.
 */
const REFERENCE_SUFFIXES = new Set([
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'length',
  'len',
  'env',
  'var',
  'name',
  'names',
  'type',
  'bits',
  'size',
  'comment',
  'format',
  'lock',
  'mode',
  'method',
  'policy',
  'max',
  'min',
  'age',
  'expire',
  'expires',
  'expiry',
  'ttl',
  'url',
  'uri',
  'endpoint',
  'source',
  'provider',
  'backend',
  'store',
]);
/** `update_password: on_create`, `validate_certs`, `generate_ssh_key: true`: options about a secret. */
const OPTION_PREFIXES = new Set(['update', 'validate', 'generate', 'require', 'requires', 'use', 'no', 'is', 'has']);
/** Module names that look like secrets (their own sensitive options are still judged one by one). */
const MODULE_NAMES =
  /^(openssl_privatekey\w*|openssh_keypair|authorized_key|win_credential|secretsmanager_secret|azure_rm_keyvault\w*|gitlab_deploy_key|github_deploy_key|k8s_secret\w*)$/;

function partsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function sensitivePart(p: string): boolean {
  if (NOT_SECRET_PARTS.has(p)) return false;
  return SENSITIVE_PARTS.has(p) || SENSITIVE_INFIX.test(p) || (p.length > 3 && SENSITIVE_SUFFIX.test(p));
}

/** Whether a key names a secret: `db_password`, `apiKey`, `aws_secret_key`, `client-secret`, `db_pw`, `encryption_key`. */
export function isSensitiveKey(key: string): boolean {
  if (key.length > 200) return false;
  const bare = key.replace(/^[-.$]+/, '');
  // A dotted name (`item.password`, `spring.datasource.password`, a module's FQCN) is judged by its last name.
  const last = bare.includes('.') ? bare.slice(bare.lastIndexOf('.') + 1) : bare;
  if (MODULE_NAMES.test(last)) return false;
  const parts = partsOf(last);
  if (!parts.length) return false;
  const end = parts[parts.length - 1];
  if (REFERENCE_SUFFIXES.has(end) && parts.length > 1) return false;
  if (OPTION_PREFIXES.has(parts[0]) && parts.length > 1) return false;
  if (parts.some(sensitivePart) || SENSITIVE_LAST.has(end)) return true;
  for (let i = 0; i + 1 < parts.length; i++) if (SENSITIVE_PAIRS.has(parts[i] + parts[i + 1])) return true;
  if ((end === 'key' || end === 'keys') && parts.length > 1 && !PUBLIC_KEY_KINDS.has(parts[parts.length - 2]))
    return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Values

/** `{{ db_password }}` names a variable, it holds no secret: keep it (useful context). */
function isVariableReference(value: string): boolean {
  return /^(["']?)\{\{\s*[A-Za-z_][\w.[\]'"]*(\s*\|\s*[A-Za-z_]\w*(\(\s*(\d+|true|false|omit)?\s*\))?)*\s*\}\}\1$/.test(
    value.trim(),
  );
}

/** Values that are no secret under any name: booleans, null, an empty string, a placeholder. */
function isHarmless(value: string): boolean {
  const v = value.trim().replace(/^(\\*["'])(.*)\1$/, '$2');
  return (
    v === '' ||
    v === REDACTED ||
    /^[^A-Za-z0-9]*$/.test(v) ||
    /^\d{1,2}$/.test(v) || // a type or level (`pass_key: 7`), not a secret
    isExpression(v) ||
    /^&[\w-]+$/.test(v) || // a YAML anchor
    /^\*[\w-]+$/.test(v) || // a YAML alias
    /^(true|false|yes|no|on|off|null|~|omit|none|\[\]|\{\}|enabled|disabled|required|optional|auto|always|never|on_create|inherit|prompt)$/i.test(
      v,
    ) ||
    /^([a-z]+:(\/\/)?)?(\/|~\/)[\w.@+-]+(\/[\w.@+-]+)*\/?$/.test(v) || // a path (file:///x, exec:/x)
    (/^https?:\/\/[^\s@?#'"]+$/.test(v) && !/\/(hooks?|webhooks?|services)\//i.test(v)) || // a plain URL
    isVariableReference(v) ||
    /^\$\{?[A-Za-z_]\w*\}?$/.test(v) // $PASSWORD: a shell variable, not its value
  );
}

/** A Jinja/Python expression: `item.password`, `hostvars[h]["pw"] | default(omit),`, `pw | b64decode`. */
function isExpression(value: string): boolean {
  const trimEnd = (x: string) => {
    let end = x.length;
    while (end > 0 && /[\s,]/.test(x[end - 1])) end--;
    return x.slice(0, end);
  };
  let v = trimEnd(trimEnd(value).replace(/(%\}|\}\})$/, ''));
  // Closing brackets of an enclosing call or mapping: `…) }})`, `…},`.
  const depth = (c: string) => v.split(c).length - 1;
  while (/[)}]$/.test(v) && depth(v.slice(-1) === ')' ? '(' : '{') < depth(v.slice(-1))) v = trimEnd(v.slice(0, -1));
  // Split at the pipes outside brackets and quotes.
  const parts: string[] = [];
  let level = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) level++;
    else if (')]}'.includes(c)) level--;
    else if (c === '|' && level === 0) {
      parts.push(v.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(v.slice(start));
  const [head, ...filters] = parts;
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*\s*$/.test(head)) return false;
  if (!filters.length && !/[.[]/.test(head)) return false;
  return filters.every((f) => /^\s*\w+\s*(?:\(.*\))?\s*$/.test(f));
}

/** An ordinary literal (a word, a number, a path, a URL without credentials, a version, a hash name). */
function isOrdinaryLiteral(v: string): boolean {
  return (
    v === '' ||
    /^[^A-Za-z0-9]*$/.test(v) ||
    /^[A-Za-z_][A-Za-z _-]*$/.test(v) ||
    /^[A-Z][a-z]+\/[A-Za-z_]+$/.test(v) || // Europe/Berlin
    /^[a-z]{2}_[A-Z]{2}(\.[\w-]+)?$/.test(v) || // en_US.UTF-8
    /^-?v?\d+(\.\d+)*$/.test(v) ||
    /^[0-9a-fA-F]+(-[0-9a-fA-F]+)*$/.test(v) ||
    /^(md5|sha\d+(_crypt)?|bcrypt|blowfish|pbkdf2\w*|argon2\w*|scrypt|des_crypt|base64|utf-?8|ascii|hex|ipv[46]|x86_64|aarch64)$/i.test(
      v,
    ) ||
    /^(\/|~\/|\.\.?\/)[\w./-]*$/.test(v) ||
    (/^https?:\/\/[^\s@]+$/.test(v) && !/[?&](\w*(key|token|sig|secret|password)\w*)=/i.test(v)) ||
    // Structured text (a file name, `key=value`, a sentence) that is not random.
    (/[./ =:]/.test(v) && !looksRandom(v) && !/[!@#$%^&*~]/.test(v))
  );
}

/** A piece of a name: `files`, `MyConfig`, `x86`, `CentOS`, `DisableFenceAtStartup`, `CONFIRM`, `7Server`. */
const wordyPiece = (p: string): boolean =>
  p.length <= 4 ||
  /^(\d*|[a-z]+\d*|[a-z]+[A-Z]{1,3}\d*|[A-Z]+\d*|\d*([A-Z][a-z]+)+\d*|[A-Za-z]{1,3}\d{1,3}|[A-Z][a-z]*[A-Z]{1,3})$/.test(
    p,
  ) ||
  (/[a-z]{4,}/.test(p) && (p.match(/[A-Z]/g) ?? []).length <= 1 && (p.match(/\d/g) ?? []).length <= 2);
/** A run made of words (a path, a constant, `key=value` of words): not random. */
const wordy = (run: string): boolean => run.split(/[-_./=+:]+/).every(wordyPiece);

const LOWER = /[a-z]/g;
const UPPER = /[A-Z]/g;
const DIGIT = /[0-9]/g;
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

function entropy(s: string): number {
  const freq = new Map<string, number>();
  for (const c of s) freq.set(c, (freq.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * A run that looks machine-generated: long, mixed upper, lower and digits, high entropy and no
 * long lowercase words (which identifiers, paths and prose have). Lowercase hex is kept: it is a
 * checksum or a commit far more often than a secret.
 */
export function looksRandom(run: string): boolean {
  const core = run.replace(/=+$/, '');
  if (core.length < 20) return false;
  if (/^[0-9a-f-]+$/.test(core) || /^[0-9A-F-]+$/.test(core)) return false;
  const lower = count(core, LOWER);
  const upper = count(core, UPPER);
  const digits = count(core, DIGIT);
  const longestWord = Math.max(0, ...(core.match(/[a-z]+|[A-Z][a-z]+/g) ?? []).map((w) => w.length));
  if (longestWord > 9) return false;
  if (wordy(core)) return false;
  const classes = (lower >= 2 ? 1 : 0) + (upper >= 2 ? 1 : 0) + (digits >= 2 ? 1 : 0);
  if (classes === 3 && entropy(core) >= 3.6) return true;
  // Long base64 (padding, `+`, `/` mixed with both cases).
  if (core.length >= 32 && classes >= 2 && digits >= 1 && /[+/]/.test(core)) return entropy(core) >= 4;
  return core.length >= 40 && upper >= 2 && lower >= 2 && entropy(core) >= 4.2;
}

/** Padded base64 of something (`cGFzc3dvcmQxMjM0NQ==`): encoded data, often a secret. */
function looksBase64(run: string): boolean {
  return (
    run.length >= 16 &&
    !wordy(run) &&
    run.length % 4 === 0 &&
    /^[A-Za-z0-9+/]+={1,2}$/.test(run) &&
    /[A-Z]/.test(run) &&
    /[a-z]/.test(run)
  );
}

/** A value given after a name without `=` or `:` (`password hunter2`): only when it looks like one. */
function looksLikeSecretWord(v: string): boolean {
  const w = v.replace(/^(["'])(.*)\1$/, '$2');
  if (/^["']/.test(v) && w.length >= 3) return !isOrdinaryLiteral(w) || !STOP_WORDS.has(w.toLowerCase());
  if (w.length < 4 || STOP_WORDS.has(w.toLowerCase())) return false;
  if (/^(\/|~\/|\.\.?\/|https?:\/\/|--?[a-z])/.test(w) || /^[<{$]/.test(w)) return false;
  return /\d/.test(w) || /[!@#$%^&*+=~?]/.test(w) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(w) || looksRandom(w);
}

/** Passwords common enough to hide even as plain lowercase words after "password is". */
const WEAK_PASSWORDS = new Set([
  'changeme',
  'password',
  'secret',
  'letmein',
  'admin',
  'root',
  'toor',
  'welcome',
  'qwerty',
  'hunter',
]);

/** Words that follow "password is …" in prose and are not the password. */
const STOP_WORDS = new Set(
  (
    'the a an is are was be been being not no none empty set unset stored kept saved read taken given passed used ' +
    'needed required optional generated created changed rotated encrypted hashed managed defined provided missing ' +
    'here there below above in on at of for from to with by via as and or if when then than that this these those it ' +
    'its their your our my his her same different correct wrong valid invalid only also still now never always ' +
    'same file files variable variables field fields value values option options prompt prompted random secure ' +
    'strong weak hidden visible known unknown expired locked disabled enabled like similar must should will can ' +
    'may might could would please auth authentication authorization login logins user users account accounts ' +
    'key keys token tokens secret secrets password passwords vault lookup env environment'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// Patterns recognisable wherever they appear

/** Token shapes of known services. */
const TOKEN_PATTERNS: RegExp[] = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bxapp-\d-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\bya29\.[0-9A-Za-z_-]{20,}/g, // Google OAuth access tokens
  /\bGOCSPX-[0-9A-Za-z_-]{20,}/g, // Google OAuth client secrets
  /\b1\/\/0[0-9A-Za-z_-]{30,}/g, // Google refresh tokens
  /\b[0-9A-Za-z_-]{3}8Q~[0-9A-Za-z_.~-]{30,}/g, // Azure AD client secrets
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g, // OpenAI / Anthropic
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\bpypi-[A-Za-z0-9_-]{30,}/g,
  /\bdckr_pat_[A-Za-z0-9_-]{20,}/g,
  /\bhv[sb]\.[A-Za-z0-9_-]{20,}/g, // HashiCorp Vault
  /\bdop_v1_[a-f0-9]{32,}/g, // DigitalOcean
  /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}/g, // Shopify
  /\bkey-[0-9a-f]{32}\b/g, // Mailgun
  /\beyJ[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*){0,2}=*/g, // JWTs, base64 JSON (`{"…`)
];

/** Where a webhook URL's secret starts: everything after it up to a space or quote is the token. */
const WEBHOOK =
  /\b(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|discord(?:app)?\.com\/api\/webhooks|[\w.-]*webhook\.office\.com\/webhookb2|outlook\.office\.com\/webhook|chat\.googleapis\.com\/v1\/spaces\/[^/\s]+\/messages|[\w.-]+\/(?:api\/)?(?:hooks?|webhooks?))\/?)([^\s"'`<>)\]]+)/gi;

/** Commands whose `-p` takes a password (attached: `-p'x'`, `-px`; sshpass also `-p x`). */
const PASSWORD_P_COMMANDS =
  /\b(mysql\w*|mariadb\w*|sshpass|mysqladmin|mysqldump|mongo|mongosh|mongodump|mongorestore)\b/;
/** Commands whose short option takes a password: `ldapsearch -w x`, `redis-cli -a x`, `docker login -p x`. */
const PASSWORD_FLAGS: [RegExp, string][] = [
  [/\bldap\w+\b/, 'w'],
  [/\bredis-cli\b/, 'a'],
  [/\b(docker|podman|buildah|skopeo|helm)\s+(\S+\s+)?login\b/, 'p'],
  [/\bsqlcmd\b/, 'P'],
  [/\bsmbclient\b/, 'P'],
];

// ---------------------------------------------------------------------------------------------

const indentOf = (line: string): number => line.length - line.trimStart().length;

class Redactor {
  count = 0;
  readonly secrets: string[] = [];

  hide(value: string): string {
    const v = value.replace(/^(\\*["'])(.*)\1$/s, '$2');
    if (v.split(REDACTED).join('').trim() === '') return v.includes(REDACTED) ? REDACTED : value;
    this.count++;
    this.secrets.push(v);
    return REDACTED;
  }

  /** Replaces each match of `re` by what `fn` returns (the match itself: left alone). */
  sub(text: string, re: RegExp, fn: (...m: string[]) => string): string {
    return text.replace(re, (...m: unknown[]) =>
      fn(...(m.filter((x) => typeof x === 'string' || x === undefined) as string[]).map((x) => x ?? '')),
    );
  }
}

/** The secrets in `text` replaced by `<redacted>`, with how many and which. */
export function redact(text: string): Redaction {
  return redactText(text, { chars: 200_000 });
}

/** `redact`, with the budget of characters that quoted strings may still be redacted as lines in. */
function redactText(text: string, nested: { chars: number }): Redaction {
  const r = new Redactor();
  let t = text;

  // PEM blocks, whole (also when flattened onto one line, or with `\n` escapes in a string).
  t = t.replace(/-----BEGIN ([A-Z0-9 ]{3,60})-----[\s\S]{0,20000}?-----END \1-----/g, (m) => r.hide(m));
  t = t.replace(
    /-----BEGIN [A-Z0-9 ]{3,60}-----(?:[ \t]|\\n)*(?:[A-Za-z0-9+/=:,-]+…?(?:[ \t]|\\n)*)*(?:\n[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*(?=\n|$))*/g,
    (m) => r.hide(m),
  );

  // A double-quoted string with `\n` escapes holds lines of its own (a file's content, a goal):
  // they are redacted as lines. Past a budget (hostile input: many such strings), such a string
  // is hidden whole instead.
  // (The lookahead takes the string's body at once, like an atomic group: no backtracking.)
  t = t.replace(/(?<!\\)"(?=((?:[^"\\\n]|\\.)*))\1"/g, (m: string, body: string) => {
    if (
      body.length > 20_000 ||
      !body.includes('\\n') ||
      !/pass|pw|secret|token|key|cred|auth|BEGIN|VAULT|sig|=/i.test(body)
    )
      return m;
    let inner: unknown;
    try {
      inner = JSON.parse(m);
    } catch {
      return m;
    }
    if (typeof inner !== 'string') return m;
    nested.chars -= inner.length;
    if (nested.chars < 0) return `"${r.hide(inner)}"`;
    const lines = redactText(inner, nested);
    if (!lines.count) return m;
    r.count += lines.count;
    r.secrets.push(...lines.secrets);
    return JSON.stringify(lines.text);
  });
  t = redactLines(t, r);

  for (const re of TOKEN_PATTERNS) t = t.replace(re, (m) => r.hide(m));
  t = r.sub(t, /\b(Bearer|Basic|Token|Digest)([ \t]+)([A-Za-z0-9._~+/=-]{8,})/gi, (m, scheme, sp, v) =>
    v === REDACTED ? m : `${scheme}${sp}${r.hide(v)}`,
  );
  // Webhook tokens in URLs.
  t = r.sub(t, WEBHOOK, (m, base, rest) => (rest.startsWith(REDACTED) ? m : `${base}${r.hide(rest)}`));
  // https://user:secret@host, https://TOKEN@host
  t = r.sub(t, /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^\s/:@'"`<>]+):([^\s/@'"`<>]+)@/gi, (m, scheme, _user, pw) => {
    if (pw === REDACTED) return m;
    r.hide(pw);
    return `${scheme}${REDACTED}@`;
  });
  t = r.sub(t, /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^\s/:@'"`<>]{16,})@/gi, (m, scheme, user) =>
    looksRandom(user) || /^(gh[pousr]_|glpat-|x-access-token|oauth2)/.test(user) ? `${scheme}${r.hide(user)}@` : m,
  );
  // key=value words: free-form module arguments, command lines, env vars, query strings and bodies.
  t = r.sub(
    t,
    /(^|[\s,;'"(&?{[])([\w.-]+)=(\\+"[^"\n]*?\\+"|"[^"\n]*"|'[^'\n]*'|(?:[^\s,;&'"`)}\]{]|\{\{[^}\n]*\}\}|\{(?!\{))+)/gm,
    (m, pre, key, value) => {
      const inQuery = pre === '&' || pre === '?';
      const sensitive = isSensitiveKey(key) || (inQuery && /^(key|sig|signature|code|access_token|sv)$/i.test(key));
      return sensitive && !isHarmless(value) ? `${pre}${key}=${shownValue(value, r)}` : m;
    },
  );
  // A secret's name glued to other text: `aandpassword=x` (a description where `&` became `and`).
  t = r.sub(
    t,
    /(password|passwd|passphrase|secret|token|api_?key|pwd)=(\\+"[^"\n]*?\\+"|"[^"\n]*"|'[^'\n]*'|(?:[^\s,;&'"`)}\]{]|\{\{[^}\n]*\}\}|\{(?!\{))+)/gi,
    (m, name, value) => (isHarmless(value) || value.startsWith(REDACTED) ? m : `${name}=${shownValue(value, r)}`),
  );
  // --password value, --password=value, --api-key 'value'
  t = r.sub(
    t,
    /(^|\s)(--?[A-Za-z][\w-]*)([ =])(\\+"[^"\n]*?\\+"|\{\{[^}\n]*\}\}|"[^"\n]*"|'[^'\n]*'|[^\s"'`-](?:[^\s"'`{]|\{\{[^}\n]*\}\}|\{(?!\{))*)/gm,
    (m, pre, flag, sep, value) =>
      flag.length > 2 && isSensitiveKey(flag.replace(/^-+/, '')) && !isHarmless(value)
        ? `${pre}${flag}${sep}${shownValue(value, r)}`
        : m,
  );
  // curl -u user:password, --user user:password
  t = r.sub(t, /(\s(?:-u|--user|--proxy-user)[ \t=]+)("?)([^\s:'"]+):([^\s'"@]+)\2/g, (m, flag, q, user, pw) =>
    isHarmless(pw) ? m : `${flag}${q}${user}:${r.hide(pw)}${q}`,
  );
  // mysql -p'secret', mysql -psecret, sshpass -p secret (only where -p is a password).
  t = t
    .split('\n')
    .map((line) => {
      const cmd = PASSWORD_P_COMMANDS.exec(line);
      if (!cmd) return line;
      const head = line.slice(0, cmd.index);
      let rest = line.slice(cmd.index);
      rest = r.sub(rest, /(\s-p)("[^"]*"|'[^']*'|[^\s"'`;|&]+)/g, (m, flag, v) =>
        isHarmless(v) ? m : `${flag}${r.hide(v)}`,
      );
      if (/\b(sshpass|mongo\w*)\b/.test(rest))
        rest = r.sub(rest, /(\s-p[ \t]+)("[^"]*"|'[^']*'|[^\s"'`;|&-][^\s"'`;|&]*)/g, (m, flag, v) =>
          isHarmless(v) ? m : `${flag}${r.hide(v)}`,
        );
      return head + rest;
    })
    .join('\n');
  t = t
    .split('\n')
    .map((line) => {
      for (const [cmd, letter] of PASSWORD_FLAGS) {
        const at = cmd.exec(line);
        if (!at) continue;
        const flag = new RegExp(`(\\s-${letter}[ \\t]*)("[^"]*"|'[^']*'|[^\\s"'\`;|&-][^\\s"'\`;|&]*)`, 'g');
        line =
          line.slice(0, at.index) +
          r.sub(line.slice(at.index), flag, (m, f, v) => (isHarmless(v) ? m : `${f}${r.hide(v)}`));
      }
      return line;
    })
    .join('\n');
  // echo 'root:x' | chpasswd, echo x | passwd --stdin, … | docker login --password-stdin
  t = r.sub(
    t,
    /\b(echo|printf)([ \t]+(?:-[ne][ \t]+)?)("[^"\n]*"|'[^'\n]*'|[^\s|;&]+)(?=[ \t]*\|[ \t]*(?:sudo[ \t]+)?(?:chpasswd|passwd|\S+[ \t]+login\b|sudo[ \t]+-S|htpasswd|\S+[ \t]+--password-stdin))/g,
    (m, cmd, sp, v) => (isHarmless(v) ? m : `${cmd}${sp}${r.hide(v)}`),
  );
  // htpasswd -b[c] FILE USER PASSWORD, smbclient -U user%password, openssl -passin pass:x
  t = r.sub(t, /(\bhtpasswd[ \t]+-\w*b\w*[ \t]+\S+[ \t]+\S+[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s;|&]+)/g, (m, head, v) =>
    isHarmless(v) ? m : `${head}${r.hide(v)}`,
  );
  t = r.sub(t, /(\s(?:-U|--user)[ \t=]*["']?[^\s%'"]+%)([^\s'"]+)/g, (m, head, v) =>
    isHarmless(v) ? m : `${head}${r.hide(v)}`,
  );
  t = r.sub(t, /\b(pass:)("[^"\n]*"|'[^'\n]*'|[^\s'"]+)/g, (m, head, v) =>
    isHarmless(v) || /^\{\{/.test(v) ? m : `${head}${r.hide(v)}`,
  );
  // <password>x</password> in XML content.
  t = r.sub(t, /<([\w.:-]{1,80})>([^<\n]{1,500})<\/\1>/g, (m, tag, v) =>
    isSensitiveKey(tag.replace(/^\w+:/, '')) && !isHarmless(v) ? `<${tag}>${r.hide(v)}</${tag}>` : m,
  );
  // crypt(3) hashes: $6$salt$hash, $2b$12$…, $apr1$…, $y$…
  t = t.replace(/\$(?:1|2[abxy]?|5|6|y|gy|7|apr1|sha1|md5)\$[./A-Za-z0-9$=,]{8,}/g, (m) => r.hide(m));
  // JSON inside a quoted string: \"key\": \"value\".
  t = r.sub(t, /(\\+["'])([\w.-]+)\1([ \t]*:[ \t]*)\1((?:(?!\1)[^\n]){0,2000}?)\1/g, (m, q, key, colon, value) =>
    isSensitiveKey(key) && !isHarmless(value) ? `${q}${key}${q}${colon}${q}${r.hide(value)}${q}` : m,
  );
  // JSON-ish and YAML flow mappings inside a line: "key": "value", key: value inside { }.
  t = r.sub(
    t,
    /(["'])([\w.-]+)\1([ \t]*:[ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^,}\]\s]+)/g,
    (m, q, key, colon, value) =>
      isSensitiveKey(key) && !isHarmless(value) && /^["'\d]/.test(value)
        ? `${q}${key}${q}${colon}"${r.hide(value)}"`
        : m,
  );
  t = r.sub(
    t,
    /([{,][ \t]*)([\w.-]+)([ \t]*:[ \t]+)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^,}\]\s]+)/g,
    (m, pre, key, colon, value) =>
      isSensitiveKey(key) && !isHarmless(value) && !/^[A-Za-z_]\w*(\.\w+)+$/.test(value)
        ? `${pre}${key}${colon}${r.hide(value)}`
        : m,
  );
  // A secret's name, then its value: `aws configure set aws_secret_access_key X`, `.netrc`
  // `password X`, `# the root password is X`, `token: X` in prose.
  t = redactNamedValues(t, r);
  // Jinja default('…') literals where a secret is meant.
  t = redactDefaults(t, r);
  // Long random-looking runs, padded base64 (public SSH keys kept).
  t = t.replace(/(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{16,}/g, (run: string, at: number, all: string) => {
    if (/(ssh-(rsa|dss|ed25519)|ecdsa-sha2-[\w-]+|sk-ssh-[\w@.-]+)[ \t]+$/.test(all.slice(Math.max(0, at - 60), at)))
      return run;
    return looksRandom(run) || looksBase64(run) ? r.hide(run) : run;
  });
  return { text: t, count: r.count, secrets: r.secrets };
}

/** Keys inside a secret's nested mapping that hold its value (`credentials: {user: a, key: x}`). */
const GENERIC_VALUE_KEYS = new Set(['key', 'value', 'data', 'text', 'content', 'val', 'string', 'hash', 'code']);

/**
 * A value under a secret's name: the same text with its secrets hidden. A Jinja expression keeps
 * its variables and ordinary literals (`{{ pw | hash('md5') }}`, `Bearer {{ token }}`); its
 * `default('…')` literals and unusual literals are hidden; any other text is hidden whole.
 */
function redactValue(value: string, r: Redactor): string {
  const anchor = /^&[\w-]+(\s+|$)/.exec(value.trim())?.[0] ?? '';
  const v = value.trim().slice(anchor.length);
  if (isHarmless(v)) return anchor + v;
  return anchor + (redactJinja(v, r) ?? r.hide(v));
}

/**
 * Text that is Jinja code and nothing secret around it (`{{ pw | hash('md5') }}`, `Bearer {{ t }}`,
 * a `{% if %}` block): the same text with its `default('…')` and unusual literals hidden; otherwise
 * undefined.
 */
function redactJinja(v: string, r: Redactor): string | undefined {
  if (!/\{\{|\{%/.test(v)) return undefined;
  const inner = v.replace(/^(["'])([\s\S]*)\1$/, '$2');
  const outside = inner
    .replace(/\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\}/g, ' ')
    .replace(/(?<![\w-])[\w-]+=|["'\\]/g, ' ')
    // A type tag before a variable: `str:{{ pw }}`, `pass:{{ pw }}`.
    .replace(/(?<![\w-])[a-z]{1,8}:(?=\s)/g, ' ');
  const asText = inner.replace(/\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\}/g, 'x');
  // `{% if x %}enabled{% else %}disabled{% endif %}`: words that are settings, not secrets.
  const enumWords =
    outside.trim() !== '' &&
    outside
      .trim()
      .split(/\s+/)
      .every((w) => isHarmless(w));
  if (
    !/^[\s:/@._,()-]*((Bearer|Basic|Token|Digest)\s*)?[\s:/@._,()-]*$/i.test(outside) &&
    !isHarmless(asText) &&
    !enumWords
  )
    return undefined;
  return v.replace(/(\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\})/g, (jinja) =>
    jinja.replace(
      /(\b(default|d)\s*\(\s*)?(["'])((?:(?!\3)[^\\\n]|\\.){0,500})\3/g,
      (m: string, isDefault: string | undefined, _fn: string, q: string, lit: string, at: number) => {
        // `{{ 'hunter2' | password_hash('sha512') }}`: the literal the expression starts from is the value.
        const first =
          /^\{\{-?\s*\(?\s*$/.test(jinja.slice(0, at)) &&
          !/^(\W*|(Bearer|Basic|Token|Digest)\s*|md5|sha\d+|sha\d+_crypt|bcrypt|blowfish)$/i.test(lit);
        return lit === '' || lit === REDACTED || (!isDefault && !first && isOrdinaryLiteral(lit))
          ? m
          : `${isDefault ?? ''}${q}${r.hide(lit)}${q}`;
      },
    ),
  );
}

/** Keys that name what a list item is about, and keys that then hold its value. */
const ITEM_NAME_KEYS = /^(name|key|id|variable|var|param|parameter|option|setting|field|env|label)$/i;
const ITEM_VALUE_KEYS = /^(value|default|data|secret|content|text|string|val)$/i;

/**
 * The lines of `value:`-like keys in list items named after a secret: `- name: DB_PASSWORD` /
 * `value: x` (container env), `vars_prompt` `- name: db_password` / `default: x`, `- key: token`.
 */
function namedSecretValues(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  const KV = /^(\s*)(-\s+)?([\w.-]+)[ \t]*:[ \t]*(.*)$/;
  for (let i = 0; i < lines.length; i++) {
    const first = KV.exec(lines[i]);
    if (!first?.[2]) continue;
    const keyCol = first[1].length + first[2].length;
    const members = [i];
    for (let j = i + 1; j < lines.length && j < i + 200; j++) {
      if (lines[j].trim() === '' || /^\s*#/.test(lines[j])) continue;
      const ind = indentOf(lines[j]);
      if (ind < keyCol) break;
      if (ind === keyCol) members.push(j);
    }
    const kvs = members.map((n) => ({
      n,
      m: KV.exec(lines[n].slice(0, keyCol).replace(/-/, ' ') + lines[n].slice(keyCol)),
    }));
    const named = kvs.some(({ m }) => {
      const name = m?.[4].replace(/^["']|["']?\s*(#.*)?$/g, '') ?? '';
      return !!m && ITEM_NAME_KEYS.test(m[3]) && /^[\w.-]+$/.test(name) && isSensitiveKey(name);
    });
    if (named) for (const { n, m } of kvs) if (m && ITEM_VALUE_KEYS.test(m[3])) out.add(n);
  }
  return out;
}

/** Whether `text` holds the closing `quote` of a YAML quoted scalar (`''` and `\\"` are escapes). */
function closes(text: string, quote: string): boolean {
  const rest = quote === "'" ? text.replace(/''/g, '') : text.replace(/\\./g, '');
  return rest.includes(quote);
}

/** A value after a secret's name on one line: Jinja judged as such (`str:{{ pw }}` stays), the rest hidden. */
function shownValue(value: string, r: Redactor): string {
  return (/\{\{|\{%/.test(value) && redactJinja(value, r)) || r.hide(value);
}

/** The line-structured forms: YAML `key: value` (also commented out), blocks, `!vault`, `$ANSIBLE_VAULT`. */
function redactLines(text: string, r: Redactor): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const k8sSecret = /^[ \t]*kind:[ \t]*["']?Secret\b/m.test(text);
  const namedSecret = namedSecretValues(lines);
  // The depth of a sensitive key whose nested mapping or list we are in (-1: none), and of its
  // children (the first line below it).
  let inside = -1;
  let childDepth = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // `$ANSIBLE_VAULT;1.1;AES256` and its hex lines, wherever they stand.
    if (line.includes('$ANSIBLE_VAULT;')) {
      const at = line.indexOf('$ANSIBLE_VAULT;');
      const parts = [line.slice(at)];
      while (i + 1 < lines.length && /^\s*(#\s*)?[0-9a-fA-F]+\s*$/.test(lines[i + 1])) parts.push(lines[++i]);
      out.push(line.slice(0, at) + r.hide(parts.join('\n')));
      continue;
    }
    const lineDepth = indentOf(line.replace(/^(\s*)#+/, '$1 '));
    if (inside >= 0 && line.trim() !== '' && lineDepth <= inside) inside = -1;
    if (inside >= 0 && childDepth < 0 && line.trim() !== '') childDepth = lineDepth;
    const kv = /^(\s*(?:#+\s*)?(?:-\s+)?)(?:(["'])([^"'\n]{1,80})\2|([\w.$-]+))([ \t]*:)(?=\s|$)([ \t]*)(.*)$/.exec(
      line,
    );
    if (kv) {
      const [, lead, quoted, quotedKey, plainKey, colon, space, value] = kv;
      const quote = quoted ?? '';
      const key = quotedKey ?? plainKey;
      const vault = /^!vault\b/.test(value);
      const sensitive =
        isSensitiveKey(key) ||
        key === 'stringData' ||
        (k8sSecret && key === 'data') ||
        (inside >= 0 && GENERIC_VALUE_KEYS.has(key.toLowerCase())) ||
        namedSecret.has(i);
      const block = /^(!\S+\s+)?[|>][-+0-9]*\s*(#.*)?$/.test(value);
      const nested = value.trim() === '' || /^#/.test(value.trim());
      if (vault || (sensitive && block)) {
        // The value is the indented block below (a block scalar or a vault).
        const commented = lead.includes('#');
        const depth = (l: string) => (commented ? indentOf(l.replace(/^(\s*)#/, '$1 ')) : indentOf(l));
        let j = i + 1;
        while (
          j < lines.length &&
          (lines[j].trim() === '' || (commented ? /^\s*#/.test(lines[j]) : true)) &&
          (lines[j].trim() === '' || depth(lines[j]) > depth(line))
        )
          j++;
        while (j > i + 1 && lines[j - 1].trim() === '') j--;
        const body = lines.slice(i + 1, j).join('\n');
        const code = vault ? undefined : redactJinja(body, r);
        if (code !== undefined) {
          out.push(line, code);
          i = j - 1;
          continue;
        }
        out.push(`${lead}${quote}${key}${quote}${colon} ${r.hide(vault ? `${value}\n${body}` : body || value)}`);
        i = j - 1;
        continue;
      }
      if (sensitive && nested) {
        // A nested mapping or list: its lines are judged one by one, as parts of a secret.
        if (inside < 0) {
          inside = lineDepth;
          childDepth = -1;
        }
      } else if (sensitive) {
        const v = value.replace(/(?<!\s)\s+#.*$/, '');
        // `# password: the admin password of the API`: a comment that documents a variable.
        if (lead.includes('#') && /^[A-Za-z][a-z]*( [a-z][a-z,.()]*){3,}$/.test(v.trim())) {
          out.push(line);
          continue;
        }
        // A quoted value that goes on over the next lines: all of it.
        const open = /^\s*(["'])/.exec(v)?.[1];
        if (open && !closes(v.trim().slice(1), open)) {
          let j = i + 1;
          while (j < lines.length && !closes(lines[j], open)) j++;
          r.hide([v, ...lines.slice(i + 1, j + 1)].join('\n'));
          out.push(`${lead}${quote}${key}${quote}${colon}${space || ' '}${REDACTED}`);
          i = Math.min(j, lines.length - 1);
          continue;
        }
        const shown = redactValue(v, r);
        out.push(`${lead}${quote}${key}${quote}${colon}${space || ' '}${shown}`);
        continue;
      }
    } else if (inside >= 0) {
      // `- item` of a secret's list.
      const item = /^(\s*(?:#+\s*)?-\s+)(.+)$/.exec(line);
      if (item && lineDepth === childDepth && !/^[\w.$-]+:(\s|$)/.test(item[2])) {
        out.push(`${item[1]}${redactValue(item[2].replace(/(?<!\s)\s+#.*$/, ''), r)}`);
        continue;
      }
      // A plain scalar written on the lines below its key (`password:\n  hunter2`).
      if (!item && lineDepth === childDepth && line.trim() !== '' && !/^\s*#/.test(line)) {
        out.push(`${line.slice(0, indentOf(line))}${redactValue(line.replace(/(?<!\s)\s+#.*$/, ''), r)}`);
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

/** A secret's name, then its value (the value not consumed, so the next word may be a name too). */
function redactNamedValues(text: string, r: Redactor): string {
  const edits: { at: number; end: number; text: () => string }[] = [];
  const re =
    /(?<=^|[\s"'`(#])([A-Za-z][\w.-]*)(?=([ \t]+(?:is|was|are|=|:|to|as|of|set to|is set to|should be|will be)[ \t]+|:[ \t]*|[ \t]+)(\\+"[^"\n]{0,300}?\\+"|\{\{[^}\n]{0,500}\}\}|"[^"\n]{1,200}"|'[^'\n]{1,200}'|[^\s"'`,;)]+))/gm;
  for (const m of text.matchAll(re)) {
    const [, name, sep, value] = m;
    if (!isSensitiveKey(name) || isHarmless(value) || value.startsWith(REDACTED)) continue;
    // A variable inside an expression (`{{ packagecloud_auth }}`), not a name followed by its value.
    const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index);
    if ((before.match(/\{\{/g) ?? []).length > (before.match(/\}\}/g) ?? []).length) continue;
    if (/^\}\}/.test(value)) continue;
    if (/\{\{|\{%/.test(value)) {
      // Jinja: its variables stay, its literals that are the value go (or all of it, around text).
      const at = m.index + name.length + sep.length;
      if (!edits.length || edits[edits.length - 1].end <= at)
        edits.push({ at, end: at + value.length, text: () => redactJinja(value, r) ?? r.hide(value) });
      continue;
    }
    const plain = value.replace(/[.,;:]+$/, '');
    if (/[=\\]$/.test(plain)) continue;
    const connected = /\S/.test(sep);
    const v = plain.replace(/^(["'])(.*)\1$/, '$2');
    // "the password is stored in vault": a lowercase word after "is" is prose, unless a well-known weak one.
    const prose = /^[a-z]+$/.test(v) && !WEAK_PASSWORDS.has(v) && !/^["']/.test(plain);
    if (connected ? STOP_WORDS.has(v.toLowerCase()) || v.length < 3 || prose : !looksLikeSecretWord(plain)) continue;
    if (/^(\/|~\/|\.\.?\/)/.test(v) && !looksRandom(v)) continue;
    const at = m.index + name.length + sep.length;
    if (edits.length && edits[edits.length - 1].end > at) continue;
    edits.push({ at, end: at + plain.length, text: () => r.hide(plain) });
  }
  let out = text;
  for (const e of edits.reverse()) out = out.slice(0, e.at) + e.text() + out.slice(e.end);
  return out;
}

/**
 * `{{ x | default('hunter2') }}`: a literal default of a Jinja expression, when the line is about
 * a secret (a sensitive name anywhere on it, or in the expression) or the literal is not an
 * ordinary value (a word, a number, a path, a plain URL).
 */
function redactDefaults(text: string, r: Redactor): string {
  return text
    .split('\n')
    .map((line) => {
      if (!/\b(default|d)\s*\(/.test(line)) return line;
      const about = (line.replace(/'[^'\n]*'|"[^"\n]*"/g, ' ').match(/[A-Za-z_][\w-]*/g) ?? []).some(isSensitiveKey);
      return r.sub(line, /\b(default|d)(\s*\(\s*)(["'])((?:(?!\3)[^\\\n]|\\.){0,500})\3/g, (m, fn, open, q, lit) =>
        lit === REDACTED || lit === '' || (!about && isOrdinaryLiteral(lit)) ? m : `${fn}${open}${q}${r.hide(lit)}${q}`,
      );
    })
    .join('\n');
}

/**
 * `derived` (an explanation, a summary: text built from the same raw input) without the secrets
 * `redact` found in that input: each secret and each of its lines or words of 6+ characters, also
 * when cut short with `…` or flattened onto one line; then redacted on its own as well.
 */
export function scrub(derived: string, secrets: readonly string[]): Redaction {
  const pieces = new Set<string>();
  for (const s of secrets) {
    if (s.length >= 4) pieces.add(s);
    // Its words: not Jinja syntax or a plain lowercase word (`default(`, `lookup`), which would blank ordinary text.
    for (const w of s.split(/\s+|\\n|\\"|["'`]/))
      if (w.length >= 6 && !w.includes(REDACTED) && !/^[({]*[a-z_]{1,11}[(:]?$|[{}]{2}/.test(w)) pieces.add(w);
  }
  const sorted = [...pieces].sort((a, b) => b.length - a.length);
  let count = 0;
  const found: string[] = [];
  let out = derived;
  for (const p of sorted) {
    if (!out.includes(p)) continue;
    out = out.split(p).join(REDACTED);
    count++;
    found.push(p);
  }
  // A secret's beginning cut off by "…" (a long value shortened for display).
  out = out.replace(/(\S{6,})…/g, (m, head: string) => {
    for (const p of sorted)
      for (let k = Math.min(p.length, head.length); k >= 6; k--)
        if (head.endsWith(p.slice(0, k))) {
          count++;
          found.push(p.slice(0, k));
          return `${head.slice(0, head.length - k)}${REDACTED}…`;
        }
    return m;
  });
  const again = redact(out);
  return { text: again.text, count: count + again.count, secrets: [...found, ...again.secrets] };
}
