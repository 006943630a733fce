// The documents the bench opens: the realistic fixture, a ~5,000-line playbook generated from
// it, and for each the "probe" version an editor would send while the user types (an empty
// key position in a new task, an empty option line in a copy task).
import { readFileSync } from 'node:fs';

const FIXTURE = new URL('./fixtures/site.yml', import.meta.url);

/** Handlers keep their names in every copy, since `notify:` refers to them (play-scoped). */
const HANDLER_NAMES = new Set(['Restart chrony', 'Validate nginx', 'Reload nginx']);

/** Where a module key would go: a new task whose body is still empty. */
const MODULE_ANCHOR = '    - name: Check the application version file';
/** The copy task whose arguments get an empty option line. */
const COPY_KEY = '      ansible.builtin.copy:';
const CURSOR = '\u2038';
const FQCN_PREFIX = 'ansible.builtin.';
/** A play variable the fixture uses inside `{{ }}`: variable completion is probed there. */
const VARIABLE = 'app_root';

export function realisticPlaybook() {
  return readFileSync(FIXTURE, 'utf8');
}

/**
 * Repeats the plays of the realistic playbook until the text has at least `minLines` lines.
 * Task and play names get a copy number so that every name stays unique, as in a real file.
 */
export function largePlaybook(minLines = 5000) {
  const lines = realisticPlaybook().trimEnd().split('\n');
  const firstPlay = lines.findIndex((l) => l.startsWith('- name: '));
  const header = lines.slice(0, firstPlay);
  const plays = lines.slice(firstPlay);
  const out = [...header];
  for (let copy = 1; out.length < minLines; copy++) {
    for (const line of plays) {
      const m = /^(\s*- name: )([A-Z].*)$/.exec(line);
      out.push(m && !HANDLER_NAMES.has(m[2]) ? `${m[1]}${m[2]} (part ${copy})` : line);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Index of the line matching `test` nearest the middle of `lines` (the one to probe). */
function middleIndex(lines, test, what = test.toString()) {
  const hits = [];
  lines.forEach((l, i) => {
    if (test(l)) hits.push(i);
  });
  if (hits.length === 0) throw new Error(`probe anchor not found: ${what}`);
  return hits[Math.floor((hits.length - 1) / 2)];
}

/** Index of the line starting with `needle` nearest the middle of `lines`. */
function middleOccurrence(lines, needle) {
  return middleIndex(lines, (l) => l.startsWith(needle), JSON.stringify(needle));
}

/**
 * The text after the user started a new task and an empty option line in a copy task, plus the
 * cursor positions for completion and hover. The probed spots are the ones nearest the middle
 * of the file, so a large document is probed in its middle.
 */
export function probeVersion(text) {
  const lines = text.split('\n');
  const copyLine = middleOccurrence(lines, COPY_KEY);
  const anchorLine = middleOccurrence(lines, MODULE_ANCHOR);
  const edited = [];
  lines.forEach((line, i) => {
    if (i === anchorLine) edited.push('    - name: Bench probe task', `      ${CURSOR}`);
    edited.push(line);
    if (i === copyLine) edited.push(`        ${CURSOR}`);
  });
  let probeText = edited.join('\n');
  // Cursor markers, in document order: the copy option line comes first in the fixture.
  const cursors = [];
  for (let at = probeText.indexOf(CURSOR); at >= 0; at = probeText.indexOf(CURSOR)) {
    cursors.push({ offset: at, line: probeText.slice(0, at).split('\n').length - 1 });
    probeText = probeText.slice(0, at) + probeText.slice(at + CURSOR.length);
  }
  const toPosition = (c) => ({ line: c.line, character: c.offset - (probeText.lastIndexOf('\n', c.offset - 1) + 1) });
  const [optionCursor, moduleCursor] = copyLine < anchorLine ? cursors : [...cursors].reverse();
  // A second edit: the user has typed the collection prefix of a module key. This text is not
  // valid YAML (a key without its colon), exactly as in an editor mid-typing.
  const moduleAt = toPosition(moduleCursor);
  const probeLines = probeText.split('\n');
  probeLines[moduleAt.line] = `${probeLines[moduleAt.line]}${FQCN_PREFIX}`;
  // Variable completion inside a `{{ app_root }}` near the middle (a play var of the fixture's
  // application play), on the probe text less its leading comment lines: the peer takes a document
  // for a playbook only when its second line is in a play (isPlaybook() looks at line 1,
  // character 1), and with the fixture's header comment there it completes no variable at all.
  const variableLines = probeText.split('\n');
  const header = variableLines.findIndex((l, i) => i > 0 && !l.startsWith('#'));
  variableLines.splice(1, header - 1);
  const variableLine = middleIndex(variableLines, (l) => l.includes(`{{ ${VARIABLE} }}`));
  const variableAt = variableLines[variableLine].indexOf(`{{ ${VARIABLE} }}`) + 3 + 3;
  return {
    text: probeText,
    playName: /^- name: (.*)$/m.exec(probeText)?.[1] ?? '',
    variableText: variableLines.join('\n'),
    variable: { line: variableLine, character: variableAt },
    variableName: VARIABLE,
    prefixText: probeLines.join('\n'),
    prefix: { line: moduleAt.line, character: moduleAt.character + FQCN_PREFIX.length },
    moduleKey: toPosition(moduleCursor),
    option: toPosition(optionCursor),
    // Inside the word `copy` of `ansible.builtin.copy:`, the line above the empty option line.
    hover: { line: optionCursor.line - 1, character: COPY_KEY.indexOf('copy') + 2 },
  };
}

/**
 * A playbook on one line, as minified JSON (JSON is YAML, and Ansible reads it): plays of copy tasks
 * until the text is `bytes` long, just under the 5 MB document cap (over the 1 MB line cap).
 * Returns the text and the offset of the `copy` in the middle `ansible.builtin.copy` key.
 */
export function singleLinePlaybook(bytes = 5_000_000) {
  const tasks = [];
  let size = 64;
  for (let n = 0; size < bytes; n++) {
    const task = `{"name":"Copy file ${n}","ansible.builtin.copy":{"dest":"/tmp/file-${n}","content":"x","mode":"0644"}}`;
    tasks.push(task);
    size += task.length + 1;
  }
  const text = `[{"name":"One line","hosts":"all","tasks":[${tasks.join(',')}]}]`;
  const middle = text.indexOf('"ansible.builtin.copy"', Math.floor(text.length / 2));
  return { text: `${text}\n`, copyOffset: middle + '"ansible.builtin.'.length };
}

/** Bytes that are not text: a deterministic pseudo-random 64 KiB, NULs included, as an editor decodes them. */
export function binaryText(size = 64 * 1024) {
  const bytes = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes.toString('utf8');
}

/** The realistic playbook saved in Latin-1 (é, ü, ß as single bytes) and read as UTF-8: U+FFFD where they were. */
export function latin1Playbook() {
  const text = realisticPlaybook().replace(/- name: ([A-Z])/g, '- name: Café Größe $1');
  return Buffer.from(text, 'latin1').toString('utf8');
}
