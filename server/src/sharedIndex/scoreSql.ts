// The search's score expression in SQL: the exact score of features.ts. Query parameters: $1 module feature (int4 or null), $2 keys,
// $3 values, $4 name tokens (int4[]); `f` is a task_features row.
//
// Exact: per part, |A∩B| / |A∪B| with |A∪B| = |A| + |B| − |A∩B|; both sets empty → the module
// similarity (features.ts); the name part only when the query has a name. The intersections are
// computed once per row (a LATERAL subquery kept apart by OFFSET 0, else the planner would copy
// the expression into each use), and the weights are added in features.ts's order, so the value
// is bit-identical to the local index's.

const Q = { module: '$1::int4', keys: '$2::int4[]', values: '$3::int4[]', names: '$4::int4[]' };

const sameModule = (f: string) =>
  `(CASE WHEN ${Q.module} IS NOT DISTINCT FROM ${f}.module_feature THEN 1::float8 ELSE 0::float8 END)`;

function weighted(f: string, keys: string, values: string, names: string): string {
  const sm = sameModule(f);
  return `least(1::float8, greatest(0::float8, CASE WHEN cardinality(${Q.names}) = 0
    THEN (0.3::float8 * ${sm} + 0.2::float8 * ${keys} + 0.35::float8 * ${values})
         / (0.3::float8 + 0.2::float8 + 0.35::float8)
    ELSE (0.3::float8 * ${sm} + 0.2::float8 * ${keys} + 0.35::float8 * ${values} + 0.15::float8 * ${names})
         / (0.3::float8 + 0.2::float8 + 0.35::float8 + 0.15::float8) END))`;
}

function jaccard(f: string, q: string, column: string, inter: string): string {
  const a = `cardinality(${q})`;
  const b = `cardinality(${f}.${column})`;
  return `(CASE WHEN ${a} + ${b} = 0 THEN ${sameModule(f)} ELSE ${inter}::float8 / (${a} + ${b} - ${inter})::float8 END)`;
}

/** `CROSS JOIN LATERAL` giving `x.ik`, `x.iv`, `x.inn`: the intersection sizes with row `f`. */
export function intersections(f: string, x: string): string {
  return `CROSS JOIN LATERAL (SELECT #(${Q.keys} & ${f}.key_features) AS ik, #(${Q.values} & ${f}.value_features) AS iv,
    #(${Q.names} & ${f}.name_features) AS inn OFFSET 0) AS ${x}`;
}

/** The exact score of row `f`, given the intersections `x` (see `intersections`). */
export function exactScore(f: string, x: string): string {
  return weighted(
    f,
    jaccard(f, Q.keys, 'key_features', `${x}.ik`),
    jaccard(f, Q.values, 'value_features', `${x}.iv`),
    jaccard(f, Q.names, 'name_features', `${x}.inn`),
  );
}
