// The machine's processes as /proc shows them, for tests that check what outlives what.

import { readdirSync, readFileSync } from 'node:fs';

export interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmdline: string;
}

/** Every process in /proc (fields of /proc/PID/stat after the command name, which may hold spaces). */
export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Whether a process is alive (a zombie, dead but unreaped by a container's init, is dead). */
export const alive = (pid: number): boolean => processes().some((p) => p.pid === pid && p.state !== 'Z');

/** Polls `f` every 50 ms until it returns a value; throws after `ms`, with what `said` tells. */
export async function poll<T>(what: string, f: () => T | undefined, ms: number, said?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${said ? `; ${said()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
