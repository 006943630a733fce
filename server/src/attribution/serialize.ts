// On-disk form of the attribution index: a small JSON header (format, versions, task ids in slot
// order) and the typed arrays as raw little-endian bytes, so loading is a copy, not a rebuild.
//
//   "SCRIBEAI" | u32 header bytes | header JSON | pad to 4 | offsets | features | bands (keys, slots)…

export const FORMAT = 'ansible-scribe-attribution';
/** Bump when normalise.ts, features.ts or minhash.ts change what a task hashes to. */
export const SCHEMA = 2;
const MAGIC = 'SCRIBEAI';

export interface IndexSnapshot {
  ids: string[];
  offsets: Uint32Array;
  features: Uint32Array;
  bands: { keys: Uint32Array; slots: Uint32Array }[];
}

interface Header {
  format: string;
  schema: number;
  bands: number;
  rows: number;
  ids: string[];
  sizes: number[];
}

export function encode(snapshot: IndexSnapshot, bands: number, rows: number): Buffer {
  const arrays = [snapshot.offsets, snapshot.features, ...snapshot.bands.flatMap((b) => [b.keys, b.slots])];
  const header: Header = {
    format: FORMAT,
    schema: SCHEMA,
    bands,
    rows,
    ids: snapshot.ids,
    sizes: arrays.map((a) => a.length),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((MAGIC.length + 4 + json.length) / 4) * 4;
  const total = start + arrays.reduce((n, a) => n + a.byteLength, 0);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  let at = start;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  return out;
}

export function decode(data: Buffer | Uint8Array, bands: number, rows: number): IndexSnapshot {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new Error('attribution index: not an index file');
  }
  const jsonLength = buf.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as Header;
  if (header.format !== FORMAT || header.schema !== SCHEMA || header.bands !== bands || header.rows !== rows) {
    throw new Error(`attribution index: stale format (schema ${header.schema}, want ${SCHEMA}); rebuild it`);
  }
  let at = Math.ceil((MAGIC.length + 4 + jsonLength) / 4) * 4;
  const arrays = header.sizes.map((size) => {
    const bytes = size * 4;
    if (at + bytes > buf.length) throw new Error('attribution index: truncated file');
    // Copy into a fresh, aligned buffer: the input may sit at any byte offset.
    const a = new Uint32Array(size);
    new Uint8Array(a.buffer).set(buf.subarray(at, at + bytes));
    at += bytes;
    return a;
  });
  const [offsets, features, ...bandArrays] = arrays;
  if (offsets.length !== header.ids.length + 1 || bandArrays.length !== 2 * bands) {
    throw new Error('attribution index: inconsistent file');
  }
  return {
    ids: header.ids,
    offsets,
    features,
    bands: Array.from({ length: bands }, (_, b) => ({ keys: bandArrays[2 * b], slots: bandArrays[2 * b + 1] })),
  };
}
