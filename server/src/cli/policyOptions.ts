// `--warn-licenses LIST --block-licenses LIST [--threshold N]`: the licence policy of the CLI's
// suggestions, checked like the editor's `scribe.attribution.*` settings (same rules, same messages).
// The policy is the pipeline's last stage (suggest/licence.ts); the commands only present it.

import type { LicencePolicySettings, PolicyDecision } from '../policy/licencePolicy';
import { readSettings } from '../settings';
import { UsageError } from './usage';

export const policyOptions = {
  'warn-licenses': { type: 'string' },
  'block-licenses': { type: 'string' },
  threshold: { type: 'string' },
} as const;

export const policyUsage = `--warn-licenses LIST --block-licenses LIST [--threshold N]
      Licences (comma-separated SPDX ids or families such as GPL-*) whose close training matches
      flag a suggestion, or withhold it; close means a score from N (default 0.8).`;

interface PolicyFlags {
  'warn-licenses'?: string;
  'block-licenses'?: string;
  threshold?: string;
}

export function policySettings(command: string, flags: PolicyFlags): LicencePolicySettings {
  const list = (v: string | undefined) =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
  const { settings, problems } = readSettings({
    attribution: {
      ...(flags['warn-licenses'] !== undefined && { warnLicenses: list(flags['warn-licenses']) }),
      ...(flags['block-licenses'] !== undefined && { blockLicenses: list(flags['block-licenses']) }),
      ...(threshold !== undefined && { threshold }),
    },
  });
  if (problems.length) throw new UsageError(`${command}: ${problems[0]}`);
  return settings.attribution;
}

/** The policy's decision as one line for people, or undefined when it allows. */
export function policyLine(policy: PolicyDecision): string | undefined {
  if (policy.action === 'allow') return undefined;
  return `${policy.action === 'block' ? 'withheld by the licence policy' : 'licence warning'}: ${policy.reason ?? ''}`;
}
