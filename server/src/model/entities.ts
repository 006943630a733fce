// Values a task description spells out: paths, URLs, quoted text, file modes, ports, and the
// "thing" the task is about (the package / service / user after the verb).

import { kernelParameterIn } from './kernelParameters';
import { configDirectoryOf, folderIn, knownFileIn } from './knownPaths';
import { mainPart, stem } from './text';

export interface DescriptionEntities {
  urls: string[];
  /** Absolute or relative paths and file names (`/etc/nginx/nginx.conf`, `nginx.conf.j2`), in order. */
  paths: { value: string; role: 'src' | 'dest' | 'any' }[];
  /** A standard system file the description names by its name (`limits.conf` → /etc/security/limits.conf). */
  knownFile?: string;
  /** A folder placed in a directory the description writes ("postgresql directory in /etc" → /etc/postgresql). */
  folder?: string;
  /** A program's configuration directory by convention ("containerd config directory" → /etc/containerd). */
  configDir?: string;
  quoted: string[];
  /** systemd units named by their file (`automation-gateway-proxy.service`, `sshd.socket`). */
  units: string[];
  /** Keys spelled as one, as written: CamelCase (`TcpMaxDataRetransmissions`) or upper snake case (`PASS_MAX_DAYS`). */
  configKeys: string[];
  /** A kernel parameter the description names, as its sysctl key (kernelParameters.ts). */
  kernelParameter?: string;
  /** The number the description sets something to ("Set swappiness to 10" → '10'). */
  setTo?: string;
  /** A network device's show command the description writes ("run show version on EOS devices"). */
  cli: string[];
  modes: string[];
  ports: number[];
  /** Jinja expressions written in the description (`{{ item }}`). */
  jinja: string[];
  /** Words naming the subject: `Install nginx and git` → ['nginx', 'git']. */
  subjects: string[];
  /** The main part of the description (text.ts), without its Jinja. */
  main: string;
  /** Stemmed words, for verb intents (`start`, `restart`, `remov`…). */
  stems: Set<string>;
  /**
   * The stems of the main part, for the state asked for: "… is disabled | Add file" adds a file
   * (the benchmark's title says what the control is about, not what this step does).
   */
  stateStems: Set<string>;
  /** Stemmed words that name things rather than actions (`nginx`, `proxy`, `sqlite3`). */
  specific: Set<string>;
}

// Words that describe the action or the kind of thing rather than name it.
const GENERIC = new Set(
  `install installs installed installing ensure ensures make sure is are be the a an to of for in on at with and or from by as into via using
   start started starts starting stop stopped stopping restart restarted restarting reload reloaded enable enabled disable disabled running
   package packages pkg pkgs service services daemon daemons present absent latest remove removed removing uninstall uninstalled delete deleted
   create created creating add added update updated upgrade upgraded set configure configured config configuration file files directory directories
   dir folder copy copied template templated deployed run execute command shell script new all required necessary needed dependencies deps
   system latest version exists exist up down it its this that our via some any on off apply when if not no yes true false then also only
   user users group groups account repo repository clone download get fetch check wait task tasks include import role debug print show
   facts fact variable variables var vars setup link symlink mount line lines entry key keys
   debian ubuntu redhat centos rhel fedora linux windows os distribution platform specific family
   installation existing instance`.split(/\s+/),
);

