// Summarises a .cpuprofile: self time per function (file:line), top N. node profile-summary.mjs FILE [N]
import { readFileSync } from "node:fs";
const [file, n = "25"] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, "utf8"));
const self = new Map();
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
let total = 0;
for (const [id, us] of dt) {
  const x = byId.get(id);
  const cf = x.callFrame;
  const key = `${cf.functionName || "(anonymous)"} ${cf.url.replace(/^.*\/(packages|node_modules|scripts)\//, "$1/")}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
  total += us;
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
for (const [k, us] of rows) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
