// Turns the server's `scribe/status` report into what the status bar shows.
// Plain data in, plain data out (no 'vscode' import), so it reads and tests on its own.
import type { ComponentStatus, StatusParams } from '../../server/src/protocol';

export type StatusSeverity = 'ok' | 'busy' | 'warning' | 'error';

export interface StatusSummary {
  severity: StatusSeverity;
  /** Status bar text, with a codicon, e.g. "$(warning) Scribe: ansible-lint missing". */
  text: string;
  /** One line per component, for the tooltip. */
  details: string[];
}

const icons: Record<StatusSeverity, string> = {
  ok: '$(check)',
  busy: '$(sync~spin)',
  warning: '$(warning)',
  error: '$(error)',
};

export function summarize(status: StatusParams): StatusSummary {
  const details = [
    `Module catalog: ${describeCatalog(status.catalog)}`,
    `ansible-lint: ${describe(status.lint)}`,
    `yamllint: ${describe(status.yamllint)}`,
    ...(status.model ? [`Embedded model: ${describe(status.model)}`] : []),
    ...status.settings.map((problem) => `Setting: ${problem}`),
  ];
  const [severity, headline] = headlineOf(status);
  return { severity, text: `${icons[severity]} Scribe${headline ? `: ${headline}` : ''}`, details };
}

/** The single most important thing to say, worst first. */
function headlineOf(status: StatusParams): [StatusSeverity, string] {
  const { catalog, lint, yamllint } = status;
  if (catalog.state === 'error') return ['error', 'module catalog failed'];
  if (lint.state === 'error') return ['error', 'ansible-lint failed'];
  if (catalog.state === 'starting' || catalog.state === 'loading') return ['busy', 'loading modules'];
  if (catalog.state === 'unavailable') return ['warning', 'Ansible not found'];
  if (lint.state === 'unavailable') return ['warning', 'ansible-lint missing'];
  if (yamllint.state === 'unavailable') return ['warning', 'yamllint missing'];
  if (catalog.state === 'degraded' || lint.state === 'degraded') return ['warning', 'degraded'];
  if (status.model?.state === 'error') return ['warning', 'model unavailable'];
  if (status.settings.length > 0) return ['warning', 'check settings'];
  if (lint.state === 'starting' || lint.state === 'loading') return ['busy', 'starting ansible-lint'];
  return ['ok', ''];
}

function describeCatalog(catalog: StatusParams['catalog']): string {
  // The server's message, when there is one, already says how much is loaded.
  if (catalog.message) return `${catalog.state} — ${catalog.message}`;
  const parts: string[] = [catalog.state];
  if (catalog.modules !== undefined) parts.push(`${catalog.modules.toLocaleString('en')} modules`);
  if (catalog.ansibleVersion) parts.push(`Ansible ${catalog.ansibleVersion}`);
  return parts.join(', ');
}

function describe(component: ComponentStatus): string {
  return component.state + (component.message ? ` — ${component.message}` : '');
}

/** The model's status bar item: which model answers and in what state (see summarizeModel). */
export interface ModelSummary {
  severity: StatusSeverity;
  text: string;
  details: string[];
}

/**
 * The model in use and its state, from the server's `model` status (absent until the suggestion
 * worker starts) and whether an inline request is waiting right now. When ready, the server's
 * message names the model (e.g. "embedded model, 24613 training tasks", "granite at http://…/v1").
 */
export function summarizeModel(model: StatusParams['model'], working: boolean): ModelSummary {
  // Other states' messages say what is wrong, not which model.
  const label = (model?.state === 'ready' && model.message?.split(',')[0]?.trim()) || 'Scribe AI';
  const details = [
    model ? `Model: ${describe(model)}` : 'Model: not started yet (it is prepared for the first suggestion)',
  ];
  if (working) return { severity: 'busy', text: `${icons.busy} ${label}: working`, details };
  switch (model?.state) {
    case undefined:
      return { severity: 'ok', text: '$(sparkle) Scribe AI', details };
    case 'ready':
      return { severity: 'ok', text: `$(sparkle) ${label}`, details };
    case 'starting':
    case 'loading':
      return { severity: 'busy', text: `${icons.busy} ${label}: preparing`, details };
    case 'disabled':
      return { severity: 'ok', text: '$(circle-slash) Scribe AI: off', details };
    case 'degraded':
      return { severity: 'warning', text: `${icons.warning} ${label}: ${model.message ?? 'degraded'}`, details };
    case 'unavailable':
    case 'error':
      return { severity: 'error', text: `${icons.error} ${label}: unreachable`, details };
  }
}
