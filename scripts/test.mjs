#!/usr/bin/env node
// Runs every test file under node's own test runner (TypeScript through tsx).
// Usage: pnpm test [path-filter...]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const roots = ["codegen/test", "packages/runtime/test", "packages/eventstream/test", "tests"];
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.(ts|mjs|js)$/.test(name)) files.push(relative(root, p));
  }
}
for (const r of roots) walk(join(root, r));
const filters = process.argv.slice(2);
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "--test-timeout=180000", ...selected], {
  cwd: root,
  stdio: "inherit",
});
process.exit(res.status ?? 1);
