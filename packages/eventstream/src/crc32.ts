// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as used by the
// application/vnd.amazon.eventstream framing for both the prelude and the
// whole-message checksum.
//
// Node >= 20.15 ships a native zlib.crc32, which is an order of magnitude
// faster than any JavaScript loop, so we use it when present and only fall
// back to a table-driven implementation on runtimes without it. node:zlib is
// loaded on the first checksum, not at import: a program that never reads an
// event stream (or only imports a service package) does not pay for it.

let table: Uint32Array | undefined;
function buildTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** Portable implementation; exported so tests can check it against the native one. */
export function crc32Portable(data: Uint8Array, previous = 0): number {
  const t = (table ??= buildTable());
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
/** undefined until first needed; null when this Node has no zlib.crc32 */
let native: NativeCrc32 | null | undefined;

function loadNative(): NativeCrc32 | null {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const zlib = getBuiltin?.("node:zlib") as { crc32?: NativeCrc32 } | undefined;
  return (native = typeof zlib?.crc32 === "function" ? zlib.crc32 : null);
}

/**
 * CRC-32 of `data` as an unsigned 32-bit number. Pass the result of a previous
 * call as `previous` to continue a running checksum over several slices.
 * Tiny inputs (the 8-byte prelude) stay in JS: below ~32 bytes the native
 * call's fixed overhead costs more than the table loop.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  if (data.length >= 32) {
    const n = native === undefined ? loadNative() : native;
    if (n !== null) return n(data, previous) >>> 0;
  }
  return crc32Portable(data, previous);
}

/**
 * Continues a running CRC-32 (`previous`, as returned by crc32) over data[start, end), in JS and
 * without a view: for a few bytes (the prelude, a stored checksum) where a native call or a
 * subarray costs more than the loop.
 */
export function crc32Update(previous: number, data: Uint8Array, start: number, end: number): number {
  const t = (table ??= buildTable());
  let crc = ~previous >>> 0;
  for (let i = start; i < end; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
