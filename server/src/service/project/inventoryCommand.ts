// Groups and hosts as Ansible itself sees them: `ansible-inventory --list` for a workspace folder,
// so that a script, an inventory plugin (constructed, generator, a cloud's) or a folder of mixed
// sources gives what a playbook run would get. That runs the workspace's code (the script, the
// plugins its ansible.cfg enables), so it happens only in a trusted workspace; untrusted, nothing
// runs and `hosts:` completion has the static reading (project/inventory.ts) alone.
//
// Runs are per folder, one at a time and in the background: completion never waits (it answers
// with the static reading and the last result, marked incomplete while a run is pending). A run
// starts on first use, and again when the sources' files change (a stamp of their mtimes, taken
// on use: the file watcher reports YAML only, so an INI `hosts` or a script would be missed) or
// the result is older than MAX_AGE_MS (a script's or a cloud's answer changes without a file
// changing). The process runs in its own process group through lint/process.ts, so the script
// ansible-inventory starts dies with it on a timeout, on dispose, and when the server dies. A
// failure (a broken source, a timeout, no ansible-inventory) leaves the static reading alone and
// is logged once.

import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findAnsibleDoc } from '../../catalog/installation';
import { lastLine, ProcessRegistry, runProcess, type RunResult } from '../../lint/process';
import { inventorySources } from '../../project/inventory';

/** What ansible-inventory --list says a folder's inventory holds. */
export interface InventoryListing {
  groups: Set<string>;
  hosts: Set<string>;
  /** `_meta.hostvars`: each host's variables, group variables merged in as Ansible does. */
  hostvars: Map<string, Record<string, unknown>>;
}

/** A folder's inventory as last listed, and whether a run is on its way. */
export interface InventoryView {
  listing?: InventoryListing;
  pending: boolean;
}

export interface InventoryCommandOptions {
  trusted: () => boolean;
  /** The `scribe.ansible.path` setting: ansible-inventory is looked for beside ansible-doc. */
  ansiblePath: () => string;
  log: (line: string) => void;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const TIMEOUT_MS = 15_000;
const MAX_AGE_MS = 5 * 60_000;
/** Inventories of thousands of hosts with their variables: far more than 64 MiB is not for completion. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

interface Folder {
  /** The stamp the listing (or the failure) was made for. */
  stamp?: string;
  finishedAt: number;
  listing?: InventoryListing;
  running?: Promise<void>;
  /** The last failure or warning logged, so that a broken inventory is reported once. */
  logged?: string;
}

/** ansible-inventory beside the ansible-doc the catalog uses; from PATH when no path is set. */
export function ansibleInventoryPath(ansiblePath: string, env: NodeJS.ProcessEnv): string | undefined {
  const doc = findAnsibleDoc(ansiblePath, env);
  if (doc) return join(dirname(doc), 'ansible-inventory');
  return ansiblePath ? undefined : 'ansible-inventory';
}

/**
 * The arguments for a folder: none when its ansible.cfg names the inventory (run there, Ansible
 * reads it), else `-i` for each usual place that exists; undefined when it has no inventory at all
 * (Ansible would fall back to /etc/ansible/hosts, which is not the project's).
 */
export function inventoryArgs(folder: string): { args: string[]; sources: string[] } | undefined {
  const { configured, found } = inventorySources(folder);
  if (configured.length) return { args: ['--list'], sources: configured };
  if (!found.length) return undefined;
  return { args: ['--list', ...found.flatMap((p) => ['-i', p])], sources: found };
}

/** The mtimes and sizes of ansible.cfg and the sources (a folder's entries too): changes when they do. */
function stampOf(folder: string, command: string, args: readonly string[], sources: readonly string[]): string {
  const parts = [command, ...args];
  const add = (path: string) => {
    try {
      const st = statSync(path);
      parts.push(`${path}:${st.mtimeMs}:${st.size}`);
      return st;
    } catch {
      parts.push(`${path}:-`);
      return undefined;
    }
  };
  add(join(folder, 'ansible.cfg'));
  for (const source of sources) {
    if (!add(source)?.isDirectory()) continue;
    try {
      for (const name of readdirSync(source).sort()) add(join(source, name));
    } catch {
      // unreadable: its own mtime stands for it
    }
  }
  return parts.join('\n');
}

