// A synthetic corpus of any size from real tasks: perturbed copies (a changed value, sometimes a
// dropped or an extra option, a name word), deterministic so runs compare. Used by
// bench/attribution.mjs and bench/attributionScale.mjs.

// Deterministic PRNG (mulberry32) so runs compare.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['app', 'web', 'db', 'cache', 'backup', 'prod', 'staging', 'node', 'api', 'worker', 'edge', 'logs'];

/** One perturbed copy of `t`: a changed value, sometimes a dropped or an extra option, a name word. */
export function perturb(t, i, rand) {
  const args = { ...t.args };
  const keys = Object.keys(args);
  const word = WORDS[Math.floor(rand() * WORDS.length)];
  if (keys.length > 0) {
    const k = keys[Math.floor(rand() * keys.length)];
    const v = args[k];
    args[k] =
      typeof v === 'string' ? `${v}-${word}${i % 997}` : typeof v === 'number' ? v + (i % 97) : `${word}${i % 991}`;
    if (keys.length > 2 && rand() < 0.3) delete args[keys[Math.floor(rand() * keys.length)]];
  }
  if (rand() < 0.3) args[`${word}_opt`] = `${word}${i % 89}`;
  const name = t.name ? `${t.name} ${word}` : '';
  return { ...t, id: `${t.id}~${i}`, name, args };
}

export function synthetic(base, n) {
  const rand = rng(42);
  const out = base.slice(0, Math.min(n, base.length));
  for (let i = out.length; i < n; i++) out.push(perturb(base[i % base.length], i, rand));
  return out;
}
