// The explanation as Markdown for the side panel and `scribe explain`: a section per play,
// numbered tasks, the handlers and who notifies them, and the AI-written parts with licences.
// Everything taken from the document (task and play names, hosts, option values, conditions), from
// module documentation or from the ledger is escaped (document/markdown.ts): the panel renders this
// Markdown, and a task name must not become an image, HTML or a `command:` link. The explanation's
// phrases quote document values in `backticks`; those become code spans, the rest is escaped.

import { escapeMarkdown, escapeMarkdownKeepingCode, inlineCode, sanitizeMarkdown } from '../document/markdown';
import type { AiWrittenPart, Explanation, HandlerExplanation, PlayExplanation, TaskExplanation } from './types';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A phrase of the explanation as a sentence, escaped (its `code` spans kept as code). */
const sentence = (s: string) => escapeMarkdownKeepingCode(cap(s) + (/[.!?]$/.test(s) ? '' : '.'));
const phrase = (s: string) => escapeMarkdownKeepingCode(s);
const bold = (s: string) => `**${escapeMarkdown(s)}**`;
const quoted = (s: string) => `“${escapeMarkdown(s)}”`;
/** Module documentation inside a line: code, emphasis and http(s) links only. */
const docText = (s: string) => sanitizeMarkdown(s.replace(/\s*\n\s*/g, ' '));
const lines = (a: number, b: number) => (a === b ? `line ${a}` : `lines ${a}–${b}`);

function aiLine(p: AiWrittenPart): string {
  const lic = p.licenses.length ? p.licenses.map(escapeMarkdown).join(', ') : 'no licence recorded';
  return `AI-written (model ${inlineCode(p.model)}; licences: ${lic}${p.state === 'modified' ? '; edited since' : ''})`;
}

function task(t: TaskExplanation, n: string, indent: string, out: string[]): void {
  const mod = t.module
    ? t.module.known
      ? ` — ${inlineCode(t.module.fqcn ?? t.module.name)}${t.module.purpose ? `: ${docText(t.module.purpose)}` : ''}`
      : ` — ${inlineCode(t.module.name)} (unknown module)`
    : t.kind === 'block'
      ? ' — block'
      : '';
  out.push(`${indent}${n} ${bold(t.title)} (${lines(t.line, t.endLine)})${mod}`);
  const sub = indent + ' '.repeat(n.length + 1);
  const bullets = [
    sentence(t.action),
    ...t.conditions.map(sentence),
    ...(t.loop ? [sentence(`runs ${t.loop}`)] : []),
    ...(t.register ? [sentence(t.register)] : []),
    ...(t.notify.length
      ? [
          `Notifies handler(s) ${t.notify.map(quoted).join(', ')} when it changes something (they run at the end of the section).`,
        ]
      : []),
    ...(t.become ? [sentence(`runs ${t.become}`)] : []),
    ...t.notes.map(sentence),
    ...t.aiWritten.map(aiLine),
  ];
  for (const b of bullets) out.push(`${sub}- ${b}`);
  const meanings = t.options.filter((o) => o.meaning);
  if (meanings.length) {
    out.push(`${sub}- Options as written:`);
    for (const o of meanings)
      out.push(`${sub}  - ${inlineCode(o.name)} = ${inlineCode(o.value)} — ${docText(o.meaning ?? '')}`);
  }
  const nested: [string, TaskExplanation[] | undefined][] = [
    ['Block', t.block],
    ['Rescue (runs only if a block task fails)', t.rescue],
    ['Always (runs in any case)', t.always],
  ];
  for (const [label, ts] of nested) {
    if (!ts?.length) continue;
    out.push(`${sub}- ${label}:`);
    ts.forEach((c, i) => task(c, `${i + 1}.`, sub + '  ', out));
  }
}

function taskList(ts: TaskExplanation[], out: string[]): void {
  if (!ts.length) out.push('No tasks.');
  ts.forEach((t, i) => task(t, `${i + 1}.`, '', out));
}

