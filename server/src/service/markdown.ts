// Module, option and keyword documentation as Markdown, shared by hover and completion resolve.

import type { ModuleDoc, ModuleOption, ResolvedModule } from '../catalog/types';

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
  out.push(`**${doc.fqcn}**${doc.shortDescription ? ` — ${doc.shortDescription}` : ''}`);
  // A short name or ansible.legacy.x is how builtins are found, not a redirect worth a note.
  const written = resolved?.written ?? doc.fqcn;
  const redirected =
    resolved?.redirectedFrom || (written.split('.').length >= 3 && !written.startsWith('ansible.legacy.'));
  if (redirected && written !== doc.fqcn) out.push(`*\`${written}\` is redirected to \`${doc.fqcn}\`.*`);
  if (resolved?.removed) out.push(`**Removed:** ${resolved.removed.message}`);
  const deprecation = resolved?.deprecation ?? doc.deprecated;
  if (deprecation) {
    const when = deprecation.removedIn ? ` (removal in ${deprecation.removedIn})` : '';
    const alt = deprecation.alternative ? ` Use ${deprecation.alternative} instead.` : '';
    out.push(`**Deprecated**${when}: ${deprecation.message}${alt}`);
  }
  if (doc.description.length) out.push(doc.description[0]);
  const opts = optionsInDocOrder(doc);
  if (opts.length) {
    const rows = opts.slice(0, maxTableRows).map((o) => {
      const def = o.default === undefined || o.default === null ? '' : `\`${cell(yamlValue(o.default))}\``;
      return `| \`${o.name}\` | ${o.required ? 'yes' : ''} | ${o.type ?? ''} | ${def} |`;
    });
    const more = opts.length > maxTableRows ? `\n\n…and ${opts.length - maxTableRows} more options.` : '';
    out.push(['| Option | Required | Type | Default |', '|---|---|---|---|', ...rows].join('\n') + more);
  }
  const url = docsUrl(doc.fqcn);
  if (url) out.push(`[Documentation](${url})`);
  return out.join('\n\n');
}

export function optionMarkdown(fqcn: string, opt: ModuleOption): string {
  const out: string[] = [];
  const facts = [opt.type ? `${opt.type}${opt.elements ? ` of ${opt.elements}` : ''}` : undefined];
  facts.push(opt.required ? 'required' : undefined);
  out.push(
    `**${opt.name}**${facts.some(Boolean) ? ` (${facts.filter(Boolean).join(', ')})` : ''} — option of \`${fqcn}\``,
  );
  if (opt.description) out.push(opt.description);
  const details: string[] = [];
  if (opt.default !== undefined && opt.default !== null) details.push(`Default: \`${yamlValue(opt.default)}\``);
  if (opt.choices?.length) details.push(`Choices: ${opt.choices.map((c) => `\`${yamlValue(c)}\``).join(', ')}`);
  if (opt.aliases.length) details.push(`Aliases: ${opt.aliases.map((a) => `\`${a}\``).join(', ')}`);
  if (opt.suboptions)
    details.push(
      `Suboptions: ${Object.keys(opt.suboptions)
        .map((a) => `\`${a}\``)
        .join(', ')}`,
    );
  if (details.length) out.push(details.join('  \n'));
  return out.join('\n\n');
}

export type KeywordScope = 'play' | 'block' | 'task' | 'handler';

export function keywordMarkdown(key: string, scope: KeywordScope, description: string | undefined): string {
  const head = `**${key}** — ${scope} keyword`;
  return description ? `${head}\n\n${description}` : head;
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
