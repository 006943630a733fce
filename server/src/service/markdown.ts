// Module, option and keyword documentation as Markdown, shared by hover and completion resolve.
// Documentation text is not ours (any installed collection writes it; catalog/markup.ts converts its
// markup): it goes through `sanitizeMarkdown` (code, emphasis and http(s) links only: no HTML, no
// images, no `command:` links), names and values through `inlineCode` / `escapeMarkdown`.

import type { ModuleDoc, ModuleOption, ResolvedModule } from '../catalog/types';
import { escapeMarkdown, inlineCode, markdownLink, sanitizeMarkdown } from '../document/markdown';

/** Options listed in a module's table before it is cut short with a link to the full page. */
const maxTableRows = 25;

/** The published documentation page of a module (ansible.builtin.copy → …/ansible/builtin/copy_module.html). */
export function docsUrl(fqcn: string): string | undefined {
  const parts = fqcn.split('.');
  if (parts.length < 3) return undefined;
  const [ns, coll, ...rest] = parts;
  return `https://docs.ansible.com/ansible/latest/collections/${ns}/${coll}/${rest.join('.')}_module.html`;
}

/** Text for a Markdown table cell: no pipes or line breaks. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Documentation text inside a line (a list item, after a label). */
const docInline = (s: string) => sanitizeMarkdown(s.replace(/\s*\n\s*/g, ' '));

/** A value as inline code, for a table cell. */
const codeCell = (s: string) => inlineCode(cell(s));

/** A value as the user would write it in YAML. */
export function yamlValue(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function optionsInDocOrder(doc: ModuleDoc): ModuleOption[] {
  const opts = Object.values(doc.options);
  return [...opts.filter((o) => o.required), ...opts.filter((o) => !o.required)];
}

export function moduleMarkdown(doc: ModuleDoc, resolved?: ResolvedModule): string {
  const out: string[] = [];
  out.push(`**${escapeMarkdown(doc.fqcn)}**${doc.shortDescription ? ` — ${docInline(doc.shortDescription)}` : ''}`);
  // A short name or ansible.legacy.x is how builtins are found, not a redirect worth a note.
  const written = resolved?.written ?? doc.fqcn;
  const redirected =
    resolved?.redirectedFrom || (written.split('.').length >= 3 && !written.startsWith('ansible.legacy.'));
  if (redirected && written !== doc.fqcn)
    out.push(`*${inlineCode(written)} is redirected to ${inlineCode(doc.fqcn)}.*`);
  if (resolved?.removed) out.push(`**Removed:** ${docInline(resolved.removed.message)}`);
  const deprecation = resolved?.deprecation ?? doc.deprecated;
  if (deprecation) {
    const when = deprecation.removedIn ? ` (removal in ${escapeMarkdown(String(deprecation.removedIn))})` : '';
    const alt = deprecation.alternative ? ` Use ${docInline(deprecation.alternative)} instead.` : '';
    out.push(`**Deprecated**${when}: ${docInline(deprecation.message)}${alt}`);
  }
  if (doc.localSource) out.push(`*Module of this project:* ${inlineCode(doc.localSource)}`);
  if (doc.description.length) out.push(sanitizeMarkdown(doc.description[0]));
  const opts = optionsInDocOrder(doc);
  if (opts.length) {
    const rows = opts.slice(0, maxTableRows).map((o) => {
      const def = o.default === undefined || o.default === null ? '' : codeCell(yamlValue(o.default));
      return `| ${codeCell(o.name)} | ${o.required ? 'yes' : ''} | ${cell(escapeMarkdown(o.type ?? ''))} | ${def} |`;
    });
    const more = opts.length > maxTableRows ? `\n\n…and ${opts.length - maxTableRows} more options.` : '';
    out.push(['| Option | Required | Type | Default |', '|---|---|---|---|', ...rows].join('\n') + more);
  }
  const url = docsUrl(doc.fqcn);
  if (url) out.push(markdownLink('Documentation', url));
  return out.join('\n\n');
}

/** An option's hover: what it is, then `owner` ("option of `fqcn`" unless given, as Markdown). */
export function optionMarkdown(fqcn: string, opt: ModuleOption, owner = `option of ${inlineCode(fqcn)}`): string {
  const out: string[] = [];
  const facts = [opt.type ? `${opt.type}${opt.elements ? ` of ${opt.elements}` : ''}` : undefined];
  facts.push(opt.required ? 'required' : undefined);
  const shownFacts = facts.some(Boolean) ? ` (${escapeMarkdown(facts.filter(Boolean).join(', '))})` : '';
  out.push(`**${escapeMarkdown(opt.name)}**${shownFacts} — ${owner}`);
  if (opt.description) out.push(sanitizeMarkdown(opt.description));
  const details: string[] = [];
  if (opt.default !== undefined && opt.default !== null) details.push(`Default: ${inlineCode(yamlValue(opt.default))}`);
  if (opt.choices?.length) details.push(`Choices: ${opt.choices.map((c) => inlineCode(yamlValue(c))).join(', ')}`);
  if (opt.aliases.length) details.push(`Aliases: ${opt.aliases.map((a) => inlineCode(a)).join(', ')}`);
  if (opt.suboptions)
    details.push(
      `Suboptions: ${Object.keys(opt.suboptions)
        .map((a) => inlineCode(a))
        .join(', ')}`,
    );
  if (details.length) out.push(details.join('  \n'));
  return out.join('\n\n');
}

export type KeywordScope = 'play' | 'block' | 'task' | 'handler';

export function keywordMarkdown(key: string, scope: KeywordScope, description: string | undefined): string {
  const head = `**${escapeMarkdown(key)}** — ${scope} keyword`;
  return description ? `${head}\n\n${sanitizeMarkdown(description)}` : head;
}

/** One line about an option for a completion item's detail: type, default, choices. */
export function optionDetail(opt: ModuleOption): string {
  const parts: string[] = [];
  parts.push(opt.type ? `${opt.type}${opt.elements ? `[${opt.elements}]` : ''}` : 'any');
  if (opt.required) parts.push('required');
  if (opt.default !== undefined && opt.default !== null) parts.push(`default: ${yamlValue(opt.default)}`);
  if (opt.choices?.length) parts.push(`choices: ${opt.choices.map(yamlValue).join('|')}`);
  return parts.join(', ');
}
