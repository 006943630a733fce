// The licence stage, the pipeline's last: the training matches a suggestion carries (what the
// Training Matches view and hover show, what an accepted record keeps) and the licence policy's
// decision on them. It runs once per suggestion, wherever the suggestion is made (the editor's
// worker, `scribe suggest`, generation); callers only present the decision.

import { evaluatePolicy, type LicencePolicySettings, type PolicyDecision } from '../policy/licencePolicy';
import { suggestionSources, type MatchLike } from '../provenance/sources';
import type { AttributionMatch } from '../provenance/types';

/** No licence listed: every suggestion is allowed (the settings' default). */
export const NO_LICENCE_POLICY: LicencePolicySettings = { warnLicenses: [], blockLicenses: [], threshold: 0.8 };

export interface LicenceVerdict {
  matches: AttributionMatch[];
  policy: PolicyDecision;
}

export function licenceStage(
  tasks: readonly { drewOn: readonly MatchLike[]; similar: readonly MatchLike[] }[],
  settings: LicencePolicySettings = NO_LICENCE_POLICY,
): LicenceVerdict {
  const matches = suggestionSources(tasks);
  return { matches, policy: evaluatePolicy(matches, settings) };
}
