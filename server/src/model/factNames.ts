// The variable a set_fact task defines, from its description: corpus set_fact keys are other
// projects' variables, and real descriptions name the fact ("Define redis_package", "Set HAProxy
// version" → haproxy_version, "Set systemd version fact" in a role whose variables start caddy_ →
// caddy_systemd_version).

import { mainPart, stem } from './text';

/** Words that say "define a variable" rather than which one. */
const FILLER = new Set(
  `set sets setting define defines defined determine compute computes calculate calculates build builds register
   registers store save record get gets fetch find lookup look up make create update prepare initialise initialize
   fact facts variable variables var vars value values the a an new current default global globally some`.split(/\s+/),
);
/** Words after which the rest says when or how, not what. */
const STOP = new Set(
  'for with if when to from in on of as by using based according via because since unless where which that and or'.split(
    ' ',
  ),
);

/** Identifiers written in the description (`redis_package`, `timesync_services`), in order. */
export function namedIdentifiers(description: string): string[] {
  const out =
    description.replace(/\{\{.*?\}\}|\{%.*?%\}/g, ' ').match(/\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g) ?? [];
  return [...new Set(out.filter((w) => /[a-z]/.test(w)).map((w) => w.toLowerCase()))];
}

/** The prefix most of the variables in scope share (`caddy_`), when one clearly does. */
export function projectPrefix(variables: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of variables) {
    if (v.startsWith('ansible_') || v === 'item') continue;
    n++;
    const head = /^_*([a-z][a-z0-9]*)_/.exec(v)?.[1];
    if (head) counts.set(head, (counts.get(head) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best && n >= 5 && best[1] >= 0.6 * n ? best[0] : undefined;
}

/**
 * The variable in scope the words name, under the project's prefix: "Set Agent binary path" →
 * `datadog_agent_binary_path`, a flag `is_ostree` → `__firewall_is_ostree` that the file's
 * `when:` already tests (not `__systemd_version`, a result registered under the bare words). The
 * shortest such name; none when the words are one common word.
 */
function namedInScope(kept: readonly string[], variables: readonly string[]): string | undefined {
  if (kept.length < 2) return undefined;
  const tail = `_${kept.join('_')}`;
  return variables
    .filter((v) => v.endsWith(tail) && /[a-z]/.test(v.slice(0, -tail.length)) && !v.startsWith('ansible_'))
    .sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
}

/** Verbs of a description that defines a variable ("Set HAProxy version"), stemmed. */
const DEFINING = new Set([
  'set',
  'defin',
  'determin',
  'comput',
  'calculat',
  'build',
  'regist',
  'stor',
  'sav',
  'record',
]);

/**
 * The fact a description defines, or undefined when it names none. `anyWords`: also when it does
 * not say it defines something (a set_fact that must name some fact).
 */
export function factName(
  description: string,
  variables: readonly string[],
  options: { anyWords?: boolean } = {},
): string | undefined {
  const named = namedIdentifiers(description);
  if (named.length) return named[0];
  const main = mainPart(description.replace(/\{\{.*?\}\}|\{%.*?%\}/g, ' '));
  const words = (main.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []).filter((w) => w.length > 1);
  // Only a description that says it defines something is read as the variable's name.
  if (
    !words.length ||
    !(
      options.anyWords ||
      DEFINING.has(stem(words[0])) ||
      words.some((w) => /^(fact|facts|variable|variables|var|vars)$/.test(w))
    )
  )
    return undefined;
  // "Set flag to indicate system is ostree" → `is_ostree`, "… if transactional-update exists" →
  // `is_transactional`: what the flag says, private (`__`) where the project's own are.
  const flag =
    /\bflag (?:to indicate |that |if |whether )+(?:the )?(?:system (?:is )?)?([a-z][a-z0-9]*)(?:[\w-]* exists\b|$)/i.exec(
      main,
    );
  if (flag) {
    const known = namedInScope(['is', flag[1].toLowerCase()], variables);
    if (known) return known;
    const prefix = projectPrefix(variables);
    const name = [prefix, 'is', flag[1].toLowerCase()].filter(Boolean).join('_');
    return prefix && variables.some((v) => v.startsWith(`__${prefix}_`)) ? `__${name}` : name;
  }
  const kept: string[] = [];
  for (const w of words) {
    if (STOP.has(w)) {
      if (kept.length) break;
      continue;
    }
    if (FILLER.has(w) || FILLER.has(stem(w))) continue;
    kept.push(w);
    if (kept.length === 3) break;
  }
  if (!kept.length) return undefined;
  const known = namedInScope(kept, variables);
  if (known) return known;
  const prefix = projectPrefix(variables);
  if (prefix && kept[0] !== prefix) kept.unshift(prefix);
  return kept.join('_');
}

/**
 * The value a description gives the fact it defines: "… flag to False" → false, "… to 3" → 3,
 * "Initialize … list" → [], "Register that …" → true.
 */
export function factValue(description: string): unknown {
  const main = mainPart(description);
  // "Initialize runner list" starts it empty; "Register that this role has run" raises a flag.
  if (/^(?:initiali?[sz]e|reset|empty)\b.*\b(?:list|array)s?\W*$/i.test(main)) return [];
  if (/^(?:initiali?[sz]e|reset|empty)\b.*\b(?:dict|dictionary|mapping)s?\W*$/i.test(main)) return {};
  if (/^(?:register|record|mark|flag) that\b/i.test(main)) return true;
  const m = /\bto (true|false|yes|no|-?\d+(?:\.\d+)?)\W*$/i.exec(main);
  if (!m) return undefined;
  const v = m[1].toLowerCase();
  return v === 'true' || v === 'yes' ? true : v === 'false' || v === 'no' ? false : Number(v);
}

/** Facts named after what Ansible gathers about the host (`telegraf_agent_package_arch`). */
const ARCH_FACT = /(?:^|_)arch(?:itecture)?$/;
const HOST_FACTS: [RegExp, string][] = [
  [ARCH_FACT, 'architecture'],
  [/(?:^|_)fqdn$/, 'fqdn'],
  [/(?:^|_)os_family$/, 'os_family'],
  [/(?:^|_)distribution(?:_release)?$/, 'distribution'],
];

/** Architectures as the host reports them, and as packages and downloads name them (Debian's names). */
const PACKAGE_ARCHES: [RegExp, string][] = [
  [/\b(?:x86_64|amd64)\b/i, 'amd64'],
  [/\b(?:aarch64|arm64)\b/i, 'arm64'],
  [/\b(?:armv7l?|armhf)\b/i, 'armhf'],
  [/\bi[36]86\b/i, 'i386'],
];

/**
 * An architecture fact for the one architecture the description names, as packages name it:
 * "Set telegraf_agent_package_arch specific for x86_64" is amd64, whatever the host says.
 */
export function namedArchitecture(fact: string, description: string): string | undefined {
  if (!ARCH_FACT.test(fact)) return undefined;
  const named = PACKAGE_ARCHES.filter(([re]) => re.test(description));
  return named.length === 1 ? named[0][1] : undefined;
}

/**
 * The host's own value for a fact named after one Ansible gathers ("Set
 * telegraf_agent_package_arch" → `{{ ansible_facts['architecture'] }}`), spelt as the project's
 * tasks read facts: `ansible_architecture` where they read injected facts and never `ansible_facts`.
 */
export function hostFactValue(
  fact: string,
  tasks: readonly { args: Record<string, unknown> }[] = [],
): string | undefined {
  const name = HOST_FACTS.find(([re]) => re.test(fact))?.[1];
  if (!name) return undefined;
  return readsInjectedFacts(tasks) ? `{{ ansible_${name} }}` : `{{ ansible_facts['${name}'] }}`;
}

/**
 * Whether the project's tasks read facts as injected variables (`ansible_distribution`) and never
 * from `ansible_facts`, which is otherwise how to read them (real tasks do, 5 in 7 on the dev set).
 */
export function readsInjectedFacts(tasks: readonly { args: Record<string, unknown> }[] = []): boolean {
  const read = tasks.map((t) => JSON.stringify(t.args)).join('\n');
  return /\bansible_(?!facts\b)[a-z]/.test(read) && !/\bansible_facts\b/.test(read);
}

/** Tests a description names for a variable it checks ("… is a mapping" → `is mapping`). */
const PREDICATES: [RegExp, string][] = [
  [/\bis (?:a )?(?:mapping|dict(?:ionary)?)\b/i, 'is mapping'],
  [/\bis (?:a )?(?:list|iterable)\b/i, 'is iterable'],
  [/\bis (?:a )?(?:string)\b/i, 'is string'],
  [/\bis (?:a )?(?:number|integer|int)\b/i, 'is number'],
  [/\bis (?:a )?(?:bool(?:ean)?)\b/i, 'is boolean'],
  [/\bis not (?:empty|blank)\b/i, '| length > 0'],
  [/\bis (?:not (?:set|defined)|undefined)\b/i, 'is not defined'],
];

/**
 * The condition an assert checks, when the description names the variable: "Verify if
 * postgresql_password is set" → `postgresql_password is defined`.
 */
export function assertedCondition(description: string): string | undefined {
  const variable = /\bitem\.\w+/.exec(description)?.[0] ?? namedIdentifiers(description)[0];
  if (!variable) return undefined;
  const test = PREDICATES.find(([re]) => re.test(description))?.[1] ?? 'is defined';
  return `${variable} ${test}`;
}
