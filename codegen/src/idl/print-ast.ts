/**
 * `printAst(files)`: the Smithy 2.0 JSON AST of the given IDL / JSON AST files, pretty-printed.
 * Run directly (`node --import tsx codegen/src/idl/print-ast.ts a.smithy b.smithy`) it prints the AST,
 * or the error (file:line:column, the source line and a caret) with exit code 1.
 */
import { fileURLToPath } from "node:url";
import { IdlError } from "./errors.js";
import { type LoadOptions, loadIdlModels } from "./loader.js";
import { jsonText } from "./numbers.js";

/** Numbers a double cannot hold are printed as written (JSON.stringify would fail on a bigint). */
export function printAst(files: string[], options?: LoadOptions): string {
  return jsonText(loadIdlModels(files, options), 2) + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const flatten = args.includes("--flatten");
  try {
    // AWS's traits are defined outside the prelude: print models that use them without their definitions
    process.stdout.write(printAst(args.filter((a) => a !== "--flatten"), { flattenMixins: flatten, allowUnknownTraits: true }));
  } catch (e) {
    if (e instanceof IdlError) {
      process.stderr.write(e.message + "\n");
      process.exit(1);
    }
    throw e;
  }
}
