// Runs ansible-doc for the module list and for batches of module docs. A batch that hangs (a
// module or doc fragment that never returns) is killed at its timeout, split in halves and
// retried, down to single modules; a single module that still fails is given up and logged.

import { convertDocOutput } from './docConvert';
import { failureOf, type ProcessRunner } from './processes';
import type { ModuleDoc } from './types';

/** Ansible's default COLLECTIONS_PATHS, kept when a folder is put in front of it. */
const DEFAULT_COLLECTIONS_PATH = '~/.ansible/collections:/usr/share/ansible/collections';

export interface BatchResult {
  docs: Map<string, ModuleDoc>;
  /** Modules ansible-doc could not document (timed out, crashed, or not in its output). */
  failed: string[];
  /** The runner was disposed or reset: the result is incomplete and must not be cached. */
  cancelled: boolean;
}

export interface AnsibleDocOptions {
  runner: ProcessRunner;
  env: NodeJS.ProcessEnv;
  /** Working folder of ansible-doc (see launch.ts); default: the server's own. */
  cwd?: string;
  log: (line: string) => void;
  /** Per batch of docs; a 150-module batch takes 1–2 s on 2 cores. */
  batchTimeoutMs: number;
  listTimeoutMs: number;
}

export class AnsibleDoc {
  constructor(
    private readonly executable: string,
    private readonly options: AnsibleDocOptions,
  ) {}

  /** `ansible-doc -t module -l -j`: FQCN → short description. */
  async listModules(): Promise<Record<string, string> | { error: string }> {
    const { runner, env, cwd, listTimeoutMs } = this.options;
    const r = await runner.run(this.executable, ['-t', 'module', '-l', '-j'], {
      timeoutMs: listTimeoutMs,
      env,
      cwd,
      urgent: () => true,
    });
    if (r.error || r.timedOut || r.code !== 0) return { error: `ansible-doc -l failed (${failureOf(r)})` };
    try {
      const parsed: unknown = JSON.parse(r.stdout);
      if (typeof parsed !== 'object' || parsed === null) return { error: 'ansible-doc -l printed no module list' };
      const list: Record<string, string> = {};
      for (const [name, desc] of Object.entries(parsed as Record<string, unknown>)) list[name] = String(desc ?? '');
      return list;
    } catch (e) {
      return { error: `cannot parse ansible-doc -l output: ${String(e)}` };
    }
  }

  /**
   * One module that is not installed but beside the content, with its doc fragments read:
   * `library` (ANSIBLE_LIBRARY) or `collections` (put first in ANSIBLE_COLLECTIONS_PATH) says
   * where it is. Undefined when ansible-doc cannot document it (logged).
   */
  async documentAt(
    name: string,
    where: { library: string } | { collections: string },
    timeoutMs: number,
  ): Promise<ModuleDoc | undefined> {
    const { runner, cwd, log } = this.options;
    const env = { ...this.options.env };
    if ('library' in where) env.ANSIBLE_LIBRARY = where.library;
    else {
      const configured = env.ANSIBLE_COLLECTIONS_PATH ?? env.ANSIBLE_COLLECTIONS_PATHS;
      env.ANSIBLE_COLLECTIONS_PATH = [where.collections, configured ?? DEFAULT_COLLECTIONS_PATH].join(':');
    }
    const r = await runner.run(this.executable, ['-t', 'module', '-j', name], {
      timeoutMs,
      env,
      cwd,
      urgent: () => true,
    });
    try {
      if (r.code === 0 && !r.timedOut && !r.error) return convertDocOutput(JSON.parse(r.stdout || '{}')).get(name);
    } catch {
      // reported below
    }
    log(`[catalog] cannot document ${name} beside the content: ansible-doc ${failureOf(r)}`);
    return undefined;
  }

  /** Documents `names` (FQCNs), splitting the batch on timeout or unparsable output. */
  async fetchDocs(names: readonly string[], urgent: () => boolean): Promise<BatchResult> {
    const { runner, env, cwd, log, batchTimeoutMs } = this.options;
    const r = await runner.run(this.executable, ['-t', 'module', '-j', ...names], {
      timeoutMs: batchTimeoutMs,
      env,
      cwd,
      urgent,
    });
    if (r.error === 'disposed') return { docs: new Map(), failed: [], cancelled: true };
    let output: unknown;
    // One module with broken YAML docs makes ansible-doc exit 1 and print nothing for the whole batch.
    if (!r.timedOut && !r.error && r.code === 0) {
      try {
        output = JSON.parse(r.stdout || '{}');
      } catch {
        output = undefined;
      }
    }
    if (output === undefined) {
      if (names.length === 1) {
        log(`[catalog] giving up on ${names[0]}: ansible-doc ${failureOf(r)}`);
        return { docs: new Map(), failed: [...names], cancelled: false };
      }
      log(`[catalog] batch of ${names.length} modules failed (${failureOf(r)}); splitting it`);
      const half = Math.ceil(names.length / 2);
      const parts = await Promise.all([
        this.fetchDocs(names.slice(0, half), urgent),
        this.fetchDocs(names.slice(half), urgent),
      ]);
      return {
        docs: new Map([...parts[0].docs, ...parts[1].docs]),
        failed: [...parts[0].failed, ...parts[1].failed],
        cancelled: parts[0].cancelled || parts[1].cancelled,
      };
    }
    const docs = convertDocOutput(output);
    const failed = names.filter((n) => !docs.has(n));
    if (failed.length) log(`[catalog] ansible-doc gave no documentation for ${failed.join(', ')}`);
    return { docs, failed, cancelled: false };
  }
}
