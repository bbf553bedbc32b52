// Case 8: endpoint resolution for bedrock-runtime, same params on both sides.
//   cached:   ours createEndpointResolver(ruleSet, { partitions }) (result cache keyed on params)
//             v3   the client's config.endpointProvider (defaultEndpointResolver: EndpointCache + BDD)
//   uncached: ours resolveEndpoint(ruleSet, params, { partitions }) (compiled rule set, no result cache)
//             v3   decideEndpoint(bdd, { endpointParams }) with the client's own bdd, bundled from its
//                  dist-es sources by esbuild (v3 does not export it), aws functions registered as v3 does
// µs per call = time of a batch / batch size, median over alternating batches.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { createEndpointResolver, resolveEndpoint } from "@org/runtime";
import { partitions } from "@org/partitions";
import { now, row, v3Client } from "../lib/common.mjs";

const { endpointRuleSet } = (await import("@org/bedrockruntime")).schema;

async function v3Uncached() {
  const clientDir = dirname(dirname(realpathSync(fileURLToPath(import.meta.resolve("@aws-sdk/client-bedrock-runtime")))));
  const dir = mkdtempSync(join(tmpdir(), "org-bench-ep-"));
  try {
    const outfile = join(dir, "v3-endpoint.mjs");
    await esbuild.build({
      stdin: {
        contents: `import { bdd } from "./dist-es/endpoint/bdd";
import { awsEndpointFunctions } from "@aws-sdk/core/client";
import { customEndpointFunctions, decideEndpoint } from "@smithy/core/endpoints";
customEndpointFunctions.aws = awsEndpointFunctions;
export const resolve = (endpointParams) => decideEndpoint(bdd, { endpointParams });`,
        resolveDir: clientDir,
        loader: "js",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      mainFields: ["module", "main"],
      outfile,
      logLevel: "silent",
      banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
    });
    return (await import(pathToFileURL(outfile).href)).resolve;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ quick }) {
  const reps = quick ? 7 : 21;
  const batch = quick ? 20_000 : 100_000;
  const v3 = await v3Client("http://127.0.0.1:1"); // never called; only its config is used
  const v3Cached = v3.config.endpointProvider;
  const v3Raw = await v3Uncached();
  const oursCached = createEndpointResolver(endpointRuleSet, { partitions });
  const oursRaw = (p) => resolveEndpoint(endpointRuleSet, p, { partitions });
  const cases = {
    regional: { Region: "us-east-1", UseFIPS: false, UseDualStack: false },
    "FIPS + dual-stack (eu-west-1)": { Region: "eu-west-1", UseFIPS: true, UseDualStack: true },
  };
  const rows = [];
  const extra = {};
  for (const [label, params] of Object.entries(cases)) {
    const urls = { ours: oursRaw(params).url, v3: v3Raw(params).url.href, oursCached: oursCached(params).url, v3Cached: v3Cached(params).url.href };
    if (new Set(Object.values(urls).map((u) => u.replace(/\/$/, ""))).size !== 1) throw new Error(`${label}: the resolvers disagree: ${JSON.stringify(urls)}`);
    extra[label] = { params, url: urls.ours };
    const fns = { oursCached, v3Cached, oursRaw, v3Raw };
    const t = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
    let sink = 0;
    const time = (k) => {
      globalThis.gc?.();
      const f = fns[k];
      const s = now();
      for (let i = 0; i < batch; i++) sink += f(params) ? 1 : 0;
      return ((now() - s) * 1000) / batch;
    };
    for (const k in fns) time(k); // warm-up
    const names = Object.keys(fns);
    for (let r = 0; r < reps; r++) for (const k of r % 2 ? [...names].reverse() : names) t[k].push(time(k));
    if (sink === 0) throw new Error("no results");
    rows.push(row(`${label}, cached`, "µs/call", t.oursCached, t.v3Cached, { higherIsBetter: false }));
    rows.push(row(`${label}, uncached`, "µs/call", t.oursRaw, t.v3Raw, { higherIsBetter: false }));
  }
  v3.destroy();
  return {
    id: "endpoints",
    title: "8. Endpoint resolution (bedrock-runtime rules)",
    setup: `${batch.toLocaleString("en")} calls per batch, ${reps} alternating batches after warm-up; both resolvers must return the same URL; no target was set`,
    rows,
    extra,
  };
}
