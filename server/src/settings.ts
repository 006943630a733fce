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
    /** 'embedded' (offline, default) or 'openai' (any OpenAI-compatible endpoint). */
    provider: 'embedded' | 'openai';
    /** Base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 (Ollama). */
    endpoint: string;
    /** Model name sent to the endpoint. */
    name: string;
    /** Name of the environment variable holding the API key ('' = no key). Never the key itself. */
    apiKeyEnv: string;
    /** 'completions' (/v1/completions) or 'chat' (/v1/chat/completions). */
    api: 'completions' | 'chat';
    timeoutMs: number;
    /**
     * Tasks of other files of the workspace (the attribution index holds them) may go into the
     * endpoint's prompts as few-shot examples. Off: only the open file and the training corpus.
     */
    workspaceExamples: boolean;
  };
  attribution: {
    /** Licences (SPDX ids or families such as `GPL-*`) whose close matches are flagged. */
    warnLicenses: string[];
    /** Licences whose close matches withhold the suggestion. */
    blockLicenses: string[];
    /** A match counts as close from this similarity score (0–1). */
    threshold: number;
    /**
     * Name of the environment variable holding the shared attribution index's PostgreSQL URL
     * (`scribe index push`); '' = the local index only. Never the URL or password itself.
     */
    databaseEnv: string;
  };
  learning: {
    /** Accepted and rejected suggestions re-rank the embedded model for this workspace (kept locally). */
    enabled: boolean;
  };
  inline: {
    enabled: boolean;
    /** Typing pause before an automatic inline suggestion is computed. */
    debounceMs: number;
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
  model: {
    prepareOnStartup: true,
    provider: 'embedded',
    endpoint: '',
    name: '',
    apiKeyEnv: '',
    api: 'completions',
    timeoutMs: 30_000,
    workspaceExamples: false,
  },
  attribution: { warnLicenses: [], blockLicenses: [], threshold: 0.8, databaseEnv: '' },
  learning: { enabled: true },
  inline: { enabled: true, debounceMs: 150 },
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
const isNonNegativeInt: Check<number> = (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isScore: Check<number> = (v): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const oneOf =
  <T extends string>(...values: T[]): Check<T> =>
  (v): v is T =>
    typeof v === 'string' && (values as string[]).includes(v);
/** An environment variable's name (POSIX: letters, digits, underscores, not starting with a digit), or ''. */
const isVariableNameOrEmpty: Check<string> = (v): v is string =>
  typeof v === 'string' && (v === '' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(v));
const isUrlOrEmpty: Check<string> = (v): v is string => {
  if (typeof v !== 'string') return false;
  if (v === '') return true;
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

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
      provider: pick('model', 'provider', oneOf('embedded', 'openai'), d.model.provider, "'embedded' or 'openai'"),
      endpoint: pick('model', 'endpoint', isUrlOrEmpty, d.model.endpoint, 'an http(s) URL'),
      name: pick('model', 'name', isString, d.model.name, 'a model name'),
      apiKeyEnv: pick('model', 'apiKeyEnv', isString, d.model.apiKeyEnv, 'an environment variable name'),
      api: pick('model', 'api', oneOf('completions', 'chat'), d.model.api, "'completions' or 'chat'"),
      timeoutMs: pick('model', 'timeoutMs', isPositiveInt, d.model.timeoutMs, 'a positive integer'),
      workspaceExamples: pick('model', 'workspaceExamples', isBool, d.model.workspaceExamples, 'true or false'),
    },
    attribution: {
      warnLicenses: pick('attribution', 'warnLicenses', isStringList, d.attribution.warnLicenses, 'a list of SPDX ids'),
      blockLicenses: pick(
        'attribution',
        'blockLicenses',
        isStringList,
        d.attribution.blockLicenses,
        'a list of SPDX ids',
      ),
      threshold: pick('attribution', 'threshold', isScore, d.attribution.threshold, 'a number from 0 to 1'),
      databaseEnv: databaseEnvSetting(root.attribution, problems),
    },
    learning: { enabled: pick('learning', 'enabled', isBool, d.learning.enabled, 'true or false') },
    inline: {
      enabled: pick('inline', 'enabled', isBool, d.inline.enabled, 'true or false'),
      debounceMs: pick('inline', 'debounceMs', isNonNegativeInt, d.inline.debounceMs, 'a whole number of milliseconds'),
    },
    validation: {
      enabled: pick('validation', 'enabled', isBool, d.validation.enabled, 'true or false'),
      fqcn: pick('validation', 'fqcn', isBool, d.validation.fqcn, 'true or false'),
      delayMs: pick('validation', 'delayMs', isPositiveInt, d.validation.delayMs, 'a positive integer'),
    },
  };
  if (settings.model.provider === 'openai' && !settings.model.endpoint) {
    problems.push("scribe.model.provider is 'openai' but scribe.model.endpoint is empty; using the embedded model");
    settings.model.provider = 'embedded';
  }
  return { settings, problems };
}

/**
 * `scribe.attribution.databaseEnv`, checked like the others except that a wrong value is not
 * repeated in the problem: it may be the URL itself, password included.
 */
function databaseEnvSetting(section: unknown, problems: string[]): string {
  const v = isRecord(section) ? section.databaseEnv : undefined;
  if (v === undefined || v === null) return defaultSettings.attribution.databaseEnv;
  if (isVariableNameOrEmpty(v)) return v;
  problems.push(
    'scribe.attribution.databaseEnv: expected the name of an environment variable holding the PostgreSQL URL (e.g. SCRIBE_DATABASE_URL), not the URL itself; the local attribution index is used',
  );
  return defaultSettings.attribution.databaseEnv;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
