// A role's arguments (meta/argument_specs.yml) where a role is given its variables: the keys of a
// play's `roles:` entry (role params) and of its `vars:`, and the task `vars:` of
// include_role/import_role (the entry point named by `tasks_from:`, else `main`). Completion offers
// the arguments not yet given, required first, their suboptions under a dict argument, and the
// values of a bool or an argument with choices; hover on such a key shows the argument's
// description, type, default and choices, as for a module option, and so does the hover of the
// variable inside the role's own files.

import { basename } from 'node:path';
import { MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { ModuleDoc, ModuleOption } from '../../catalog/types';
import { textContextAt, type MappingFrame, type TextContext } from '../../document/locate';
import { allTasks, type AnsibleDocument } from '../../document/model';
import { inlineCode } from '../../document/markdown';
import { uriToPath } from '../../document/uri';
import { argumentSpecsOf } from '../../project/argumentSpecs';
import { insertionSite } from '../completion/context';
import { findOption, optionItems, optionsAt } from '../completion/moduleOptions';
import { optionValueItems } from '../completion/values';
import { optionMarkdown } from '../markdown';
import { findRole, roleOf, type ProjectLayout } from './layout';

const ROLE_MODULE = /^(ansible\.(builtin|legacy)\.)?(include|import)_role$/;

/** The role being given variables at the text context, and the argument path to the mapping there. */
interface RoleSite {
  role: string;
  entryPoint: string;
  /** Argument names leading to a dict argument's suboptions ([] for the role's own arguments). */
  path: string[];
}

const text = (node: unknown) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);

/** The `roles:` entry (a mapping) holding the offset: the last one starting before it. */
function roleEntryAt(doc: AnsibleDocument, offset: number): string | undefined {
  // The last play starting before the offset: a play's span ends at its last text, not the cursor's blank line.
  const play = doc.plays.filter((p) => p.span.start <= offset).pop();
  const roles = play?.entries.find((e) => e.key === 'roles')?.valueNode;
  if (!isSeq(roles)) return undefined;
  const entry = (roles.items as YamlNode[]).filter((i) => i.range && i.range[0] <= offset).pop();
  return isMap(entry) ? (text(entry.get('role', true)) ?? text(entry.get('name', true))) : undefined;
}

/** The include_role/import_role task whose keys are at `column`: the last one starting before the offset. */
function roleTaskAt(doc: AnsibleDocument, offset: number, column: number) {
  const tasks = [...allTasks(doc)].filter((t) => t.indent === column && t.span.start <= offset);
  const task = tasks.sort((a, b) => a.span.start - b.span.start).pop();
  if (!task?.module || !ROLE_MODULE.test(task.module.name)) return undefined;
  const arg = (name: string) => {
    const value = task.module?.args.find((a) => a.name === name)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const name = arg('name');
  return name && { role: name, entryPoint: arg('tasks_from')?.replace(/\.ya?ml$/, '') ?? 'main' };
}

/** Names of the mappings below the one holding the role's variables, if they are all mappings. */
function argumentPath(frames: readonly MappingFrame[]): string[] | undefined {
  return frames.every((f) => !f.item && f.parentKey) ? frames.map((f) => f.parentKey!) : undefined;
}

function roleSiteOf(doc: AnsibleDocument, offset: number, ctx: TextContext): RoleSite | undefined {
  const { frames } = ctx;
  // A play's roles: entry, its keys being role params, or its vars:.
  if (doc.kind === 'playbook' && frames[0]?.item && frames[1]?.item && frames[1].parentKey === 'roles') {
    const role = roleEntryAt(doc, offset);
    const rest = frames.slice(2);
    const path = rest[0]?.parentKey === 'vars' ? argumentPath(rest.slice(1)) : argumentPath(rest);
    return role && path ? { role, entryPoint: 'main', path } : undefined;
  }
  // An include_role/import_role task's vars:.
  const k = frames.findIndex((f, i) => f.item && f.keys.some((key) => ROLE_MODULE.test(key)) && i < frames.length - 1);
  if (k < 0 || frames[k + 1].item || frames[k + 1].parentKey !== 'vars') return undefined;
  const task = roleTaskAt(doc, offset, frames[k].column);
  const path = argumentPath(frames.slice(k + 2));
  return task && path ? { ...task, path } : undefined;
}

/** The role's spec for the entry point, and the arguments of the mapping at the site. */
function argumentsAt(doc: AnsibleDocument, site: RoleSite, layout: ProjectLayout) {
  const path = uriToPath(doc.uri);
  const roleDir = path && findRole(site.role, path, layout);
  const spec = roleDir ? argumentSpecsOf(roleDir, site.role)?.get(site.entryPoint) : undefined;
  const options = spec && optionsAt(spec, site.path);
  return spec && options ? { spec, options } : undefined;
}

function argumentMarkdown(spec: ModuleDoc, site: RoleSite, opt: ModuleOption): string {
  const entry = site.entryPoint === 'main' ? '' : ` (entry point ${inlineCode(site.entryPoint)})`;
  const owner = `argument of role ${inlineCode(site.role)}${entry}`;
  return optionMarkdown(spec.fqcn, opt, site.path.length ? `${owner} › ${site.path.join(' › ')}` : owner);
}

/** Argument keys or values where a role is given its variables; undefined elsewhere. */
export function roleArgumentCompletion(
  doc: AnsibleDocument,
  offset: number,
  layout: ProjectLayout,
): CompletionItem[] | undefined {
  const ctx = textContextAt(doc, offset);
  const site = ctx && roleSiteOf(doc, offset, ctx);
  const found = site && argumentsAt(doc, site, layout);
  if (!ctx || !site || !found) return undefined;
  const insert = insertionSite(doc, ctx);
  // Nothing to offer (a value without choices, every argument given): the next provider answers.
  let items: CompletionItem[];
  if (ctx.position === 'value') {
    const opt = findOption(found.options, ctx.key ?? '');
    items = opt ? optionValueItems(opt, insert) : [];
  } else {
    const present = ctx.frames[ctx.frames.length - 1].keys;
    items = optionItems(found.options, present, insert, (opt) => argumentMarkdown(found.spec, site, opt));
  }
  return items.length ? items : undefined;
}

/** Hover on an argument key where a role is given its variables. */
export function roleArgumentHover(doc: AnsibleDocument, offset: number, layout: ProjectLayout): Hover | null {
  const ctx = textContextAt(doc, offset);
  if (ctx?.position !== 'key' || !ctx.followedByColon) return null;
  const site = roleSiteOf(doc, offset, ctx);
  const found = site && argumentsAt(doc, site, layout);
  const key = doc.text.slice(ctx.replace.start, ctx.replace.end);
  const opt = found && findOption(found.options, key);
  if (!site || !found || !opt) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: argumentMarkdown(found.spec, site, opt) },
    range: doc.lines.range(ctx.replace),
  };
}

/**
 * Inside a role's own files, what its argument_specs say of variable `name` (any entry point),
 * as Markdown for the variable's hover; undefined when the role has no such argument.
 */
export function ownArgumentMarkdown(doc: AnsibleDocument, name: string): string | undefined {
  const path = uriToPath(doc.uri);
  const roleDir = path && roleOf(path);
  const role = roleDir && basename(roleDir);
  const specs = roleDir && role ? argumentSpecsOf(roleDir, role) : undefined;
  for (const [entryPoint, spec] of specs ?? []) {
    const opt = spec.options[name];
    if (opt) return argumentMarkdown(spec, { role: role!, entryPoint, path: [] }, opt);
  }
  return undefined;
}
