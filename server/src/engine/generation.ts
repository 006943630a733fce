// The worker's generation jobs: an editable outline for a goal, and a playbook or a role's files
// for a goal and its (edited) outline, every task attributed and judged by the licence policy.

import { outlineFor } from '../generate/outline';
import { generatePlaybook } from '../generate/playbook';
import { remoteOutline } from '../generate/remoteOutline';
import { generateRole } from '../generate/role';
import type { LicencePolicySettings } from '../policy/licencePolicy';
import type { GenerateParams, GenerateResult, OutlineResult } from '../protocol';
import { RemoteModel } from '../remote/openaiModel';
import type { ScribeSettings } from '../settings';
import type { SuggestionResources } from './resources';
import { modelName, pipelineDeps } from './suggestions';

/**
 * From the most similar real roles and playbooks in the corpus, or written by the endpoint (with
 * those as examples) and attributed by similarity.
 */
export async function outline(
  resources: SuggestionResources,
  goal: string,
  settings: ScribeSettings['model'],
  signal?: AbortSignal,
): Promise<OutlineResult> {
  const env = await resources.ready();
  if (settings.provider !== 'openai') return outlineFor(goal, { index: env.index });
  return remoteOutline(goal, { model: new RemoteModel({ settings, signal }), index: env.index, signal });
}

export async function generate(
  resources: SuggestionResources,
  request: GenerateParams,
  settings: { model: ScribeSettings['model']; policy: LicencePolicySettings; databaseEnv?: string },
  signal?: AbortSignal,
): Promise<GenerateResult> {
  const deps = {
    ...(await pipelineDeps(resources, settings.model, signal, true, settings.databaseEnv)),
    policy: settings.policy,
  };
  const generated =
    request.kind === 'role'
      ? await generateRole(request.name, request.goal, request.outline, deps)
      : await generatePlaybook(request.goal, request.outline, deps);
  return {
    yaml: 'yaml' in generated ? generated.yaml : undefined,
    files: 'files' in generated ? generated.files : undefined,
    problems: generated.problems.map((p) => p.message),
    model: modelName(settings.model),
    tasks: generated.tasks.map((t) => ({
      step: t.step,
      fqcn: t.fqcn,
      matches: t.matches,
      policy: t.policy,
      notes: t.notes,
      attributedBy: t.attributedBy,
      text: t.text,
    })),
  };
}