export function extractEntities(description: string): DescriptionEntities {
  // A handler named like a function ("Restart_apache", "start_app") says its words with underscores.
  let text = /^[A-Za-z]+(?:_[A-Za-z0-9]+)+$/.test(description.trim()) ? description.replace(/_/g, ' ') : description;
  const jinja = [...text.matchAll(/\{\{.*?\}\}/g)].map((m) => m[0]);
  text = text.replace(/\{\{.*?\}\}/g, ' ');
  const urls = [...text.matchAll(/\b(?:https?|ftp|git|ssh):\/\/[^\s'"`<>]+/g)].map((m) => m[0].replace(/[.,;)]+$/, ''));
  for (const u of urls) text = text.replace(u, ' ');
  const quoted = [...text.matchAll(/"([^"]+)"|'([^']+)'|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const cli = [...text.matchAll(/\b(show(?: [\w-]+)+?)(?= (?:on|from|for|of|to|in|and)\b|[,.;]|$)/gi)].map((m) => m[1]);
  const modes = [...text.matchAll(/\b(0[0-7]{3,4}|[ugoa]+[+=-][rwxXst]+)\b/g)].map((m) => m[1]);
  const ports = [...text.matchAll(/\bports?\s+(\d{1,5})\b/gi)].map((m) => Number(m[1]));
  const paths: DescriptionEntities['paths'] = [];
  const tokens = text.split(/\s+/).filter(Boolean);
  tokens.forEach((raw, i) => {
    const t = raw.replace(/^["'`(]+|["'`),;:]+$/g, '').replace(/\.$/, '');
    const isPath = /^(~?\/|\.\.?\/)[^\s]*$/.test(t) && t.length > 1;
    const isFile =
      !isPath &&
      /^[\w.-]+\.(conf|cfg|ini|j2|ya?ml|json|sh|py|txt|xml|service|repo|list|pem|crt|key|tar|gz|tgz|zip|rpm|deb|sql|properties|env|toml|cnf|log|html|js|conf\.j2)$/i.test(
        t,
      );
    if (!isPath && !isFile) return;
    const before = (tokens[i - 1] ?? '').toLowerCase();
    const role = ['to', 'into', 'in', 'at', 'under', 'as', 'onto'].includes(before)
      ? 'dest'
      : before === 'from'
        ? 'src'
        : 'any';
    paths.push({ value: t, role });
  });
  const consumed = new Set([...paths.map((p) => p.value), ...modes, ...quoted]);
  // The subject: the first specific word(s) of the main part, continued only through "and" / ",".
  const subjects: string[] = [];
  const mainText = mainPart(text);
  const mainTokens = mainText.split(/\s+/).filter(Boolean);
  let open = true;
  // The first word of the main part is the verb ("Deploy app", "Add deploy user"), never the subject.
  for (const raw of mainTokens.length > 1 ? mainTokens.slice(1) : mainTokens) {
    const t = raw.replace(/^["'`(]+|["'`),;:.]+$/g, '');
    const lower = t.toLowerCase();
    if (subjects.length && (lower === 'and' || lower === '&' || lower === '')) {
      open = true;
      continue;
    }
    const specific =
      t !== '' &&
      !consumed.has(t) &&
      !/[/{}]/.test(t) &&
      !/^\d+$/.test(t) &&
      /^[A-Za-z][\w.+-]*$/.test(t) &&
      lower.length >= 2 &&
      !GENERIC.has(lower) &&
      !GENERIC.has(stem(lower));
    if (!specific) {
      if (subjects.length) open = false;
      continue;
    }
    if (!open) break;
    subjects.push(lower);
    open = raw.endsWith(',');
  }
  // A drop-in (configuration snippet) drops nothing.
  const stemsOf = (t: string) =>
    new Set(
      (
        t
          .toLowerCase()
          .replace(/\bdrop-ins?\b/g, 'dropin')
          .match(/[a-z]+/g) ?? []
      ).map(stem),
    );
  const stems = stemsOf(description);
  const main = mainPart(description);
  const stateStems = main === description ? stems : stemsOf(main);
  // "Make sure SystemdCgroup = false is not set": what must not be there is absent.
  const notThere = /\b(?:is|are) not (?:set|present|configured|defined|listed|installed)\b/i;
  if (notThere.test(description)) stems.add('absent');
  if (notThere.test(main)) stateStems.add('absent');
  const specific = new Set(
    (description.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? [])
      .filter((w) => w.length > 1 && !GENERIC.has(w) && !GENERIC.has(stem(w)))
      .map(stem),
  );
  const knownFile = knownFileIn(text);
  return {
    urls,
    paths,
    knownFile,
    folder: folderIn(text),
    configDir: configDirectoryOf(text),
    units: [...text.matchAll(/(?<![\w/.-])[\w@-]+\.(?:service|socket|timer|mount|target|path)\b/g)].map((m) => m[0]),
    configKeys: [...text.matchAll(/\b(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map(
      (m) => m[0],
    ),
    kernelParameter: kernelParameterIn(text),
    setTo: /\bto (-?\d+)(?![\w.%/:-])/.exec(text)?.[1],
    quoted,
    cli,
    modes,
    ports,
    jinja,
    subjects,
    main: mainText,
    stems,
    stateStems,
    specific,
  };
}
