// `explainDocument`: what a playbook, task file or handler file does, grounded in the document,
// the installed modules' documentation and the provenance ledger. No model is asked, so the same
// inputs give the same explanation; an unknown module is said to be unknown, never guessed.

import type { ModuleCatalog } from '../catalog/types';
import type { AnsibleDocument, Play, Span, Task } from '../document/model';
import type { ProvenanceRecord } from '../provenance/types';
import { moduleAction, optionMeaning, shown } from './actions';
import * as words from './keywords';
import type {
  AiWrittenPart,
  Explanation,
  HandlerExplanation,
  ModuleExplanation,
  PlayExplanation,
  TaskExplanation,
} from './types';

export { explanationMarkdown } from './markdown';
export type * from './types';

/** 0-based first and last line of a span (a span ending at a line start does not cover that line). */
function lineRange(doc: AnsibleDocument, span: Span): [number, number] {
  const r = doc.lines.range(span);
  const end = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return [r.start.line, end];
}

function recordLines(r: ProvenanceRecord): [number, number] {
  const end =
    r.range.end.character === 0 && r.range.end.line > r.range.start.line ? r.range.end.line - 1 : r.range.end.line;
  return [r.range.start.line, end];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
const within = (a: [number, number], b: [number, number]) => a[0] >= b[0] && a[1] <= b[1];

class Explainer {
  /** The parts as reported, keyed by record, so tasks and the summary share them. */
  private readonly parts = new Map<ProvenanceRecord, AiWrittenPart>();

  constructor(
    private readonly doc: AnsibleDocument,
    private readonly catalog: ModuleCatalog,
    private readonly provenance: ProvenanceRecord[],
  ) {
    for (const r of provenance) {
      const [s, e] = recordLines(r);
      this.parts.set(r, {
        startLine: s + 1,
        endLine: e + 1,
        model: r.model,
        licenses: [...r.licenses],
        state: r.state,
        sources: r.matches.map((m) => ({
          collection: m.collection,
          version: m.version,
          path: m.path,
          license: m.license,
        })),
        tasks: [],
      });
    }
  }

  async play(p: Play): Promise<PlayExplanation> {
    const [line] = lineRange(this.doc, p.span);
    const entry = (k: string) => p.entries.find((e) => e.key === k)?.value;
    const title = p.name ?? (p.importPlaybook ? `import of ${p.importPlaybook}` : `play at line ${line + 1}`);
    const gather = entry('gather_facts');
    const gatherFacts = !(gather === false || (typeof gather === 'string' && /^(no|false|off)$/i.test(gather)));
    const roles = (Array.isArray(entry('roles')) ? (entry('roles') as unknown[]) : []).map((r) =>
      typeof r === 'string'
        ? r
        : shown((r as { role?: unknown; name?: unknown }).role ?? (r as { name?: unknown }).name),
    );
    const become = entry('become');
    const privilege = words.privilege(become, entry('become_user'), entry('become_method'));
    const tasks = [
      ...(await this.tasks(p.pre_tasks)),
      ...(await this.tasks(p.tasks)),
      ...(await this.tasks(p.post_tasks)),
    ];
    const handlers = await this.handlers(p.handlers, tasks);
    // Ansible's run order: facts, pre_tasks, roles, tasks, post_tasks; notified handlers run at
    // the end of each of those sections (the "handler flush"), not where they are written.
    const order: string[] = [];
    if (p.importPlaybook) order.push(`imports the playbook ${p.importPlaybook}`);
    else {
      if (gatherFacts) order.push('gather facts');
      const flush = handlers.length ? ['notified handlers'] : [];
      if (p.pre_tasks.length) order.push('pre_tasks', ...flush);
      if (roles.length) order.push('roles');
      if (p.tasks.length) order.push('tasks');
      if (roles.length || p.tasks.length) order.push(...flush);
      if (p.post_tasks.length) order.push('post_tasks', ...flush);
    }
    return {
      line: line + 1,
      title,
      ...(p.name !== undefined && { name: p.name }),
      ...(p.hosts !== undefined && { hosts: p.hosts }),
      ...(p.importPlaybook !== undefined && { importPlaybook: p.importPlaybook }),
      privilege: privilege ?? 'without privilege escalation (as the connecting user)',
      become: become === true || (typeof become === 'string' && /^(yes|true|on)$/i.test(become)),
      ...(entry('become_user') !== undefined && { becomeUser: shown(entry('become_user')) }),
      gatherFacts,
      roles,
      order,
      tasks,
      handlers,
    };
  }

  async tasks(ts: Task[]): Promise<TaskExplanation[]> {
    const out: TaskExplanation[] = [];
    for (const t of ts) out.push(await this.task(t));
    return out;
  }

  private async module(
    t: Task,
  ): Promise<{ module?: ModuleExplanation; action: string; options: TaskExplanation['options'] }> {
    const call = t.module;
    if (!call) return { action: 'has no recognisable module, so what it does cannot be said', options: [] };
    const fqcn = this.catalog.resolve(call.name)?.fqcn;
    const doc = fqcn ? await this.catalog.loadDoc(fqcn) : undefined;
    const options = call.args.map((a) => {
      const meaning = optionMeaning(doc, a.name);
      return { name: a.name, value: shown(a.value), ...(meaning !== undefined && { meaning }) };
    });
    if (!fqcn)
      return {
        module: { name: call.name, known: false },
        action: `uses \`${call.name}\`, which is not a module known to the installed Ansible, so what it does cannot be said`,
        options,
      };
    return {
      module: { name: call.name, fqcn, known: true, ...(doc?.shortDescription && { purpose: doc.shortDescription }) },
      action: moduleAction(call, fqcn),
      options,
    };
  }

  async task(t: Task): Promise<TaskExplanation> {
    const lines = lineRange(this.doc, t.span);
    const title = t.name ?? `line ${lines[0] + 1}`;
    const children = [...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])].map((c) =>
      lineRange(this.doc, c.span),
    );
    const aiWritten: AiWrittenPart[] = [];
    for (const r of this.provenance) {
      const rl = recordLines(r);
      if (!overlaps(rl, lines)) continue;
      // A block is AI-written only for a record that is not wholly inside one of its tasks.
      if (children.some((c) => within(rl, c))) continue;
      const part = this.parts.get(r)!;
      part.tasks.push(title);
      aiWritten.push(part);
    }
    const m = t.kind === 'block' ? { action: this.blockAction(t), options: [] } : await this.module(t);
    const register = words.register(t);
    const loop = words.loop(t);
    const become = words.become(t);
    const e: TaskExplanation = {
      line: lines[0] + 1,
      endLine: lines[1] + 1,
      title,
      ...(t.name !== undefined && { name: t.name }),
      kind: t.kind,
      section: t.section,
      ...m,
      conditions: words.conditions(t),
      ...(loop !== undefined && { loop }),
      ...(register !== undefined && { register }),
      notify: words.names(t.keywords.get('notify')?.value),
      ...(become !== undefined && { become }),
      notes: words.notes(t),
      aiWritten,
    };
    if (t.kind === 'block') {
      e.block = await this.tasks(t.block ?? []);
      e.rescue = await this.tasks(t.rescue ?? []);
      e.always = await this.tasks(t.always ?? []);
    }
    return e;
  }

  private blockAction(t: Task): string {
    const n = (ts: Task[] | undefined) => ts?.length ?? 0;
    let s = `groups ${n(t.block)} task(s)`;
    if (n(t.rescue)) s += `; if one of them fails, runs ${n(t.rescue)} rescue task(s) instead of failing the play`;
    if (n(t.always)) s += `; then always runs ${n(t.always)} task(s), failed or not`;
    return s;
  }

  /** Handlers with the tasks that notify them by name or by a `listen` topic. */
  async handlers(hs: Task[], notifiers: TaskExplanation[]): Promise<HandlerExplanation[]> {
    const flat: TaskExplanation[] = [];
    const walk = (ts: TaskExplanation[]) => {
      for (const t of ts) {
        flat.push(t);
        walk([...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])]);
      }
    };
    walk(notifiers);
    const out: HandlerExplanation[] = [];
    for (const h of hs) {
      const e = await this.task(h);
      const listen = words.names(h.keywords.get('listen')?.value);
      const topics = new Set([...(h.name !== undefined ? [h.name] : []), ...listen]);
      const notifiedBy = flat.filter((t) => t.notify.some((n) => topics.has(n))).map((t) => t.title);
      out.push({ ...e, listen, notifiedBy });
    }
    return out;
  }

  summary(): Explanation['aiWritten'] {
    const parts = [...this.parts.values()].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
    return { count: parts.length, licenses: [...new Set(parts.flatMap((p) => p.licenses))].sort(), parts };
  }
}

/**
 * Explains a document. `provenance` holds the document's AI-written ranges (the ledger's
 * `forDocument(uri)`); the explanation marks the tasks they overlap.
 */
export async function explainDocument(
  doc: AnsibleDocument,
  catalog: ModuleCatalog,
  provenance: ProvenanceRecord[] = [],
): Promise<Explanation> {
  const x = new Explainer(doc, catalog, provenance);
  const plays: PlayExplanation[] = [];
  for (const p of doc.plays) plays.push(await x.play(p));
  let tasks: TaskExplanation[] = [];
  let handlers: HandlerExplanation[] = plays.flatMap((p) => p.handlers);
  if (doc.kind === 'handlers') handlers = await x.handlers(doc.tasks, []);
  else tasks = await x.tasks(doc.tasks);
  return { uri: doc.uri, kind: doc.kind, plays, tasks, handlers, aiWritten: x.summary() };
}
