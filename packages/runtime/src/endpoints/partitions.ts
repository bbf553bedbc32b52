/** `aws.partition`: maps a region to its partition's outputs, from `partitions.json` data. */
import type { PartitionEntry, PartitionOutputs, PartitionsData } from "./types.js";

export type PartitionFunction = (region: unknown) => PartitionOutputs | undefined;

const compiled = new WeakMap<PartitionsData, PartitionFunction>();
const MAX_CACHED_REGIONS = 512;

/**
 * Returns the `aws.partition` function for some partition data (memoised per data object).
 * A region listed explicitly wins (with its overrides); then the first partition whose
 * `regionRegex` matches; otherwise the `aws` partition. Results are shared, frozen objects.
 */
export function partitionFunction(data: PartitionsData): PartitionFunction {
  let fn = compiled.get(data);
  if (!fn) {
    fn = buildPartitionFunction(data);
    compiled.set(data, fn);
  }
  return fn;
}

function outputsOf(id: string, outputs: PartitionOutputs, overrides?: Record<string, unknown>): PartitionOutputs {
  const result: PartitionOutputs = { ...outputs, name: outputs.name ?? id };
  if (overrides) {
    for (const key of Object.keys(overrides)) {
      if (key !== "description") result[key] = overrides[key];
    }
  }
  return Object.freeze(result);
}

function buildPartitionFunction(data: PartitionsData): PartitionFunction {
  if (!data || !Array.isArray(data.partitions)) throw new TypeError("partitions data must have a `partitions` array");
  const partitions = data.partitions;
  // Outputs are built for the regions asked for, not for every region up front: a client asks for one
  // or two, and building them all was a quarter of a cold start's first endpoint resolution.
  const bases = new Map<PartitionEntry, PartitionOutputs>();
  const baseOf = (p: PartitionEntry): PartitionOutputs => {
    let b = bases.get(p);
    if (!b) bases.set(p, (b = outputsOf(p.id, p.outputs)));
    return b;
  };
  const patterns = new Map<PartitionEntry, RegExp>();
  const matches = (p: PartitionEntry, region: string): boolean => {
    let re = patterns.get(p);
    if (!re) patterns.set(p, (re = new RegExp(p.regionRegex)));
    return re.test(region);
  };
  // the `aws` partition (the last, if several), else the first
  const fallback = partitions.findLast((p) => p.id === "aws") ?? partitions[0];
  /** Regions listed explicitly, with their overrides: every one asked for is kept. */
  const known = new Map<string, PartitionOutputs>();
  // Regions matched by pattern are remembered (bounded) so the regex runs once per region.
  const seen = new Map<string, PartitionOutputs | undefined>();
  return (region: unknown) => {
    if (typeof region !== "string") return undefined;
    let out = known.get(region) ?? seen.get(region);
    if (out !== undefined) return out;
    // a region listed explicitly wins; listed by several partitions, the last one's
    for (let i = partitions.length - 1; i >= 0; i--) {
      const p = partitions[i]!;
      if (!p.regions || !Object.hasOwn(p.regions, region)) continue;
      const overrides = p.regions[region];
      out = overrides && Object.keys(overrides).some((k) => k !== "description") ? outputsOf(p.id, p.outputs, overrides) : baseOf(p);
      known.set(region, out);
      return out;
    }
    out = fallback && baseOf(fallback);
    for (const p of partitions) {
      if (matches(p, region)) {
        out = baseOf(p);
        break;
      }
    }
    if (seen.size < MAX_CACHED_REGIONS) seen.set(region, out);
    return out;
  };
}
