// Licence policy: does a suggestion closely match training content under a licence the user
// excludes? Settings list SPDX ids or families (`GPL-*`, `*-only`, `NOASSERTION`) to warn about or
// to block; only matches scoring at or above the threshold count, and block beats warn.
//
// Licences may be SPDX expressions (SPDX spec 2.3, Annex D). How an expression meets a list:
// - `A AND B`: the content is under both, so it is excluded when ANY part is excluded;
// - `A OR B`: the user may pick either, so it is excluded only when EVERY alternative is;
// - `A WITH exception`: judged as A (an exception adds permissions, it does not change the family),
//   or as the whole `A WITH exception` text when a pattern names it;
// - AND binds tighter than OR; parentheses group. Operators are read in any case.
// - An expression that does not parse is judged conservatively: excluded when any id in it is.
// NOASSERTION (licence unknown) is an id like any other: only a pattern naming it (or `*`)
// matches it; a family such as `GPL-*` does not.

import type { PolicyDecision } from '../protocol';

export type { PolicyDecision } from '../protocol';
export type PolicyAction = PolicyDecision['action'];

/** A training match as the policy sees it; the location fields only make the reason readable. */
export interface PolicyMatch {
  license: string;
  score: number;
  collection?: string;
  version?: string;
  path?: string;
}

export interface LicencePolicySettings {
  warnLicenses: readonly string[];
  blockLicenses: readonly string[];
  threshold: number;
}

/** One licence pattern: an SPDX id, or a glob where `*` stands for any run of characters. */
function patternMatcher(pattern: string): (id: string) => boolean {
  const p = pattern.trim().toLowerCase();
  if (!p.includes('*')) return (id) => id.toLowerCase() === p;
  const re = new RegExp(
    '^' +
      p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return (id) => re.test(id.toLowerCase());
}

type Expr = { kind: 'id'; id: string; exception?: string } | { kind: 'and' | 'or'; parts: Expr[] };

/** Parses an SPDX licence expression; undefined when it is not one. */
export function parseLicenceExpression(text: string): Expr | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const peekOp = () => tokens[i]?.toUpperCase();
  const primary = (): Expr | undefined => {
    const t = tokens[i++];
    if (t === undefined || t === ')') return undefined;
    if (t === '(') {
      const e = orExpr();
      return tokens[i++] === ')' ? e : undefined;
    }
    if (['AND', 'OR', 'WITH'].includes(t.toUpperCase())) return undefined;
    if (peekOp() === 'WITH') {
      i++;
      const exc = tokens[i++];
      if (exc === undefined || exc === '(' || exc === ')') return undefined;
      return { kind: 'id', id: t, exception: exc };
    }
    return { kind: 'id', id: t };
  };
  const chain = (kind: 'and' | 'or', next: () => Expr | undefined) => (): Expr | undefined => {
    const first = next();
    if (!first) return undefined;
    const parts = [first];
    while (peekOp() === kind.toUpperCase()) {
      i++;
      const e = next();
      if (!e) return undefined;
      parts.push(e);
    }
    return parts.length === 1 ? first : { kind, parts };
  };
  const andExpr = chain('and', primary);
  const orExpr = chain('or', andExpr);
  const e = orExpr();
  return e && i === tokens.length ? e : undefined;
}

/** Whether a licence (an id or an SPDX expression) falls under any of the patterns. */
export function licenceMatches(licence: string, patterns: readonly string[]): boolean {
  const matchers = patterns.filter((p) => p.trim() !== '').map(patternMatcher);
  if (matchers.length === 0) return false;
  const named = (id: string) => matchers.some((m) => m(id));
  const text = licence.trim() || 'NOASSERTION';
  const expr = parseLicenceExpression(text);
  if (!expr) return (text.match(/[^\s()]+/g) ?? []).some(named);
  const judge = (e: Expr): boolean => {
    switch (e.kind) {
      case 'id':
        return named(e.id) || (e.exception !== undefined && named(`${e.id} WITH ${e.exception}`));
      case 'and':
        return e.parts.some(judge);
      case 'or':
        return e.parts.every(judge);
    }
  };
  return judge(expr);
}

function describe(m: PolicyMatch): string {
  const where = [m.collection && (m.version ? `${m.collection}@${m.version}` : m.collection), m.path]
    .filter(Boolean)
    .join(' ');
  return `closely matches (${m.score.toFixed(2)}) ${where || 'training content'} under ${m.license || 'NOASSERTION'}`;
}

function reasonFor(hits: PolicyMatch[], setting: string): string {
  const [best] = hits;
  const more = hits.length > 1 ? ` (and ${hits.length - 1} more close match${hits.length > 2 ? 'es' : ''})` : '';
  return `${describe(best)}, which scribe.attribution.${setting} excludes${more}`;
}

/** The policy's decision for a suggestion's training matches. */
export function evaluatePolicy(matches: readonly PolicyMatch[], settings: LicencePolicySettings): PolicyDecision {
  const close = matches.filter((m) => m.score >= settings.threshold).sort((a, b) => b.score - a.score);
  const blocked = close.filter((m) => licenceMatches(m.license, settings.blockLicenses));
  if (blocked.length) return { action: 'block', reason: reasonFor(blocked, 'blockLicenses') };
  const warned = close.filter((m) => licenceMatches(m.license, settings.warnLicenses));
  if (warned.length) return { action: 'warn', reason: reasonFor(warned, 'warnLicenses') };
  return { action: 'allow' };
}
