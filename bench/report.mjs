// Turns the per-server results into table rows: metric | scribe warm | scribe warm with the model
// loaded | scribe cold | peer | ratio.
// A cell carries its sanity context (item count, diagnostics count) next to the time, and a
// ratio is only given when both sides produced a valid answer.

/** A time, or why there is none ('timeout', 'exited (code 1)', 'error'). */
const fmtMs = (ms) => (typeof ms === 'number' ? `${ms.toFixed(1)} ms` : typeof ms === 'string' ? ms : 'error');

/** Each metric: label, and a function from a server result to {value, text, valid}. */
function metricsFor(docKeys, docLabels, hostileKeys = []) {
  const metrics = [
    {
      label: 'initialize (spawn → response)',
      read: (r) => ({ value: r.initializeMs, text: fmtMs(r.initializeMs), valid: typeof r.initializeMs === 'number' }),
    },
  ];
  for (const key of docKeys) {
    const doc = (r) => r.documents?.[key];
    const label = docLabels[key];
    metrics.push(
      {
        label: `${label}: didOpen → first diagnostics`,
        read: (r) => {
          const d = doc(r)?.diagnosticsFirst;
          if (!d) return null;
          return {
            value: d.ms,
            text: `${fmtMs(d.ms)}${typeof d.ms === 'number' ? ` (${d.count} diags)` : ''}`,
            valid: typeof d.ms === 'number',
          };
        },
      },
      {
        label: `${label}: didOpen → ansible-lint diagnostics`,
        read: (r) => {
          const d = doc(r)?.diagnosticsLint;
          if (!d) return null;
          return {
            value: d.ms,
            text: `${fmtMs(d.ms)}${typeof d.ms === 'number' ? ` (${d.count} lint)` : ''}`,
            valid: typeof d.ms === 'number',
          };
        },
      },
      {
        label: `${label}: didChange → built-in diagnostics, less the typing pause`,
        read: (r) => {
          const d = doc(r)?.diagnosticsAfterEdit;
          if (!d) return null;
          if (typeof d.ms !== 'number') return { value: d.ms, text: fmtMs(d.ms), valid: false };
          const pause = r.typingPauseMs ?? 0;
          const raw = pause ? `, ${fmtMs(d.ms)} with the ${pause} ms pause` : '';
          return { value: d.ms - pause, text: `${fmtMs(d.ms - pause)} (${d.count} diags${raw})`, valid: true };
        },
      },
      ...completionMetrics(doc, `${label}: module-key completion`, 'moduleCompletion'),
      ...completionMetrics(doc, `${label}: copy option completion`, 'optionCompletion'),
      ...completionMetrics(doc, `${label}: completion after 'ansible.builtin.'`, 'prefixCompletion'),
      ...completionMetrics(doc, `${label}: go to definition on ansible.builtin.copy`, 'definition', 'locations'),
      ...completionMetrics(doc, `${label}: document symbols`, 'symbols', 'symbols'),
      ...completionMetrics(
        doc,
        `${label}: variable completion inside {{ app_root }} (header comment removed)`,
        'variableCompletion',
      ),
      ...documentMemoryMetrics(doc, label),
      {
        label: `${label}: hover ansible.builtin.copy`,
        read: (r) => {
          const h = doc(r)?.hover;
          if (!h) return null;
          const ok = typeof h.ms === 'number' && h.chars > 0;
          const ctx = typeof h.ms === 'number' ? ` (${h.chars ?? 0} chars${h.mentionsCopy ? '' : ', no "copy"'})` : '';
          return { value: h.ms, text: `${fmtMs(h.ms)}${ctx}`, valid: ok };
        },
      },
    );
  }
  for (const key of hostileKeys) metrics.push(...hostileMetrics((r) => r.documents?.[key], docLabels[key]));
  metrics.push(
    {
      label: 'peak RSS, server process (VmHWM)',
      read: (r) => mib(r.memory?.serverPeakMiB),
    },
    {
      label: 'peak RSS, server + children (sampled)',
      read: (r) => mib(r.memory?.treePeakMiB),
    },
  );
  return metrics;
}

/** A bench playbook's memory while it was open: the server's peak, the tree's (linters included), idle after opening. */
function documentMemoryMetrics(doc, label) {
  return [
    { label: `${label}: peak RSS while open, server (VmHWM)`, read: (r) => mib(doc(r)?.memory?.serverPeakMiB) },
    {
      label: `${label}: peak RSS while open, server + children (sampled)`,
      read: (r) => {
        const m = doc(r)?.memory;
        const cell = mib(m?.treePeakMiB);
        return cell && { ...cell, text: `${cell.text} (children ${m.childrenAtPeakMiB.toFixed(0)} MiB)` };
      },
    },
    { label: `${label}: RSS idle, 5 s after its diagnostics (server)`, read: (r) => mib(doc(r)?.memory?.idleRssMiB) },
  ];
}

