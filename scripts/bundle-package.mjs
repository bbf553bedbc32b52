#!/usr/bin/env node
/**
 * Bundles a hand-written package into one ES module file per entry point, after `tsc -b` has
 * type-checked it and written its declarations.
 *
 * Why: Node's ESM loader pays ~1 ms per module file (resolve, stat, read, compile, link), and the
 * runtime is ~45 small modules: most of a cold start. A service should load as few files as possible.
 * esbuild's own code splitting cuts shared code into a chunk per set of importers: ~7 files for one
 * JSON service, where this gives one.
 *
 * How: every source module goes into exactly one output file, that of the first entry point (in the
 * order given) that reaches it. So there is one copy of each class (`ServiceException`, `Client`) and
 * of each piece of module state (the protocol registry, caches) whichever entry points a program
 * imports. A file that needs a module owned by an earlier entry imports it from that entry's file:
 * the entry's own exports by their names, other modules' exports by internal names
 * `<module id>$<name>` (`protocols_json_codec$toJson`), which only the package's own files use.
 * Give the entries from the most used to the least: a file imports only earlier files. The runtime
 * lists `service/rest-json.ts` first, so its file holds the client and the JSON codec, and a restJson1
 * service loads that one file; `client.ts` then comes out as a file of re-exports from it.
 *
 * Dependencies stay external. `dist/esm` is emptied, so no file of an older layout is left.
 *
 * usage: node scripts/bundle-package.mjs <package dir> <entry.ts>...   (entries relative to src/)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";

const [dir, ...entryArgs] = process.argv.slice(2);
const pkgDir = resolve(dir);
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const common = {
  absWorkingDir: pkgDir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
  logLevel: "warning",
};
const posix = (p) => p.split("\\").join("/");
/** Source paths are kept relative to the package, as esbuild's metafile gives them: `src/client.ts`. */
const entries = entryArgs.map((e) => posix(join("src", e)));
const outFile = (entry) => `dist/esm/${entry.slice("src/".length).replace(/\.ts$/, ".js")}`;

// 1. The module graph and each module's exports: one throw-away build with every source file as an entry.
const sources = readdirSync(join(pkgDir, "src"), { recursive: true })
  .map((f) => posix(join("src", f)))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
const { metafile } = await build({ ...common, entryPoints: sources, outdir: "analysis", splitting: true, write: false, metafile: true });
const imports = new Map(Object.entries(metafile.inputs).map(([path, input]) => [path, input.imports.filter((i) => !i.external).map((i) => i.path)]));
const exportsOf = new Map();
for (const out of Object.values(metafile.outputs)) if (out.entryPoint) exportsOf.set(out.entryPoint, out.exports);

// 2. Ownership: each entry owns what it reaches that no earlier entry does.
const owner = new Map();
for (const entry of entries) {
  const stack = [entry];
  while (stack.length) {
    const m = stack.pop();
    if (owner.has(m)) continue;
    owner.set(m, entry);
    stack.push(...(imports.get(m) ?? []));
  }
}
/** An entry's own module is exported by its file under its own names (unless an earlier entry owns it). */
const heads = new Set(entries.filter((e) => owner.get(e) === e));
const moduleId = (m) => m.slice("src/".length).replace(/\.ts$/, "").replace(/[^A-Za-z0-9_]/g, "_");
/** The name module `m`'s export `name` has in its owner's file. */
const exportedAs = (m, name) => (heads.has(m) ? name : `${moduleId(m)}$${name}`);
/** Other modules that another file imports: their owner's file exports them under internal names. */
const sharedModules = new Set(entries.filter((e) => !heads.has(e)));
for (const [m, deps] of imports) for (const d of deps) if (owner.has(m) && owner.get(d) !== owner.get(m) && !heads.has(d)) sharedModules.add(d);

// 3. One file per entry, all built before the old ones are removed (a build running alongside sees them gone only briefly).
const files = (await Promise.all(entries.map((entry) => bundleEntry(entry)))).flatMap((r) => r.outputFiles);
rmSync(join(pkgDir, "dist/esm"), { recursive: true, force: true });
for (const f of files) {
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.contents);
}

function bundleEntry(entry) {
  const out = outFile(entry);
  const fromSrc = (m) => `./${m.slice("src/".length)}`;
  const lines = [`export * from ${JSON.stringify(fromSrc(entry))};`];
  if (exportsOf.get(entry)?.includes("default")) lines.push(`export { default } from ${JSON.stringify(fromSrc(entry))};`);
  for (const m of sharedModules) {
    if (owner.get(m) !== entry) continue;
    const names = exportsOf.get(m) ?? [];
    if (names.length) lines.push(`export { ${names.map((n) => `${n} as ${exportedAs(m, n)}`).join(", ")} } from ${JSON.stringify(fromSrc(m))};`);
  }
  return build({
    ...common,
    stdin: { contents: lines.join("\n"), resolveDir: join(pkgDir, "src"), sourcefile: `${entry} (bundle entry)`, loader: "ts" },
    outfile: out,
    write: false,
    plugins: [elsewhere(entry, out)],
  });
}

/** Imports of modules another entry owns become imports of that entry's file. */
function elsewhere(entry, out) {
  return {
    name: "owned-elsewhere",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === "elsewhere") return { path: args.path, external: true };
        if (args.pluginData === "resolving" || args.kind === "entry-point") return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
        if (r.errors.length || r.external) return r;
        const m = posix(relative(pkgDir, r.path));
        const o = owner.get(m);
        return o && o !== entry ? { path: m, namespace: "elsewhere" } : r;
      });
      b.onLoad({ filter: /.*/, namespace: "elsewhere" }, (args) => {
        const m = args.path;
        let file = posix(relative(dirname(out), outFile(owner.get(m))));
        if (!file.startsWith(".")) file = `./${file}`;
        const names = exportsOf.get(m) ?? [];
        const contents = names.length ? `export { ${names.map((n) => `${exportedAs(m, n)} as ${n}`).join(", ")} } from ${JSON.stringify(file)};` : `import ${JSON.stringify(file)};`;
        return { contents, loader: "js" };
      });
    },
  };
}