/** Parses ansible-inventory --list's JSON; undefined when it is not an inventory listing. */
export function parseListing(stdout: string): InventoryListing | undefined {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  const listing: InventoryListing = { groups: new Set(), hosts: new Set(), hostvars: new Map() };
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  for (const [name, group] of Object.entries(data)) {
    if (name === '_meta' || !isRecord(group)) continue;
    listing.groups.add(name);
    for (const child of strings(group.children)) listing.groups.add(child);
    for (const host of strings(group.hosts)) listing.hosts.add(host);
  }
  const hostvars = isRecord(data._meta) && isRecord(data._meta.hostvars) ? data._meta.hostvars : {};
  for (const [host, vars] of Object.entries(hostvars)) {
    listing.hosts.add(host);
    if (isRecord(vars)) listing.hostvars.set(host, vars);
  }
  return listing;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ansible's warnings about sources it could not read (its lines are wrapped at 80 columns). */
function unparsedSources(stderr: string): string[] {
  const text = stderr.replace(/\n(?!\[)/g, ' ').replace(/\s+/g, ' ');
  return [...text.matchAll(/Unable to parse (.+?) as an inventory source/g)].map((m) => m[1]);
}

export class InventoryCommand {
  private readonly folders = new Map<string, Folder>();
  private readonly registry = new ProcessRegistry();
  /** Bumped when trust changes or on dispose: a run started before then is not used. */
  private generation = 0;
  private disposed = false;
  /** How many times ansible-inventory was started (tests check that untrusted starts none). */
  runCount = 0;

  constructor(private readonly o: InventoryCommandOptions) {}

  /**
   * The folder's last listing; starts a run when trusted and the sources changed or the listing is
   * old. Untrusted, or a folder without an inventory: no listing and nothing pending.
   */
  view(folder: string): InventoryView {
    const state = this.stateOf(folder);
    if (!this.o.trusted() || this.disposed) return { pending: false };
    if (state.running) return { listing: state.listing, pending: true };
    const plan = inventoryArgs(folder);
    if (!plan) return { listing: undefined, pending: false };
    const command = ansibleInventoryPath(this.o.ansiblePath(), this.env());
    const stamp = () => stampOf(folder, command ?? '', plan.args, plan.sources);
    if (stamp() !== state.stamp || Date.now() - state.finishedAt > MAX_AGE_MS) {
      const running = this.run(folder, state, command, plan.args, stamp).finally(() => {
        if (state.running === running) state.running = undefined;
      });
      state.running = running;
    }
    return { listing: state.listing, pending: !!state.running };
  }

  /** Resolves when the folder's pending run (if any) has finished. */
  async settled(folder: string): Promise<void> {
    await this.folders.get(folder)?.running;
  }

  /**
   * Trust withdrawn: running processes are killed and listings dropped (what a script said is not
   * shown in a workspace that may no longer run it). Trust granted: the folders asked about so far
   * start their runs.
   */
  trustChanged(): void {
    this.generation++;
    this.registry.killAll();
    for (const state of this.folders.values()) Object.assign(state, { stamp: undefined, listing: undefined });
    if (this.o.trusted()) for (const folder of this.folders.keys()) this.view(folder);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.registry.killAll();
  }

  private stateOf(folder: string): Folder {
    let state = this.folders.get(folder);
    if (!state) this.folders.set(folder, (state = { finishedAt: 0 }));
    return state;
  }

  private env(): NodeJS.ProcessEnv {
    return this.o.env ?? process.env;
  }

  private async run(
    folder: string,
    state: Folder,
    command: string | undefined,
    args: string[],
    /** Taken when the run ends: a script that writes beside itself (a cache) must not cause the next run. */
    stamp: () => string,
  ): Promise<void> {
    const generation = this.generation;
    const timeoutMs = this.o.timeoutMs ?? TIMEOUT_MS;
    let listing: InventoryListing | undefined;
    let problem: string | undefined;
    if (!command) {
      problem = `no ansible-inventory beside scribe.ansible.path ${this.o.ansiblePath()}`;
    } else {
      this.runCount++;
      // In the folder, as the user's own `ansible-inventory` there would run: its ansible.cfg applies.
      const r = await runProcess(command, args, {
        cwd: folder,
        env: this.env(),
        timeoutMs,
        maxOutputBytes: MAX_OUTPUT_BYTES,
        registry: this.registry,
      });
      listing = r.code === 0 ? parseListing(r.stdout) : undefined;
      problem = listing ? warningOf(r) : failureOf(r, command, timeoutMs);
    }
    if (generation !== this.generation) return;
    Object.assign(state, { stamp: stamp(), finishedAt: Date.now(), listing });
    this.report(folder, state, problem, listing);
  }

  /** Logs a failure or warning once per folder (until it changes), and each successful listing. */
  private report(folder: string, state: Folder, problem: string | undefined, listing?: InventoryListing): void {
    if (problem && problem !== state.logged)
      this.o.log(
        listing
          ? `ansible-inventory in ${folder}: ${problem}`
          : `ansible-inventory in ${folder} failed (${problem}): hosts: completion reads the inventory files statically`,
      );
    state.logged = problem;
    if (listing)
      this.o.log(`ansible-inventory in ${folder}: ${listing.groups.size} groups, ${listing.hosts.size} hosts`);
  }
}

/** Why a run gave no listing, one line. */
function failureOf(r: RunResult, command: string, timeoutMs: number): string {
  if (r.startError?.notFound) return `${command} not found`;
  if (r.startError) return r.startError.message;
  if (r.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (r.truncated) return `its output is over ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`;
  if (r.code !== 0) return `exit ${r.code ?? r.signal}: ${lastLine(r.stderr)}`;
  return `its output is not an inventory listing: ${r.stdout.trim().slice(0, 100) || 'empty'}`;
}

/** Sources Ansible skipped, though it listed the rest (it exits 0 for those). */
function warningOf(r: RunResult): string | undefined {
  const unparsed = unparsedSources(r.stderr);
  return unparsed.length ? `could not parse ${unparsed.join(', ')} (the static reading stands in for it)` : undefined;
}
