// Renders results as Markdown: the summary table and BENCHMARKS.md.

const DESCRIPTIONS = {
  decode:
    "Frames → typed events in memory, no I/O. **ours**: `MessageDecoder` fed 16 KiB chunks (frames split across chunk boundaries, as a socket delivers them) + `decodeEvent` with Bedrock Runtime's real event model (JSON body mapped through the schema). **codec**: `@smithy/eventstream-codec`'s `decode` on each frame, already split (its best case), + `:message-type` check and `JSON.parse` of the body. **floor**: per frame, two `zlib.crc32` passes (prelude and message) + `JSON.parse` of the payload, nothing else. **v3 path** (info): `getChunkedStream` from `@smithy/core/event-streams` (what v3 uses to split socket bytes into frames) + the codec, fed the same 16 KiB chunks, async as in v3. MB/s counts frame bytes.",
  stream:
    "A ConverseStream call against a local server (its own process, 127.0.0.1, HTTP/1.1 keep-alive, the whole answer pre-encoded with `@smithy/eventstream-codec`). **ours**: `await (await client.converseStream(input)).stream(handler)`; **v3**: `client.send(new ConverseStreamCommand(input))` then `for await (const ev of resp.stream)`, with `NodeHttpHandler` (v3 defaults Bedrock Runtime to HTTP/2; both get HTTP/1.1 here). Both bodies read the delta text; the text must match. events/s = events ÷ (call start → last event); first event = call start → first event, on a warm keep-alive connection. Info rows: the same first-event time over many short (20-event) answers, against a bare `node:http` request (same body, no SDK) as the floor, and on a brand-new client; events per CPU-second of the client process. The heap is collected before every timed call (`--expose-gc`), so neither side pays the other's garbage.",
  coldstart:
    "A new `node` process imports the SDK, builds a client and completes one signed Converse call to the local server, then exits. Figure = that process's wall time minus a bare `node -e 0` measured in the same repetition; the order of the processes rotates every repetition. The import-only rows split ours' figure up.",
  bundle:
    "esbuild (bundle, minify, platform node, format esm, target node20) of `apps/bundle-ours.mjs` / `apps/bundle-v3.mjs`: the same ConverseStream app printing the deltas. Raw and gzip -9 bytes; each bundle is run against the local server to prove it is complete. The info rows use `mainFields: [\"module\", \"main\"]` (ES-module builds of dependencies, which tree-shake better) for both.",
  requests:
    "Signed Converse calls against the local server (same input, same ~450-byte answer, keep-alive), one at a time and 16 in flight; calls/s. Both SDKs use HTTP/1.1 with a keep-alive agent of 50 sockets.",
  memory:
    "One ConverseStream of ~1 GiB (5.6 M events; 64 MiB in --quick) through `resp.stream(handler)` whose handler returns undefined, in a child process whose RSS is sampled every 20 ms from `/proc/<pid>/status`. Growth = peak sampled RSS during the stream − RSS just before it (after a warm-up call); the info row samples RSS inside the handler, i.e. only while events flow, before `stream()` builds its resolved value. Ours only.",
  codegen:
    "Wall time of subprocesses: `pnpm codegen bedrock-runtime` (and the same CLI without pnpm), `pnpm codegen --all` (every model in the models directory), and `tsc -p` with `tsconfig.generated.json`'s compiler options over the generated packages' `index.d.ts`. Everything is generated with `--out-dir` into a temporary folder (deleted afterwards), so `packages/` and `node_modules` are never touched. --quick skips `--all` and type-checks one package.",
  endpoints:
    "bedrock-runtime's endpoint rules, same params on both sides, both must return the same URL. Cached: ours `createEndpointResolver(ruleSet, { partitions })`, v3 the client's `config.endpointProvider` (its `defaultEndpointResolver`, an `EndpointCache` over the BDD). Uncached: ours `resolveEndpoint(ruleSet, params, { partitions })` (compiled rules, no result cache), v3 `decideEndpoint(bdd, { endpointParams })` with the client's own `bdd` (bundled from its `dist-es` by esbuild, since v3 does not export it). µs per call over batches.",
};

export function fmt(v, unit) {
  if (v === undefined || Number.isNaN(v)) return "—";
  switch (unit) {
    case "events/s":
    case "calls/s":
      return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e4 ? `${(v / 1e3).toFixed(0)} k` : v >= 1e3 ? `${(v / 1e3).toFixed(2)} k` : v.toFixed(0);
    case "bytes":
      return Math.round(v).toLocaleString("en");
    case "µs/call":
      return v < 1 ? v.toFixed(3) : v.toFixed(2);
    case "s":
      return v.toFixed(2);
    default:
      return v < 10 ? v.toFixed(2) : v.toFixed(1);
  }
}

function cell(s, unit) {
  if (!s) return "—";
  const m = fmt(s.median, unit);
  return s.n > 1 ? `${m} <sub>(${fmt(s.min, unit)}–${fmt(s.max, unit)}, n=${s.n})</sub>` : m;
}

function targetText(r) {
  if (r.targetText) return r.targetText;
  if (r.target !== undefined) return `${r.higherIsBetter ? "≥" : "≤"} ${+r.target.toFixed(2)}×`;
  if (r.limit !== undefined) return `${r.higherIsBetter ? "≥" : "≤"} ${r.limit} ${r.unit}`;
  return "";
}

