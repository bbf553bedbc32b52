#!/usr/bin/env node
/**
 * Bundles a hand-written package's entry points into a few ES module files (shared code in common
 * chunks), after `tsc -b` has type-checked it and written its declarations.
 *
 * Why: Node's ESM loader pays ~1 ms per module file (resolve, stat, open, URL handling), and the
 * runtime is ~45 small modules — most of a cold start. Bundled, a service loads a handful of files.
 * Splitting keeps one copy of shared code, so classes (`ServiceException`, ...) are the same objects
 * whichever entry point a caller imports. Dependencies stay external.
 *
 * usage: node scripts/bundle-package.mjs <package dir> <entry.ts>...   (entries relative to src/)
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const [dir, ...entries] = process.argv.slice(2);
const pkgDir = resolve(dir);
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
await build({
  absWorkingDir: pkgDir,
  entryPoints: entries.map((e) => join("src", e)),
  outdir: "dist/esm",
  outbase: "src",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
