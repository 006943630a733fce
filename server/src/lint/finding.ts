// One problem reported by an external linter, before it is placed on a precise range.
// A leaf module: the parsers produce it, ranges.ts places it, linter.ts turns it into a Diagnostic.

import type { ComponentStatus } from '../protocol';

export type LintTool = 'ansible-lint' | 'yamllint';

export interface LintFinding {
  tool: LintTool;
  /** As the tool prints it, with the sub-rule: `fqcn[action-core]`, `yaml[trailing-spaces]`, `trailing-spaces`. */
  ruleId: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** 0-based. */
  line: number;
  /** 0-based, when the tool reports a column. */
  column?: number;
  /** Documentation of the rule. */
  url?: string;
  /** Extra text the tool gave (ansible-lint's `content.body`). */
  details?: string;
}

/** `fqcn[action-core]` → `fqcn`. */
export function baseRuleId(ruleId: string): string {
  const i = ruleId.indexOf('[');
  return i < 0 ? ruleId : ruleId.slice(0, i);
}

/** `yaml[trailing-spaces]` → `trailing-spaces`; undefined without a sub-rule. */
export function subRuleId(ruleId: string): string | undefined {
  const m = /\[([^\]]+)\]$/.exec(ruleId);
  return m ? m[1] : undefined;
}

/** The outcome of one run of one tool on one document. */
export interface ToolRun {
  findings: LintFinding[];
  status: ComponentStatus;
  /** A newer run or a shutdown stopped this one; its findings mean nothing. */
  aborted: boolean;
  millis: number;
}