const metText = (r) => (r.met === undefined ? "" : r.met ? "met" : "**missed**");

export function renderTable(cases, { compact = false } = {}) {
  const lines = [];
  lines.push("| case | measure | unit | ours | v3 / reference | ours ÷ ref | target | |");
  lines.push("| --- | --- | --- | ---: | ---: | ---: | --- | --- |");
  for (const c of cases) {
    if (c.error) {
      lines.push(`| ${c.id} | **failed**: ${c.error} | | | | | | |`);
      continue;
    }
    for (const r of c.rows) {
      const ref = r.ref ? `${cell(r.ref, r.unit)}${r.refName && r.refName !== "v3" ? ` (${r.refName})` : ""}` : "";
      const rf = (x) => x.toFixed(x < 0.1 ? 3 : 2);
      const ratio = r.ratio === undefined ? "" : `${rf(r.ratio)}×${r.pairedRatio ? ` <sub>(pairs ${rf(r.pairedRatio.q1)}–${rf(r.pairedRatio.q3)})</sub>` : ""}`;
      lines.push(`| ${compact ? c.id : `${c.title.replace(/^(\d+)\..*$/, "$1")}&nbsp;${c.id}`} | ${r.metric} | ${r.unit} | ${cell(r.ours, r.unit)} | ${ref} | ${ratio} | ${targetText(r)} | ${metText(r)} |`);
    }
  }
  return lines.join("\n");
}

export function renderMarkdown(doc, findings = "") {
  const { meta, cases } = doc;
  const busy = Math.max(...meta.loadAverageStart, ...(meta.loadAverageEnd ?? [])) > meta.cores * 0.5;
  const out = [];
  out.push("# Benchmarks: @org/bedrockruntime vs the AWS SDK for JavaScript v3");
  out.push("");
  out.push("Generated by `pnpm bench` (`scripts/bench/run.mjs`); raw numbers, every sample included, in [`bench/results.json`](bench/results.json). Hand-written findings come from `scripts/bench/FINDINGS.md`. Do not edit this file by hand: re-run `pnpm bench`.");
  out.push("");
  out.push("```sh");
  out.push("pnpm bench            # every case at full size (~4–7 min on 2 cores): bench/results.json + BENCHMARKS.md");
  out.push("pnpm bench --quick    # smaller sizes, fewer repetitions, one-service codegen (< 2 min, CI): bench/results-quick.json");
  out.push("pnpm bench --only=decode,stream   # some cases (decode stream coldstart bundle requests memory codegen endpoints)");
  out.push("pnpm bench --render   # rewrite this file from bench/results.json + scripts/bench/FINDINGS.md");
  out.push("```");
  out.push("");
  out.push("| | |");
  out.push("| --- | --- |");
  out.push(`| date | ${meta.date} (${meta.mode} run, ${meta.seconds} s)${meta.partial ? `; ${meta.partial}` : ""} |`);
  out.push(`| machine | ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGiB} GiB, ${meta.os} |`);
  out.push(`| Node | ${meta.node} (V8 ${meta.v8}) |`);
  out.push(`| load average (1/5/15 min) | start ${meta.loadAverageStart.join(" / ")}, end ${(meta.loadAverageEnd ?? []).join(" / ")} |`);
  out.push(`| workspace | git ${meta.git}${meta.gitDirty ? " + uncommitted changes" : ""}; ours is the built \`dist/\` of @org/runtime and @org/eventstream and the generated packages/bedrockruntime |`);
  out.push(`| compared with | ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(", ")} |`);
  out.push("");
  if (busy) {
    out.push(`> **Noisy machine.** The load average was above half the core count during this run (other builds and tests were running), so absolute numbers are low and spread is wide. The design limits the damage — ours and v3 alternate within every case, each figure is a median over repetitions with its min–max shown, and the ratios compare runs made seconds apart — but read ratios near a target as uncertain.`);
    out.push("");
  }
  out.push("Each cell is the median, with (min–max, number of repetitions). \"ours ÷ ref\" is the ratio of the medians; under it, \"pairs\" is the interquartile range of the ratios of paired repetitions (ours and the reference run back to back), a direct view of how far the machine's noise moves the ratio. A target reads as the ratio (or absolute value) to reach.");
  out.push("");
  out.push("## Targets");
  out.push("");
  for (const c of cases) {
    for (const r of c.rows ?? []) {
      if (r.met === undefined) continue;
      const value = r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : `${fmt(r.ours.median, r.unit)} ${r.unit}`;
      out.push(`- ${r.met ? "met" : "**MISSED**"}: ${c.title.replace(/^\d+\. /, "")} — ${r.metric}: ${value} (target ${targetText(r)})`);
    }
  }
  out.push("");
  out.push("## Results");
  out.push("");
  out.push(renderTable(cases));
  out.push("");
  out.push("## What each case measures");
  out.push("");
  for (const c of cases) {
    out.push(`### ${c.title ?? c.id}`);
    out.push("");
    if (DESCRIPTIONS[c.id]) out.push(DESCRIPTIONS[c.id]);
    out.push("");
    if (c.setup) out.push(`This run${c.date && c.date !== meta.date ? ` (${c.date})` : ""}: ${c.setup}.`);
    if (c.error) out.push(`**This case failed**: ${c.error}.`);
    out.push("");
  }
  if (findings.trim()) {
    out.push(findings.trim());
    out.push("");
  }
  return out.join("\n");
}
