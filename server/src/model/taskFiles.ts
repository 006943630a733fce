// The file an include_tasks / import_tasks task names, from its description and the file's
// habits: roles name task files after what they do ("Configure auditd" → auditd.yml, "Install on
// Archlinux" → Archlinux.yml), and benchmark roles after the section id the name carries
// ("SECTION | 5.4.2.x | …" → cis_5.4.2.x.yml, next to an earlier cis_5.3.1.x.yml).

import type { DescriptionEntities } from './entities';
import { taskFileFor } from './localFiles';
import { readsInjectedFacts } from './factNames';
import { mainPart, stepOf } from './text';
import type { EarlierTask } from './types';

const INCLUDES = new Set(['ansible.builtin.include_tasks', 'ansible.builtin.import_tasks']);
/** Section ids such as 5.4.2.x or 1.1.2.1 (at least two parts). */
export const SECTION = /\b\d+(?:\.(?:\d+|x))+\b/g;
/** A task file that sets a role's variables (`set_vars.yml`, `tasks/variables.yml`). */
export const VARS_TASK_FILE = /(?:^|\/)(?:set_vars|vars|variables)\.ya?ml$/;
/**
 * A description that sets platform or version specific variables ("Set version specific variables"),
 * rather than including them ("Include OS-specific variables", "Set OS dependent variables").
 */
export const SETS_VARIABLES = /^set\b.*\bspecific var(?:iable)?s\b/i;

/** An OS a role keeps a task file for ("Install on RedHat" → RedHat.yml), as the description ends. */
export const ON_OS =
  /^(?:install|configure|setup|set up)\s+(?:on|for)\s+(red ?hat|debian|ubuntu|centos|fedora|suse|sles|opensuse|arch(?:linux)?|freebsd|openbsd|mac ?os|darwin|alpine|gentoo|aix|solaris)\.?$/i;

/**
 * A benchmark control's step that counts or records a warning ("Warn Count", "Set warning count",
 * "Capture Warning"; not "Warn Message", which prints one).
 */
export const WARNING_STEP = /^(?:set )?warn(?:ing)? count\.?$|^(?:capture|log|record) (?:a )?warnings?\.?$/i;

/** The task file ansible-lockdown's benchmark roles keep their warning count in (always imported as `file:`). */
export const WARNING_FILE = 'warning_facts.yml';

/** Descriptions whose file depends on the host, which the examples' lookups already express. */
const HOST_SPECIFIC = /\b(specific|distribution|os|family|version)\b/i;

/** Descriptions of variables that differ per OS ("Include OS-specific variables", "… for each operating system"). */
const OS_SPECIFIC = /\b(os|operating system|distribution|distro|platform|family|version)\b/i;

/**
 * The file an include_vars names when no example's survives: the OS family's for variables that
 * differ per OS (`{{ ansible_facts['os_family'] }}.yml`, injected where the project reads facts so), else
 * `<subject>.yml` ("Include audit specific variables" → audit.yml).
 */
export function varsFile(
  description: string,
  ents: DescriptionEntities,
  tasks: readonly EarlierTask[] = [],
): string | undefined {
  if (!OS_SPECIFIC.test(description)) return ents.subjects[0] && `${ents.subjects[0]}.yml`;
  const facts = !readsInjectedFacts(tasks);
  // "… for Fedora or FreeBSD": variables kept per distribution, when the description names only distributions.
  if (DISTRIBUTION_ONLY.test(description) && !FAMILY.test(description))
    return facts ? '{{ ansible_facts.distribution }}.yml' : '{{ ansible_distribution }}.yml';
  return facts ? "{{ ansible_facts['os_family'] }}.yml" : '{{ ansible_os_family }}.yml';
}

/** Distributions by name (Fedora's OS family is RedHat, Ubuntu's Debian). */
const DISTRIBUTION_ONLY =
  /\b(?:fedora|centos|rocky|almalinux|amazon|oracle ?linux|ubuntu|linux ?mint|raspbian|freebsd|openbsd|opensuse|sles)\b/i;
/** OS families, which name their variables files by family. */
const FAMILY = /\b(?:red ?hat|debian|suse|archlinux|darwin|gentoo|windows|family)\b/i;

export function isInclude(fqcn: string): boolean {
  return INCLUDES.has(fqcn);
}

/**
 * "… | Set warning count" includes the same file wherever a benchmark role writes that step: two or
 * more earlier includes of the step (in the file or the workspace), all of one file.
 */
export function recurringStepFile(description: string, tasks: readonly EarlierTask[]): string | undefined {
  const step = stepOf(description);
  if (!step) return undefined;
  const files = tasks
    .filter((t) => isInclude(t.fqcn) && stepOf(t.name) === step)
    .map((t) => t.args._raw_params ?? t.args.file);
  return files.length >= 2 && typeof files[0] === 'string' && files.every((f) => f === files[0]) ? files[0] : undefined;
}

/** An earlier value with the example name's section id replaced by the description's. */
export function withSection(value: string, exampleName: string, description: string): string | undefined {
  const from = exampleName.match(SECTION) ?? [];
  const to = description.match(SECTION) ?? [];
  if (!from.length || from.length !== to.length) return undefined;
  let out = value;
  let changed = false;
  from.forEach((f, i) => {
    // Compared without a trailing `.x`: "SECTION | 5.2 | …" imports cis_5.2.x.yml, so "SECTION |
    // 5.3.1.x | …" imports cis_5.3.1.x.yml (not cis_5.3.1.x.x.yml).
    const [a, b] = [f, to[i]].map((x) => x.replace(/\.x$/, ''));
    const at = new RegExp(`(?<![\\d.])${a.replace(/\./g, '\\.')}(?!\\.?\\d)`, 'g');
    if (a === b || !at.test(out)) return;
    out = out.replace(at, b);
    changed = true;
  });
  return changed ? out : undefined;
}

