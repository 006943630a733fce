// Handlers for the names generated tasks `notify:`. Generated tasks notify what their training
// examples notified ("restart nginx", "Reload systemd"); each becomes a service handler, the
// common case in roles, with the service named in the handler name or used by the tasks.

import { taskMaps, yamlString, type GeneratedTask } from './tasks';

export interface HandlerSpec {
  name: string;
  /** The handler task body at indent 0 (module and options). */
  body: string;
}

export function notifiedNames(tasks: readonly GeneratedTask[]): string[] {
  const names = new Set<string>();
  for (const m of taskMaps(tasks)) {
    const n = m.notify;
    for (const x of Array.isArray(n) ? n : n === undefined ? [] : [n]) if (typeof x === 'string') names.add(x);
  }
  return [...names];
}

/** One handler per notified name: restart/reload a service (systemd daemon-reload for "systemd"). */
export function handlersFor(tasks: readonly GeneratedTask[]): HandlerSpec[] {
  const services = taskMaps(tasks).flatMap((m) => {
    const args = (m['ansible.builtin.service'] ??
      m['ansible.builtin.systemd'] ??
      m['ansible.builtin.systemd_service']) as Record<string, unknown> | undefined;
    return args && typeof args.name === 'string' ? [args.name] : [];
  });
  return notifiedNames(tasks).map((name) => {
    const reload = /\breload/i.test(name);
    const words = name
      .replace(/\{\{.*?\}\}/g, '')
      .replace(/\b(restart|restarted|reload|reloaded|the|service|handler)\b/gi, ' ')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (/^systemd$/i.test(words.join(' ')))
      return { name, body: 'ansible.builtin.systemd_service:\n  daemon_reload: true\n' };
    const service =
      words.length === 1 ? words[0].toLowerCase() : (services[0] ?? (words.join('-').toLowerCase() || 'CHANGE_ME'));
    return {
      name,
      body: `ansible.builtin.service:\n  name: ${yamlString(service)}\n  state: ${reload ? 'reloaded' : 'restarted'}\n`,
    };
  });
}

/** Handler tasks as list items at `listIndent`, their bodies indented by `unit` more. */
export function handlersYaml(handlers: readonly HandlerSpec[], listIndent: number, unit = 2): string {
  const pad = ' '.repeat(listIndent);
  const inner = ' '.repeat(listIndent + unit);
  return handlers
    .map(
      (h) =>
        `${pad}- name: ${yamlString(h.name)}\n${h.body
          .trimEnd()
          .split('\n')
          .map((l) => inner + l)
          .join('\n')}\n`,
    )
    .join('');
}
