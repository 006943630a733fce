// The worker's narration job: the endpoint's narrative summary on top of a grounded explanation
// (the file is redacted before it is sent); without an endpoint, or when it fails, the grounded
// explanation alone with a note.

import { narrativeSummary, withNarrative, withoutNarrative } from '../explain/narrative';
import type { ExplainResult } from '../protocol';
import { RemoteModel } from '../remote/openaiModel';
import type { ScribeSettings } from '../settings';
import { modelName } from './suggestions';

export async function narrate(
  grounded: string,
  fileText: string,
  settings: ScribeSettings['model'],
  signal?: AbortSignal,
): Promise<ExplainResult> {
  if (settings.provider !== 'openai') return { markdown: grounded };
  const model = modelName(settings);
  try {
    const summary = await narrativeSummary(
      { fileText, grounded },
      { model: new RemoteModel({ settings, signal }), signal },
    );
    return { markdown: withNarrative(grounded, summary, model), summary: { model } };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { markdown: withoutNarrative(grounded, error), summary: { model, error } };
  }
}
