// The typed `scribe` settings section, pulled per document through workspace/configuration.
// Raw values come from the user and are checked here once; every problem becomes one line
// of status text and the default is used instead.

export interface ScribeSettings {
  ansible: {
    /** Folder or executable prefix for ansible-doc / ansible-galaxy; '' = from PATH. */
    path: string;
  };
  lint: {
    enabled: boolean;
    /** ansible-lint executable. */
    path: string;
    arguments: string[];
    timeoutMs: number;
  };
  yamllint: {
    enabled: boolean;
    path: string;
    arguments: string[];
  };
  model: {
    /**
     * Prepare the embedded model when the server starts (build the training corpus from the
     * installed collections when it is missing or stale, then load it): the first suggestion is
     * then instant. Off: prepared on the first suggestion.
     */
    prepareOnStartup: boolean;
  };
  validation: {
    /** Built-in as-you-type diagnostics. */
    enabled: boolean;
    /** Hint when a builtin module is written by its short name. */
    fqcn: boolean;
    delayMs: number;
  };
}

export const defaultSettings: ScribeSettings = {
  ansible: { path: '' },
  lint: { enabled: true, path: 'ansible-lint', arguments: [], timeoutMs: 60_000 },
  yamllint: { enabled: false, path: 'yamllint', arguments: [] },
  model: { prepareOnStartup: true },
  validation: { enabled: true, fqcn: true, delayMs: 200 },
};

export interface SettingsResult {
  settings: ScribeSettings;
  problems: string[];
}

type Check<T> = (v: unknown) => v is T;
const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isString: Check<string> = (v): v is string => typeof v === 'string';
const isStringList: Check<string[]> = (v): v is string[] => Array.isArray(v) && v.every(isString);
const isPositiveInt: Check<number> = (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Builds typed settings from whatever the client sent; never throws. */
export function readSettings(raw: unknown): SettingsResult {
  const problems: string[] = [];
  const root = isRecord(raw) ? raw : {};
  const pick = <T>(section: string, key: string, check: Check<T>, fallback: T, expected: string): T => {
    const sec = root[section];
    const v = isRecord(sec) ? sec[key] : undefined;
    if (v === undefined || v === null) return fallback;
    if (check(v)) return v;
    problems.push(
      `scribe.${section}.${key}: expected ${expected}, got ${JSON.stringify(v)}; using ${JSON.stringify(fallback)}`,
    );
    return fallback;
  };
  const d = defaultSettings;
  const settings: ScribeSettings = {
    ansible: { path: pick('ansible', 'path', isString, d.ansible.path, 'a path') },
    lint: {
      enabled: pick('lint', 'enabled', isBool, d.lint.enabled, 'true or false'),
      path: pick('lint', 'path', isString, d.lint.path, 'a path') || d.lint.path,
      arguments: pick('lint', 'arguments', isStringList, d.lint.arguments, 'a list of strings'),
      timeoutMs: pick('lint', 'timeoutMs', isPositiveInt, d.lint.timeoutMs, 'a positive integer'),
    },
    yamllint: {
      enabled: pick('yamllint', 'enabled', isBool, d.yamllint.enabled, 'true or false'),
      path: pick('yamllint', 'path', isString, d.yamllint.path, 'a path') || d.yamllint.path,
      arguments: pick('yamllint', 'arguments', isStringList, d.yamllint.arguments, 'a list of strings'),
    },
    model: {
      prepareOnStartup: pick('model', 'prepareOnStartup', isBool, d.model.prepareOnStartup, 'true or false'),
    },
    validation: {
      enabled: pick('validation', 'enabled', isBool, d.validation.enabled, 'true or false'),
      fqcn: pick('validation', 'fqcn', isBool, d.validation.fqcn, 'true or false'),
      delayMs: pick('validation', 'delayMs', isPositiveInt, d.validation.delayMs, 'a positive integer'),
    },
  };
  return { settings, problems };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
