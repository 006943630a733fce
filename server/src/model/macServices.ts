// Services on macOS hosts: no systemd, no SysV `service`; Homebrew's daemons are started, stopped
// and restarted with `brew services` ("Restart MacOS Telegraf" → `brew services restart telegraf`).

import { mainPart } from './text';

/** The verb `brew services` takes for the description's lead verb. */
const BREW_VERBS: Record<string, string> = { start: 'start', stop: 'stop', restart: 'restart', reload: 'restart' };

/** Words of a description that name the host's system or the kind of thing, not the service. */
const NOT_THE_NAME = new Set(['the', 'service', 'services', 'daemon', 'macos', 'mac', 'os', 'osx', 'darwin']);

/**
 * `brew services restart telegraf` for "Restart MacOS Telegraf", "Start GitLab Runner (If it
 * wasn't running)" → `brew services start gitlab-runner` (Homebrew's formulae are named in lower
 * case, words joined by hyphens); undefined when the description does not start, stop or restart
 * something it names.
 */
export function brewServicesCommand(description: string): string | undefined {
  const said = mainPart(description)
    .replace(/\(.*?\)|\{\{.*?\}\}/g, ' ')
    .replace(/_/g, ' ')
    .split(/\s+(?:if|when|on|for|after|in)\s/i)[0];
  const [verb, ...rest] = said.trim().split(/\s+/);
  const action = BREW_VERBS[verb?.toLowerCase() ?? ''];
  const name = rest.map((w) => w.toLowerCase().replace(/[^\w.@-]/g, '')).filter((w) => w && !NOT_THE_NAME.has(w));
  return action && name.length ? `brew services ${action} ${name.join('-')}` : undefined;
}
