// Loads every protocol-test model (../shared/corpora/protocol-tests, trait definitions included) with
// our IDL loader, in this fresh process, and prints the load time in ms and the counts as JSON.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = join(root, "..", "shared", "corpora", "protocol-tests");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".smithy") && !p.includes("smithy-rules-engine-tests")) files.push(p);
  }
})(corpus);
const { loadIdlModels } = await import(join(root, "codegen", "dist", "idl", "index.js"));
const t = performance.now();
const ast = loadIdlModels(files, { flattenMixins: true });
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, files: files.length, shapes: Object.keys(ast.shapes).length }));
