// Module docs, one shard per collection: in memory only for collections someone asked about
// (least recently used dropped past a byte budget, ansible.builtin kept), on disk once fetched,
// else fetched from ansible-doc in batches. A caller waits only for the batch holding its module.

import { promises as fs } from 'node:fs';
import type { AnsibleDoc } from './ansibleDoc';
import { collectionOf, type CatalogIndex } from './catalogIndex';
import { CACHE_SCHEMA, type CatalogDiskCache, readJson, writeFileAtomic } from './diskCache';
import type { ModuleDoc } from './types';

interface ShardFile {
  schema: number;
  collection: string;
  docs: Record<string, ModuleDoc>;
  /** Modules ansible-doc could not document. */
  failed: string[];
}

interface LoadedShard {
  docs: Map<string, ModuleDoc>;
  bytes: number;
}

interface CollectionJob {
  docs: Map<string, ModuleDoc>;
  failed: string[];
  /** Someone awaits this collection: its batches jump the queue and its shard stays in memory. */
  urgent: boolean;
  cancelled: boolean;
  batchOf: Map<string, Promise<void>>;
  done: Promise<void>;
}

export interface DocStoreOptions {
  cache: CatalogDiskCache;
  key: string;
  index: CatalogIndex;
  ansibleDoc: AnsibleDoc;
  log: (line: string) => void;
  batchSize: number;
  /** JSON bytes of shards kept in memory besides ansible.builtin. */
  memoryBudgetBytes: number;
  /** A collection's shard was written (the catalog updates deprecations in its index). */
  onShardWritten: (collection: string, docs: Map<string, ModuleDoc>) => void;
}

const PINNED = 'ansible.builtin';

export class DocStore {
  /** Map order is recency: the first entry is the least recently used. */
  private readonly memory = new Map<string, LoadedShard>();
  private readonly reading = new Map<string, Promise<LoadedShard | undefined>>();
  private readonly jobs = new Map<string, CollectionJob>();
  private onDisk = new Set<string>();
  private cancelled = false;

  constructor(private readonly o: DocStoreOptions) {}

  async init(): Promise<void> {
    this.onDisk = await this.o.cache.shardNames(this.o.key);
  }

  /** Collections whose docs are cached on disk. */
  get cachedCollections(): number {
    return this.onDisk.size;
  }

  get(fqcn: string): ModuleDoc | undefined {
    const collection = collectionOf(fqcn);
    const shard = this.memory.get(collection);
    if (shard) {
      this.touch(collection, shard);
      return shard.docs.get(fqcn);
    }
    return this.jobs.get(collection)?.docs.get(fqcn);
  }

  async load(fqcn: string): Promise<ModuleDoc | undefined> {
    const collection = collectionOf(fqcn);
    const inMemory = this.get(fqcn);
    if (inMemory || this.memory.has(collection)) return inMemory;
    if (this.onDisk.has(collection)) {
      const shard = await this.readShard(collection);
      if (shard) return shard.docs.get(fqcn);
    }
    if (this.cancelled) return undefined;
    const job = this.fetch(collection, true, fqcn);
    await (job.batchOf.get(fqcn) ?? job.done);
    return job.docs.get(fqcn) ?? this.memory.get(collection)?.docs.get(fqcn);
  }

  /** Fetches every collection not cached yet, ansible.builtin first; resolves when all are written. */
  async prefetchAll(): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const collection of this.o.index.collections().keys()) {
      if (this.onDisk.has(collection)) continue;
      pending.push(this.fetch(collection, false).done);
    }
    await Promise.all(pending);
  }

  /** Stops: queued batches are dropped by the runner, nothing more is written. */
  cancel(): void {
    this.cancelled = true;
  }

  private touch(collection: string, shard: LoadedShard): void {
    this.memory.delete(collection);
    this.memory.set(collection, shard);
  }

  private keep(collection: string, shard: LoadedShard): void {
    this.touch(collection, shard);
    let total = 0;
    for (const [c, s] of this.memory) if (c !== PINNED) total += s.bytes;
    for (const [c, s] of this.memory) {
      if (total <= this.o.memoryBudgetBytes) break;
      if (c === PINNED || c === collection) continue;
      this.memory.delete(c);
      total -= s.bytes;
    }
  }

  private readShard(collection: string): Promise<LoadedShard | undefined> {
    let p = this.reading.get(collection);
    if (!p) {
      const path = this.o.cache.shardPath(this.o.key, collection);
      p = (async () => {
        const stat = await fs.stat(path).catch(() => undefined);
        const file = await readJson<ShardFile>(path);
        if (!file || file.schema !== CACHE_SCHEMA || typeof file.docs !== 'object') {
          this.onDisk.delete(collection);
          return undefined;
        }
        const shard = { docs: new Map(Object.entries(file.docs)), bytes: stat?.size ?? 0 };
        this.keep(collection, shard);
        return shard;
      })().finally(() => this.reading.delete(collection));
      this.reading.set(collection, p);
    }
    return p;
  }

  private fetch(collection: string, urgent: boolean, first?: string): CollectionJob {
    const existing = this.jobs.get(collection);
    if (existing) {
      existing.urgent ||= urgent;
      return existing;
    }
    const names = [...(this.o.index.collections().get(collection) ?? [])];
    const at = first ? names.indexOf(first) : -1;
    // The module someone waits for goes in the first batch.
    if (at > 0) names.unshift(...names.splice(at, 1));
    const job: CollectionJob = {
      docs: new Map(),
      failed: [],
      urgent,
      cancelled: false,
      batchOf: new Map(),
      done: Promise.resolve(),
    };
    const batches: Promise<void>[] = [];
    for (let i = 0; i < names.length; i += this.o.batchSize) {
      const batch = names.slice(i, i + this.o.batchSize);
      const p = this.o.ansibleDoc
        .fetchDocs(batch, () => job.urgent)
        .then((r) => {
          for (const [name, doc] of r.docs) job.docs.set(name, doc);
          job.failed.push(...r.failed);
          job.cancelled ||= r.cancelled;
        });
      for (const name of batch) job.batchOf.set(name, p);
      batches.push(p);
    }
    this.jobs.set(collection, job);
    job.done = Promise.all(batches)
      .then(() => this.finish(collection, job))
      .catch((e: unknown) => this.o.log(`[catalog] fetching ${collection} failed: ${String(e)}`))
      .finally(() => this.jobs.delete(collection));
    return job;
  }

  private async finish(collection: string, job: CollectionJob): Promise<void> {
    if (job.cancelled || this.cancelled) return;
    const file: ShardFile = {
      schema: CACHE_SCHEMA,
      collection,
      docs: Object.fromEntries(job.docs),
      failed: job.failed,
    };
    const text = JSON.stringify(file);
    await writeFileAtomic(this.o.cache.shardPath(this.o.key, collection), text);
    this.onDisk.add(collection);
    if (job.urgent) this.keep(collection, { docs: job.docs, bytes: text.length });
    this.o.onShardWritten(collection, job.docs);
  }
}
