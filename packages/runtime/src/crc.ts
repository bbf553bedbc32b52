/**
 * CRC-32C (Castagnoli) and CRC-64/NVME, table-driven, incremental. CRC-32 itself is `zlib.crc32`.
 *
 * Both are reflected CRCs with all-ones init and final XOR (Rocksoft parameters; check values for
 * "123456789" in the CRC catalogue: CRC-32C 0xE3069283, CRC-64/NVME 0xAE8B14860A799888):
 * - CRC-32C: reflected polynomial 0x82F63B78
 * - CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, computed on two 32-bit halves (no BigInt per
 *   byte), slicing-by-8 for speed.
 *
 * A small implementation instead of `@aws-crypto/crc32c` / `@aws-sdk/crc64-nvme`: the same table
 * method in ~80 lines, without their dependency trees (tslib, @aws-sdk/types, @aws-crypto/util).
 */

function crc32cTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 8; s++) {
    const prev = tables[s - 1];
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    tables.push(t);
  }
  return tables;
}

let C32C: Uint32Array[] | undefined;

/** Continues a CRC-32C: `crc` is the previous result (0 to start). */
export function crc32c(data: Uint8Array, crc = 0): number {
  const T = (C32C ??= crc32cTables());
  const [t0, t1, t2, t3, t4, t5, t6, t7] = T;
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    const a = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    c =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[data[i + 4]] ^
      t2[data[i + 5]] ^
      t1[data[i + 6]] ^
      t0[data[i + 7]];
  }
  for (; i < n; i++) c = (c >>> 8) ^ t0[(c ^ data[i]) & 0xff];
  return ~c >>> 0;
}

// CRC-64/NVME tables: 8 slices, each entry as (hi, lo) 32-bit halves
let C64: { hi: Uint32Array[]; lo: Uint32Array[] } | undefined;

function crc64Tables(): { hi: Uint32Array[]; lo: Uint32Array[] } {
  const POLY_HI = 0x9a6c9329;
  const POLY_LO = 0xac4bc9b5;
  const hi0 = new Uint32Array(256);
  const lo0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const bit = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (bit) {
        h = (h ^ POLY_HI) >>> 0;
        l = (l ^ POLY_LO) >>> 0;
      }
    }
    hi0[n] = h;
    lo0[n] = l;
  }
  const hi = [hi0];
  const lo = [lo0];
  for (let s = 1; s < 8; s++) {
    const ph = hi[s - 1];
    const pl = lo[s - 1];
    const th = new Uint32Array(256);
    const tl = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      // (prev >> 8) ^ T0[prev & 0xff]
      const idx = pl[n] & 0xff;
      th[n] = (ph[n] >>> 8) ^ hi0[idx];
      tl[n] = ((pl[n] >>> 8) | (ph[n] << 24)) ^ lo0[idx];
    }
    hi.push(th);
    lo.push(tl);
  }
  return { hi, lo };
}

/** An incremental CRC-64/NVME; `digest()` gives the 8 bytes big-endian. */
export class Crc64Nvme {
  #hi = 0xffffffff;
  #lo = 0xffffffff;

  update(data: Uint8Array): void {
    const { hi: H, lo: L } = (C64 ??= crc64Tables());
    let h = this.#hi;
    let l = this.#lo;
    let i = 0;
    const n = data.length;
    for (; i + 8 <= n; i += 8) {
      const a = (l ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
      const b = (h ^ (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24))) >>> 0;
      const i7 = a & 0xff, i6 = (a >>> 8) & 0xff, i5 = (a >>> 16) & 0xff, i4 = a >>> 24;
      const i3 = b & 0xff, i2 = (b >>> 8) & 0xff, i1 = (b >>> 16) & 0xff, i0 = b >>> 24;
      h = H[7][i7] ^ H[6][i6] ^ H[5][i5] ^ H[4][i4] ^ H[3][i3] ^ H[2][i2] ^ H[1][i1] ^ H[0][i0];
      l = L[7][i7] ^ L[6][i6] ^ L[5][i5] ^ L[4][i4] ^ L[3][i3] ^ L[2][i2] ^ L[1][i1] ^ L[0][i0];
    }
    const h0 = H[0];
    const l0 = L[0];
    for (; i < n; i++) {
      const idx = (l ^ data[i]) & 0xff;
      l = (((l >>> 8) | (h << 24)) ^ l0[idx]) >>> 0;
      h = ((h >>> 8) ^ h0[idx]) >>> 0;
    }
    this.#hi = h >>> 0;
    this.#lo = l >>> 0;
  }

  digest(): Uint8Array {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint32(0, ~this.#hi >>> 0);
    v.setUint32(4, ~this.#lo >>> 0);
    return out;
  }
}
