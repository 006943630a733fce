// Memory of a server process and of its child processes (ansible-doc, ansible-lint, python),
// read from /proc while the bench runs. Linux only; elsewhere every figure stays null.
import { readFileSync, readdirSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, ...]. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The command line of a process, arguments joined by spaces; null once gone. */
export function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || null;
  } catch {
    return null;
  }
}

/** Start time (clock ticks since boot) identifies a pid against reuse; null once gone or a zombie. */
export function startTimeOf(pid) {
  const fields = statFields(pid);
  return fields && fields[0] !== 'Z' ? fields[19] : null;
}

function processIds() {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

/** Live processes whose process group is `pgid` (zombies count as gone). */
export function processGroupMembers(pgid) {
  return processIds()
    .map(Number)
    .filter((pid) => {
      const fields = statFields(pid);
      return fields !== null && fields[0] !== 'Z' && Number(fields[2]) === pgid;
    });
}

/** Every live descendant of `rootPid` (not including it), found by walking ppid links. */
export function descendantsOf(rootPid) {
  const children = new Map();
  for (const name of processIds()) {
    const fields = statFields(name);
    if (!fields) continue;
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** VmRSS and VmHWM of one process in KiB, or null when it is gone. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Samples a process tree every `intervalMs`. The server's own peak is its VmHWM (exact, kept by
 * the kernel); the tree's peak is the largest sampled sum of VmRSS over the server and its
 * descendants, so short-lived children between two samples are missed.
 */
export class MemorySampler {
  constructor(pid, intervalMs = 100, onDescendant = () => {}) {
    this.pid = pid;
    this.serverPeakKiB = null;
    this.treePeakKiB = null;
    this.maxChildren = 0;
    this.onDescendant = onDescendant;
    this.paused = false;
    /** Open windows (see `window`), each with its own tree peak. */
    this.windows = new Set();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  /** Latency loops pause sampling so that reading /proc never delays a timed response. */
  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
  }

  sample() {
    if (this.paused) return;
    const own = memoryOf(this.pid);
    if (!own) return;
    this.serverPeakKiB = Math.max(this.serverPeakKiB ?? 0, own.hwm, own.rss);
    const descendants = descendantsOf(this.pid);
    let sum = own.rss;
    for (const pid of descendants) {
      this.onDescendant(pid);
      sum += memoryOf(pid)?.rss ?? 0;
    }
    this.maxChildren = Math.max(this.maxChildren, descendants.length);
    this.treePeakKiB = Math.max(this.treePeakKiB ?? 0, sum);
    for (const w of this.windows) {
      if (sum > w.treeKiB) Object.assign(w, { treeKiB: sum, childrenKiB: sum - own.rss });
    }
  }

  /**
   * The tree's peak from now until the returned `stop()`: `{treePeakMiB, childrenAtPeakMiB}`, the
   * largest sampled sum and how much of it was the children's (the linters') at that sample.
   */
  window() {
    const w = { treeKiB: 0, childrenKiB: 0 };
    this.windows.add(w);
    this.sample();
    return {
      stop: () => {
        this.sample();
        this.windows.delete(w);
        return { treePeakMiB: w.treeKiB / 1024, childrenAtPeakMiB: w.childrenKiB / 1024 };
      },
    };
  }

  stop() {
    this.paused = false;
    this.sample();
    clearInterval(this.timer);
    return {
      serverPeakMiB: this.serverPeakKiB === null ? null : this.serverPeakKiB / 1024,
      treePeakMiB: this.treePeakKiB === null ? null : this.treePeakKiB / 1024,
      maxChildProcesses: this.maxChildren,
    };
  }
}
