#!/usr/bin/env node
// pnpm bench [--quick] [--only=case,case] [--write] | pnpm bench --render
//   (default)  every case at full size; writes bench/results.json and BENCHMARKS.md
//   --quick    smaller sizes, fewer repetitions, one-service codegen (CI: under 2 minutes);
//              writes bench/results-quick.json and prints the table; BENCHMARKS.md only with --write
//   --full     accepted as the default's name
//   --render   only re-render BENCHMARKS.md from bench/results.json and FINDINGS.md
// Each case runs in its own Node process (lib/server-main.mjs is another); a case that fails makes the
// exit code non-zero. A missed target does not: it is reported in the table.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderMarkdown, renderTable } from "./lib/report.mjs";

const CASES = ["decode", "stream", "coldstart", "bundle", "requests", "memory", "codegen", "endpoints"];
const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));

const argv = process.argv.slice(2);
if (argv.includes("--render")) {
  // re-render BENCHMARKS.md from bench/results.json and FINDINGS.md, running nothing
  const doc = JSON.parse(readFileSync(join(root, "bench", "results.json"), "utf8"));
  let findings = "";
  try {
    findings = readFileSync(join(here, "FINDINGS.md"), "utf8");
  } catch {}
  writeFileSync(join(root, "BENCHMARKS.md"), renderMarkdown(doc, findings));
  console.log("bench: re-rendered BENCHMARKS.md from bench/results.json");
  process.exit(0);
}
const quick = argv.includes("--quick");
const write = argv.includes("--write") || !quick;
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const unknown = argv.filter((a) => !["--quick", "--full", "--write"].includes(a) && !a.startsWith("--only="));
if (unknown.length || (only && only.some((c) => !CASES.includes(c)))) {
  console.error(`usage: pnpm bench [--quick] [--only=${CASES.join(",")}] [--write]`);
  process.exit(2);
}
const selected = only ?? CASES;

function runCase(name, out) {
  return new Promise((resolve) => {
    // --expose-gc: cases collect garbage before each timed run, so one side never pays the other's GC debt
    const child = spawn(process.execPath, ["--expose-gc", join(here, "case.mjs"), name, out, quick ? "--quick" : "--full"], {
      cwd: here,
      stdio: ["ignore", "inherit", "pipe"],
      // no AWS_* settings from the caller's shell (a bearer token or profile would change what either SDK does)
      env: Object.fromEntries(Object.entries({ ...process.env, NODE_OPTIONS: "" }).filter(([k]) => !k.startsWith("AWS_"))),
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      // v3 prints a support warning for Node 20 on every load; keep everything else
      const rest = err.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?show where the warning was created\)\n?/g, "").trim();
      if (rest) process.stderr.write(rest + "\n");
      resolve(code);
    });
  });
}

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
};
const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
};

const meta = {
  date: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  node: process.version,
  v8: process.versions.v8,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
  loadAverageStart: os.loadavg().map((x) => +x.toFixed(2)),
  git: sh("git", ["rev-parse", "--short", "HEAD"]),
  gitDirty: (sh("git", ["status", "--porcelain"]) ?? "").length > 0,
  versions: {
    "@aws-sdk/client-bedrock-runtime": pkgVersion("@aws-sdk/client-bedrock-runtime"),
    "@smithy/eventstream-codec": pkgVersion("@smithy/eventstream-codec"),
    "@smithy/node-http-handler": pkgVersion("@smithy/node-http-handler"),
    esbuild: pkgVersion("esbuild"),
  },
};

// preflight: both SDKs must load (ours is the built dist/ of the workspace packages)
for (const [what, code] of [
  ["@org/bedrockruntime", 'await import("@org/bedrockruntime")'],
  ["@aws-sdk/client-bedrock-runtime", 'await import("@aws-sdk/client-bedrock-runtime")'],
]) {
  try {
    execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: here, stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    console.error(`bench: ${what} does not load; run \`pnpm install && pnpm build && pnpm codegen\` first.\n${String(e.stderr ?? e).slice(0, 2000)}`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(os.tmpdir(), "org-bench-"));
const results = [];
const failures = [];
const started = performance.now();
try {
  for (const name of selected) {
    const t = performance.now();
    process.stdout.write(`bench: ${name} ...\n`);
    const out = join(tmp, `${name}.json`);
    const code = await runCase(name, out);
    if (code !== 0) {
      failures.push(name);
      results.push({ id: name, error: `exited with code ${code}` });
      console.error(`bench: ${name} FAILED (exit ${code})`);
      continue;
    }
    const r = JSON.parse(readFileSync(out, "utf8"));
    r.seconds = +((performance.now() - t) / 1000).toFixed(1);
    results.push(r);
    process.stdout.write(renderTable([r], { compact: true }) + "\n");
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
meta.loadAverageEnd = os.loadavg().map((x) => +x.toFixed(2));
meta.seconds = +((performance.now() - started) / 1000).toFixed(1);

for (const r of results) r.date = meta.date;
let doc = { meta, cases: results };
mkdirSync(join(root, "bench"), { recursive: true });
const jsonPath = join(root, "bench", quick ? "results-quick.json" : "results.json");
if (only) {
  // --only: replace those cases in the existing results (same mode), keep the others and their dates
  try {
    const old = JSON.parse(readFileSync(jsonPath, "utf8"));
    const byId = new Map(old.cases.map((c) => [c.id, { ...c, date: c.date ?? old.meta.date }]));
    for (const r of results) byId.set(r.id, r);
    doc = { meta: { ...meta, partial: `this run: ${selected.join(", ")}; other cases from earlier runs (see each case's date)` }, cases: CASES.filter((c) => byId.has(c)).map((c) => byId.get(c)) };
  } catch {}
}
writeFileSync(jsonPath, JSON.stringify(doc, null, 1) + "\n");
console.log(`bench: wrote ${jsonPath.slice(root.length)} (${meta.seconds} s)`);
if (write) {
  let findings = "";
  try {
    findings = readFileSync(join(here, "FINDINGS.md"), "utf8");
  } catch {}
  writeFileSync(join(root, "BENCHMARKS.md"), renderMarkdown(doc, findings));
  console.log("bench: wrote BENCHMARKS.md");
}
if (failures.length) {
  console.error(`bench: ${failures.length} case(s) failed: ${failures.join(", ")}`);
  process.exit(1);
}
