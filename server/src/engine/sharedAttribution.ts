// The worker's shared attribution index (`scribe.attribution.databaseEnv`, issue 13): the client
// for the PostgreSQL URL in the named environment variable, created when the setting names one
// and replaced when it names another. Attribution then asks the shared index merged with the
// workspace's own tasks (sharedIndex/attributionSource.ts), or the local index alone while the
// database cannot answer. One status line says which; while the database is down it is probed
// again after the client's retry interval, so the line (and attribution) come back by themselves.
// No URL or password is ever in a line: the client masks it.

import type { AttributionIndex, ModuleResolver } from '../attribution/attributionIndex';
import { AttributionSource } from '../sharedIndex/attributionSource';
import { SharedIndexConfigError } from '../sharedIndex/connection';
import { SharedIndexClient, type SharedIndexStatus } from '../sharedIndex/sharedIndexClient';
import type { TaskSimilarityIndex } from '../suggest/types';

/** A task any index can score: what the probe asks to learn whether the database answers. */
const PROBE = { yaml: 'name: Shared index probe\nansible.builtin.ping: {}\n' };

export interface SharedAttributionOptions {
  /** The attribution status line ('' when no shared index is configured). */
  status: (line: string) => void;
  log: (line: string) => void;
  resolve?: ModuleResolver;
  env?: NodeJS.ProcessEnv;
}

export class SharedAttribution {
  private variable = '';
  private client: SharedIndexClient | undefined;
  private problem: string | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private line = '';

  constructor(private readonly o: SharedAttributionOptions) {}

  /**
   * What attribution asks for setting `variable` ('' = the local index, as before: the same
   * object, answering synchronously); a shared query is cancelled when `signal` aborts.
   */
  index(
    variable: string,
    local: () => AttributionIndex | undefined,
    signal?: AbortSignal,
  ): TaskSimilarityIndex | undefined {
    this.use(variable);
    const client = this.client;
    if (!client) return local();
    return new AttributionSource(local, client).requestIndex(signal);
  }

  /** Whether a shared index is in use (configured and the variable holds a PostgreSQL URL). */
  get active(): boolean {
    return !!this.client;
  }

  async dispose(): Promise<void> {
    this.variable = '';
    await this.close();
  }

  private use(variable: string): void {
    if (variable === this.variable) return;
    this.variable = variable;
    void this.close();
    this.problem = undefined;
    if (!variable) return this.report('');
    try {
      this.client = SharedIndexClient.fromEnvironment(variable, this.o.env ?? process.env, { resolve: this.o.resolve });
    } catch (e) {
      if (!(e instanceof SharedIndexConfigError)) throw e;
      this.problem = `scribe.attribution.databaseEnv: ${e.message}`;
      return this.report(`attribution: local — shared index not used: ${this.problem}`);
    }
    const client = this.client;
    client.onStatus((s) => this.changed(client, s));
    this.changed(client, client.status());
    this.probe(client);
  }

  private changed(client: SharedIndexClient, s: SharedIndexStatus): void {
    if (client !== this.client) return;
    if (s.state === 'idle') return this.report(`attribution: shared index at ${s.database}, connecting`);
    if (s.state === 'ready') return this.report(`attribution: shared index (${s.tasks} tasks at ${s.database})`);
    this.report(`attribution: local — shared index unreachable: ${s.reason}`);
    // Probe again once the client would try again: the status comes back without a suggestion.
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => this.probe(client), Math.max(0, s.retryAt - Date.now()) + 20);
    this.probeTimer.unref();
  }

  private probe(client: SharedIndexClient): void {
    this.probeTimer = undefined;
    if (client !== this.client) return;
    void client.search(PROBE, 1).catch((e: unknown) => this.o.log(`shared index probe: ${String(e)}`));
  }

  private report(line: string): void {
    if (line === this.line) return;
    this.line = line;
    if (line) this.o.log(line);
    this.o.status(line);
  }

  private async close(): Promise<void> {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.dispose();
  }
}
