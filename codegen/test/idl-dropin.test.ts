/**
 * `.smithy` models dropped into models/ generate like JSON ones: a service split across two IDL
 * files (one holding shared shapes and a mixin), beside a JSON drop-in; and the AST printer.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { cleanup, dropIn, REPO, runCli, tempWorkspace, typecheck } from "./helpers.js";

after(cleanup);

describe("Smithy IDL drop-ins", () => {
  let root: string;
  before(() => {
    root = tempWorkspace({ dropIns: { "widgets.json": "widgets.json" } });
    dropIn(root, "notes.smithy", readFileSync(join(REPO, "codegen/test/fixtures/notes.smithy"), "utf8"));
    dropIn(root, "notes-shapes.smithy", readFileSync(join(REPO, "codegen/test/fixtures/notes-shapes.smithy"), "utf8"));
  });

  test("generate alongside a JSON model, the service from the file that declares it", () => {
    const r = runCli(root, "--quiet");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 packages generated/);
    const schema = readFileSync(join(root, "packages/notekeeper/index.js"), "utf8");
    assert.match(schema, /PutNote: \{/);
    assert.match(schema, /httpLabel: true/);
    // the mixin's members are flattened into the inline input
    assert.match(schema, /ListNotesInput: \{[^}]*\n?[^}]*nextToken/);
    const types = readFileSync(join(root, "packages/notekeeper/types.d.ts"), "utf8");
    assert.match(types, /A note's text and when it was written\./);
    assert.match(types, /export interface NoteBody \{[\s\S]*text: string;[\s\S]*written\?: Date;/);
    const tc = typecheck(root, ["packages/notekeeper/index.d.ts", "packages/widgetstore/index.d.ts"]);
    assert.equal(tc.status, 0, tc.output);
  });

  test("a syntax error names the file, line and column", () => {
    dropIn(root, "broken.smithy", '$version: "2.0"\nnamespace example.broken\nstructure Oops {\n    a: String\n    b String\n}\n');
    const r = runCli(root, "--quiet");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /FAILED models\/broken\.smithy: .*broken\.smithy:5:7/);
  });

  test("pnpm smithy-ast prints the JSON AST of .smithy files", () => {
    const out = execFileSync(process.execPath, [join(REPO, "codegen/dist/idl/print-ast.js"), "--flatten", join(REPO, "codegen/test/fixtures/notes.smithy"), join(REPO, "codegen/test/fixtures/notes-shapes.smithy")], { encoding: "utf8" });
    const ast = JSON.parse(out);
    assert.equal(ast.smithy, "2.0");
    assert.equal(ast.shapes["example.notes#NoteKeeper"].type, "service");
    assert.deepEqual(Object.keys(ast.shapes["example.notes#ListNotesInput"].members).sort(), ["maxResults", "nextToken"]);
  });
});
