// YAML as Ansible reads it. Ansible loads YAML with PyYAML, which accepts a quoted scalar whose
// continuation lines are not indented past its key:
//
//     he_host_ip: "{{
//     ( hostname_resolution_output.stdout.split() | ipaddr )[0]
//     }}"
//
// The `yaml` package (YAML 1.2, strict about it) reports that as a syntax error, and everything after
// it parses as garbage. Such a text is parsed again with those continuation lines indented one column
// past the key (a quoted scalar folds its lines' leading spaces away, so the value is the same), and
// every offset of the result is mapped back to the text as written.

import { visit, type Document } from 'yaml';

export interface Reindented {
  text: string;
  /** An offset into `text` → the offset into the original text. */
  toOriginal(offset: number): number;
}

/** A key (or list dash) followed by an opening quote, on one line. */
const OPENING = /^( *)((?:- +)*)(?:[^\s#'"][^#]*?:[ \t]+)?(["'])/;

/** Where the quoted scalar that starts (after its quote) at `from` on `line` closes, or -1. */
function closing(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The text with under-indented continuation lines of quoted scalars indented, or undefined when it has none. */
export function reindentQuotedContinuations(text: string): Reindented | undefined {
  const lines = text.split('\n');
  /** [offset in the new text where spaces were inserted, spaces inserted so far including these]. */
  const inserts: [number, number][] = [];
  let inserted = 0;
  let offset = 0;
  let open: { quote: string; column: number } | undefined;
  const out: string[] = [];
  for (let line of lines) {
    if (open) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() !== '' && indent <= open.column) {
        const pad = open.column + 1 - indent;
        inserted += pad;
        inserts.push([offset, inserted]);
        line = ' '.repeat(pad) + line;
      }
      if (closing(line, 0, open.quote) >= 0) open = undefined;
    } else {
      const m = OPENING.exec(line);
      if (m && closing(line, m[0].length, m[3]) < 0) open = { quote: m[3], column: m[1].length + m[2].length };
    }
    out.push(line);
    offset += line.length + 1;
  }
  if (!inserts.length) return undefined;
  return {
    text: out.join('\n'),
    toOriginal(o: number): number {
      // The last insertion at or before o: its spaces and every earlier one are not in the original.
      let lo = 0;
      let hi = inserts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (inserts[mid][0] <= o) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return o;
      const [at, total] = inserts[found];
      const here = total - (found > 0 ? inserts[found - 1][1] : 0);
      // Inside the inserted spaces: the start of the line as written.
      return o < at + here ? at - (total - here) : o - total;
    },
  };
}

/** Maps every node range of a document parsed from `r.text` back to the original text. */
export function mapRangesBack(doc: Document, r: Reindented): void {
  visit(doc, {
    Node(_, node) {
      if (node.range) node.range = node.range.map((o) => r.toOriginal(o)) as [number, number, number];
    },
  });
}