/** A hostile document: first diagnostics (how many), completion and hover when probed, peak RSS while open. */
function hostileMetrics(doc, label) {
  return [
    {
      label: `${label}: didOpen → first diagnostics`,
      read: (r) => {
        const d = doc(r)?.diagnosticsFirst;
        if (!d) return null;
        const ok = typeof d.ms === 'number';
        return { value: d.ms, text: `${fmtMs(d.ms)}${ok ? ` (${d.count} diags)` : ''}`, valid: ok };
      },
    },
    {
      label: `${label}: completion, first`,
      read: (r) => {
        const c = doc(r)?.completion;
        if (!c) return null;
        const ok = typeof c.firstMs === 'number';
        return { value: c.firstMs, text: `${fmtMs(c.firstMs)}${ok ? ` (${c.items ?? 0} items)` : ''}`, valid: ok };
      },
    },
    {
      label: `${label}: hover`,
      read: (r) => {
        const h = doc(r)?.hover;
        if (!h) return null;
        const ok = typeof h.ms === 'number';
        return { value: h.ms, text: `${fmtMs(h.ms)}${ok ? ` (${h.chars ?? 0} chars)` : ''}`, valid: ok };
      },
    },
    {
      label: `${label}: peak RSS while open (server)`,
      read: (r) => mib(doc(r)?.peakRssMiB),
    },
  ];
}

function mib(v) {
  return typeof v === 'number' ? { value: v, text: `${v.toFixed(0)} MiB`, valid: true } : null;
}

function completionMetrics(doc, label, field, things = 'items') {
  return [
    {
      label: `${label}, first`,
      read: (r) => {
        const c = doc(r)?.[field];
        if (!c) return null;
        const ctx =
          typeof c.firstMs === 'number'
            ? ` (${c.items} ${things}, ${c.kib} KiB${c.hasExpected ? '' : `, no ${c.expected}`})`
            : '';
        return {
          value: c.firstMs,
          text: `${fmtMs(c.firstMs)}${ctx}`,
          valid: typeof c.firstMs === 'number' && c.items > 0,
        };
      },
    },
    {
      label: `${label}, repeats: median / p95`,
      read: (r) => {
        const c = doc(r)?.[field];
        if (!c) return null;
        const p95 = typeof c.p95Ms === 'number' ? ` / ${fmtMs(c.p95Ms)}` : '';
        return {
          value: c.medianMs,
          text: `${fmtMs(c.medianMs)}${typeof c.medianMs === 'number' ? p95 : ''}`,
          valid: typeof c.medianMs === 'number' && c.items > 0,
        };
      },
    },
  ];
}

/** `runs` = {scribeWarm, scribeModel, scribeCold, peer}, each a result, or a string such as 'not built'. */
export function buildTable(runs, docKeys, docLabels, hostileKeys = []) {
  const cell = (run, metric) => {
    if (typeof run === 'string') return { text: run, valid: false };
    if (!run) return { text: '—', valid: false };
    // A server that never got through initialize: every row says why.
    if (run.error && !run.documents) return { text: run.failure ?? 'error', valid: false };
    return metric.read(run) ?? { text: '—', valid: false };
  };
  const header = [
    'metric',
    'scribe (warm)',
    'scribe (warm, model loaded)',
    'scribe (cold)',
    'peer',
    'ratio peer/scribe(warm)',
  ];
  const measured = (run, metric) => run && typeof run === 'object' && run.documents && metric.read(run);
  // A row no server measured (`--rows navigation` leaves most out) is not printed.
  const metrics = metricsFor(docKeys, docLabels, hostileKeys).filter(
    (metric) =>
      !Object.values(runs).some((run) => run && typeof run === 'object' && run.documents) ||
      Object.values(runs).some((run) => measured(run, metric)),
  );
  const rows = metrics.map((metric) => {
    const warm = cell(runs.scribeWarm, metric);
    const model = cell(runs.scribeModel, metric);
    const cold = cell(runs.scribeCold, metric);
    const peer = cell(runs.peer, metric);
    const ratio =
      warm.valid && peer.valid && typeof warm.value === 'number' && typeof peer.value === 'number' && warm.value > 0
        ? formatRatio(peer.value / warm.value)
        : 'n/a';
    return [metric.label, warm.text, model.text, cold.text, peer.text, ratio];
  });
  return { header, rows };
}

function formatRatio(ratio) {
  return `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

export function formatTable({ header, rows }) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
