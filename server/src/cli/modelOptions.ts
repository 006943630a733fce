// `--endpoint URL --model NAME [--api completions|chat] [--api-key-env VAR]`: the CLI's way to use
// an OpenAI-compatible endpoint instead of the embedded model, checked like the editor's
// `scribe.model.*` settings (same rules, same messages).

import { readSettings, type ScribeSettings } from '../settings';
import { UsageError } from './usage';

export const modelOptions = {
  endpoint: { type: 'string' },
  model: { type: 'string' },
  api: { type: 'string' },
  'api-key-env': { type: 'string' },
} as const;

/** What `[ENDPOINT]` stands for in the usage of the commands that take one. */
export const endpointUsage = `--endpoint URL --model NAME [--api completions|chat] [--api-key-env VAR]
      An OpenAI-compatible endpoint instead of the embedded model (prompts redacted first).`;

interface ModelFlags {
  endpoint?: string;
  model?: string;
  api?: string;
  'api-key-env'?: string;
}

/** The endpoint's model settings; undefined without `--endpoint` (the embedded model). */
export function endpointSettings(command: string, flags: ModelFlags): ScribeSettings['model'] | undefined {
  const { endpoint, model: name, api } = flags;
  if (endpoint === undefined) {
    if (name !== undefined || api !== undefined || flags['api-key-env'] !== undefined)
      throw new UsageError(`${command}: --model, --api and --api-key-env need --endpoint URL`);
    return undefined;
  }
  if (!name) throw new UsageError(`${command}: --endpoint needs --model NAME (the model the endpoint serves)`);
  const { settings, problems } = readSettings({
    model: {
      provider: 'openai',
      endpoint,
      name,
      ...(api !== undefined && { api }),
      apiKeyEnv: flags['api-key-env'] ?? '',
    },
  });
  if (problems.length) throw new UsageError(`${command}: ${problems[0]}`);
  return settings.model;
}
