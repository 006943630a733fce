// Decides from a YAML file's first lines whether it is Ansible content.
// Plain text in, boolean out (no 'vscode' import).

/** How far we look: a playbook's first play starts near the top, and this runs on every YAML open. */
export const SNIFF_LINES = 100;
const MODELINE_LINES = 5;

// `# code: language=ansible` (VS Code's convention) or `# vim: ft=ansible` / `# vim: set filetype=ansible:`.
const modeline = /^\s*#.*\b(?:code:\s*language\s*=\s*ansible|vim?:.*\b(?:ft|filetype)\s*=\s*ansible)\b/;
// Keys only a play (or a playbook import) has at its top level.
const playKey = /^(?:hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:(?:\s|$)/;

export function isAnsibleContent(lines: readonly string[]): boolean {
  if (lines.slice(0, MODELINE_LINES).some((line) => modeline.test(line))) return true;
  return firstItemIsPlay(lines.slice(0, SNIFF_LINES));
}

/** A playbook is a top-level list whose first item has `hosts:` or `import_playbook:`. */
function firstItemIsPlay(lines: readonly string[]): boolean {
  const start = lines.findIndex((line) => !isSkippable(line));
  const first = lines[start];
  const item = first === undefined ? null : /^-(\s+)(.*)$/.exec(first);
  if (!item) return false;
  // Keys of the first item sit at the column of the text after "- ".
  const column = 1 + item[1].length;
  if (playKey.test(item[2])) return true;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('-')) return false; // the second item begins
    if (isSkippable(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === column && playKey.test(line.slice(column))) return true;
  }
  return false;
}

function isSkippable(line: string): boolean {
  const text = line.trim();
  return text === '' || text.startsWith('#') || text === '---' || text.startsWith('%');
}