/**
 * The included file for a description: an earlier include of the file with its section id
 * replaced, else a file of the including file's folder the description names (`listing`), else
 * `<subject>.yml` when the file's includes are plain names (or there are none),
 * in the case the description writes it when the file's names use capitals.
 */
export function includedFile(
  description: string,
  ents: DescriptionEntities,
  earlier: readonly { name: string; value: string }[],
  listing: readonly string[] = [],
): string | undefined {
  for (const e of earlier) {
    const v = withSection(e.value, e.name, description);
    if (v) return v;
  }
  const written = ents.paths.find((p) => /\.ya?ml$/.test(p.value));
  if (written) return written.value;
  // "Including keystone_service_bootstrap tasks": the task file it spells, listed yet or not.
  const spelled = /\b(?:includ|import)\w*\s+([a-z0-9]+(?:_[a-z0-9]+)+)\s+tasks?\b/i.exec(description)?.[1];
  if (spelled) return listing.find((n) => n.replace(/\.ya?ml$/, '') === spelled) ?? `${spelled}.yml`;
  // "Install on RedHat": the folder's task file for that OS, else one named as the OS is written.
  const os = ON_OS.exec(description)?.[1];
  if (os) return listing.find((n) => n.replace(/\.ya?ml$/, '').toLowerCase() === os.toLowerCase()) ?? `${os}.yml`;
  // "Set platform/version specific variables": the folder's task file that sets them picks the host's.
  const setsVars = /\bvar(?:iable)?s\b/i.test(description) && listing.find((n) => VARS_TASK_FILE.test(n));
  if (setsVars) return setsVars;
  // …named as most roles that keep one name it, when the folder is not known.
  if (!listing.length && SETS_VARIABLES.test(description)) return 'set_vars.yml';
  // "Include Windows Agent version tasks": a host-specific include the folder has a file for by two
  // of its words (parse-version-windows.yml), else the examples' lookup of the host's.
  if (HOST_SPECIFIC.test(description)) return taskFileFor(description, listing, 2);
  const listed = taskFileFor(description, listing);
  if (listed) return listed;
  // "1.2.1.4 | AUDIT | … | Warn Count": a control's warning step imports the role's warning file.
  const step = stepOf(description);
  if (step && WARNING_STEP.test(step) && description.match(SECTION)) return WARNING_FILE;
  if (!ents.subjects.length) return undefined;
  if (earlier.length && !earlier.some((e) => /^[\w.-]+\.ya?ml$/.test(e.value))) return undefined;
  const subject = twoWordObject(description, ents.subjects[0]) ?? ents.subjects[0];
  const asWritten = new RegExp(`\\b${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').exec(description)?.[0];
  const capitals = earlier.some((e) => /^[A-Z]/.test(e.value));
  const dashed = subject.includes('_') && earlier.some((e) => /^[\w.]*-[\w.-]*\.ya?ml$/.test(e.value));
  const ext = earlier.find((e) => e.value.endsWith('.yaml')) ? 'yaml' : 'yml';
  return `${dashed ? subject.replace('_', '-') : capitals && asWritten ? asWritten : subject}.${ext}`;
}

/** Words after a subject that say what kind of thing it is rather than which ("kernel settings", "dovecot handlers"). */
const KIND_WORDS = new Set(
  `settings setting configuration configurations config tasks task steps logic handlers handler file files script scripts
   variables vars environment repository repositories role stuff`.split(/\s+/),
);

/**
 * A description that is a verb and a two-word object ("Configure local facts", "Configure automatic
 * updates"): the task file names both (local_facts.yml), unless the second word only says what kind
 * of thing the first is ("Configure kernel settings" → kernel.yml).
 */
function twoWordObject(description: string, subject: string | undefined): string | undefined {
  const words = mainPart(description)
    .replace(/[.,;:!]+$/, '')
    .split(/\s+/);
  if (!subject || words.length !== 3 || words[1].toLowerCase() !== subject) return undefined;
  const second = words[2].toLowerCase();
  // Joined as the subject joins its own words (hello-world → hello-world-deployment).
  const joint = subject.includes('-') ? '-' : '_';
  return /^[a-z][a-z0-9]*$/.test(second) && !KIND_WORDS.has(second) ? `${subject}${joint}${second}` : undefined;
}

const ROLE_INCLUDES = new Set(['ansible.builtin.include_role', 'ansible.builtin.import_role']);

/**
 * A role named as the file's earlier includes name theirs: after `openstack.osa.db_setup`,
 * "Including osa.mq_setup role" is openstack.osa.mq_setup, and after `debops.debops.reprepro`,
 * another "Import reprepro role" is that role too. A bare name is qualified only by the same role
 * qualified earlier: a collection's playbook also imports standalone roles (`uwsgi`). Undefined
 * when the name is already qualified or nothing earlier qualifies it.
 */
export function qualifiedRole(name: string, tasks: readonly EarlierTask[]): string | undefined {
  const parts = name.split('.');
  if (parts.length >= 3) return undefined;
  for (const t of [...tasks].reverse()) {
    const earlier = t.args.name;
    if (t.id || !ROLE_INCLUDES.has(t.fqcn) || typeof earlier !== 'string') continue;
    const segments = earlier.split('.');
    if (segments.length !== 3) continue;
    // The name's own collection part (osa.mq_setup) must be the earlier role's.
    const same = parts.length === 2 ? segments[1] === parts[0] : segments[2] === parts[0];
    if (same) return [...segments.slice(0, 3 - parts.length), ...parts].join('.');
  }
  return undefined;
}
