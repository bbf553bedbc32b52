/** Loads every protocol-test model (with trait-defs/) in one assembly, timing it. */
import { fileURLToPath } from "node:url";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadIdlModels } from "../../src/idl/loader.js";

export const PROTOCOL_TESTS = fileURLToPath(new URL("../../../../shared/corpora/protocol-tests", import.meta.url));

export function protocolTestFiles(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".smithy")) files.push(p);
    }
  };
  walk(PROTOCOL_TESTS);
  return files;
}

export function loadProtocolTests(): { files: number; shapes: number; ms: number } {
  const files = protocolTestFiles();
  const t0 = performance.now();
  const ast = loadIdlModels(files);
  const ms = performance.now() - t0;
  return { files: files.length, shapes: Object.keys(ast.shapes).length, ms };
}

if (process.argv[1]?.endsWith("protocol-tests.ts")) {
  const r = loadProtocolTests();
  console.log(`loaded ${r.files} files, ${r.shapes} shapes in ${r.ms.toFixed(0)} ms`);
}