function handlerList(hs: HandlerExplanation[], inPlaybook: boolean, out: string[]): void {
  hs.forEach((h, i) => {
    task(h, `${i + 1}.`, '', out);
    const sub = ' '.repeat(`${i + 1}.`.length + 1);
    if (h.listen.length) out.push(`${sub}- Also listens to: ${h.listen.map(quoted).join(', ')}.`);
    if (h.notifiedBy.length) out.push(`${sub}- Notified by: ${h.notifiedBy.map(bold).join(', ')}.`);
    else out.push(`${sub}- ${inPlaybook ? 'No task of this play notifies it.' : 'Notified from other files.'}`);
  });
}

function play(p: PlayExplanation, i: number, out: string[]): void {
  out.push(`## Play ${i + 1}: ${escapeMarkdown(p.title)}`, '');
  if (p.importPlaybook) {
    out.push(`Imports the playbook ${inlineCode(p.importPlaybook)} (its plays run here).`, '');
    return;
  }
  out.push(`- Hosts: ${inlineCode(p.hosts ?? '(none given)')}`);
  out.push(`- Privilege: runs ${phrase(p.privilege)}.`);
  out.push(`- Facts: ${p.gatherFacts ? 'gathered from each host first' : 'not gathered (`gather_facts: false`)'}.`);
  if (p.roles.length) out.push(`- Roles: ${p.roles.map(inlineCode).join(', ')}`);
  out.push(`- Order: ${phrase(p.order.join(' → ')) || 'nothing to run'}`, '');
  out.push('### Tasks', '');
  taskList(p.tasks, out);
  out.push('');
  if (p.handlers.length) {
    out.push('### Handlers', '');
    out.push('A handler runs only when a task that notifies it reports a change, once, at the next handler flush.', '');
    handlerList(p.handlers, true, out);
    out.push('');
  }
}

export function explanationMarkdown(e: Explanation): string {
  const base = e.uri.replace(/^.*\//, '');
  let file = base;
  try {
    file = decodeURIComponent(base);
  } catch {
    // a malformed escape: the name as written
  }
  const sel = e.selection;
  const out: string[] = [
    sel
      ? `# What ${lines(sel.startLine, sel.endLine)} of ${inlineCode(file)} ${sel.startLine === sel.endLine ? 'does' : 'do'}`
      : `# What ${inlineCode(file)} does`,
    '',
  ];
  if (e.kind === 'playbook' || e.plays.length) {
    out.push(sel ? `The selection is in ${e.plays.length} play(s).` : `A playbook with ${e.plays.length} play(s).`, '');
    e.plays.forEach((p, i) => play(p, i, out));
  } else if (e.kind === 'handlers') {
    out.push(`A handler file with ${e.handlers.length} handler(s).`, '', '## Handlers', '');
    handlerList(e.handlers, false, out);
    out.push('');
  } else {
    out.push(
      sel
        ? `${e.tasks.length} task(s) of a task file, run in order on each host of the play that uses it.`
        : `A task file with ${e.tasks.length} task(s), run in order on each host of the play that uses it.`,
      '',
    );
    out.push('## Tasks', '');
    taskList(e.tasks, out);
    out.push('');
  }
  out.push('## AI-written content', '');
  if (!e.aiWritten.count) out.push('No AI-written content recorded.');
  else {
    out.push(
      `${e.aiWritten.count} AI-written part(s); licences: ${e.aiWritten.licenses.map(escapeMarkdown).join(', ') || 'none recorded'}.`,
      '',
    );
    for (const p of e.aiWritten.parts) {
      const where = p.tasks.length ? ` (${p.tasks.map(bold).join(', ')})` : '';
      out.push(`- ${cap(lines(p.startLine, p.endLine))}${where}: ${aiLine(p)}`);
      for (const s of p.sources)
        out.push(
          `  - from ${escapeMarkdown(s.collection)} ${escapeMarkdown(s.version)} ${inlineCode(s.path)} (${escapeMarkdown(s.license)})`,
        );
    }
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
