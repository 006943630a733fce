// What the tests cannot see through the extension API (the rendered workbench) they ask the
// VS Code shim (test/e2e/vscodeShim.mjs) for: a marker line on the console, answered in a file.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

let next = 0;

async function probe<T>(action: string, args: Record<string, unknown> = {}): Promise<T> {
  const dir = process.env.SCRIBE_E2E_PROBE_DIR;
  if (!dir) throw new Error('SCRIBE_E2E_PROBE_DIR is not set: run the suite through npm run test:e2e');
  const id = `${process.pid}-${next++}`;
  console.log(`@@scribe-e2e ${JSON.stringify({ id, action, ...args })}`);
  const file = path.join(dir, `${id}.json`);
  const deadline = Date.now() + 20_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the shim did not answer probe ${action} within 20 s`);
    await sleep(50);
  }
  const answer = JSON.parse(readFileSync(file, 'utf8')) as { ok: boolean; result?: T; error?: string };
  if (!answer.ok) throw new Error(`probe ${action} failed: ${answer.error}`);
  return answer.result as T;
}

/** Saves a PNG of the whole window (test-results/e2e/<name>.png); returns its path. */
export const screenshot = (name: string): Promise<string> => probe('screenshot', { name });
/** The Ansible Scribe status bar item's text as rendered. */
export const statusBarText = (): Promise<string> => probe('statusBar');
/** Presses a key in the page, e.g. 'Escape'. */
export const pressKey = (key: string): Promise<boolean> => probe('press', { key });

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `get` returns a value `ok` accepts; fails with the last value after `ms`. */
export async function waitFor<T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what}; last: ${show(last)}`);
    await sleep(250);
    last = await get();
  }
  return last;
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 500) ?? String(v);
  } catch {
    return String(v);
  }
}
