/**
 * Smithy IDL loader: conformance with Smithy's loader corpus (valid pairs compared semantically
 * with their JSON AST, invalid files rejected with Smithy's message), the 1.0 → 2.0 upgrade
 * corpus, error reporting, a fuzz run, and loading every protocol-test model under 2 s.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { IdlError } from "../src/idl/errors.js";
import { deepEqual, loadIdlModels, loadIdlSources, parseIdl } from "../src/idl/loader.js";
import { printAst } from "../src/idl/print-ast.js";
import { CORPUS, normalize, runInvalid, runValid, toJsonText } from "./idl-support/conformance.js";
import { loadProtocolTests } from "./idl-support/protocol-tests.js";

const VALID_TARGET = 62;
const INVALID_MATCH_TARGET = 170;
const INVALID_TOTAL = 181;

test("idl conformance: valid and invalid corpus", () => {
  const valid = runValid();
  const invalid = runInvalid();
  const equal = valid.filter((r) => r.ok).length;
  const matched = invalid.filter((r) => r.matched).length;
  const rejected = invalid.filter((r) => r.rejected).length;
  const clean = invalid.filter((r) => r.rejected && r.clean).length;
  console.log(
    `idl valid: ${equal}/${valid.length} equal; idl invalid: ${matched}/${invalid.length} matched message, ${rejected}/${invalid.length} rejected (${clean} as IdlError)`,
  );
  for (const r of valid) if (!r.ok) console.log(`  valid FAIL ${r.file}: ${r.error}`);
  for (const r of invalid) if (!r.matched) console.log(`  invalid MISMATCH ${r.file}\n    expected: ${r.expected}\n    got: ${r.message?.split("\n")[0]}`);
  assert.equal(valid.length, VALID_TARGET);
  assert.equal(invalid.length, INVALID_TOTAL);
  assert.ok(equal >= VALID_TARGET, `valid ${equal}/${VALID_TARGET}`);
  assert.ok(matched >= INVALID_MATCH_TARGET, `invalid matched ${matched} < ${INVALID_MATCH_TARGET}`);
  assert.equal(rejected, INVALID_TOTAL);
  assert.equal(clean, INVALID_TOTAL);
});

test("idl 1.0 → 2.0 upgrade corpus", () => {
  const base = `${CORPUS}/upgrade`;
  for (const d of ["all-1.0", "does-not-introduce-conflict", "mixed-versions"]) {
    const files = readdirSync(`${base}/${d}`).filter((f) => f !== "upgraded.smithy").map((f) => `${base}/${d}/${f}`);
    const got = normalize(loadIdlModels(files, { flattenMixins: "keep" }));
    const want = normalize(loadIdlModels([`${base}/${d}/upgraded.smithy`], { flattenMixins: "keep" }));
    assert.ok(deepEqual(got, want), `${d}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
  // Nullability after upgrade matches the "v2" expectation in each upgrade-box case.
  const ub = `${CORPUS}/upgrade-box/1-to-2`;
  for (const f of readdirSync(ub)) {
    const text = readFileSync(`${ub}/${f}`, "utf8");
    const expect = JSON.parse(text.split("\n")[0]!.replace(/^\/\/\s*/, "")) as { v2: boolean };
    const ast = loadIdlModels([`${ub}/${f}`]);
    const member = Object.values(ast.shapes["smithy.example#Foo"]!.members!)[0]!;
    const t = member.traits ?? {};
    const def = t["smithy.api#default"];
    const nullable = !("smithy.api#required" in t) && (def === undefined || def === null);
    assert.equal(nullable, expect.v2, f);
  }
});

test("idl flattenMixins matches Smithy's flattened corpus models", () => {
  const base = `${CORPUS}/valid/mixins`;
  const names = readdirSync(base).filter((f) => f.endsWith(".flattened.smithy"));
  assert.ok(names.length >= 13);
  for (const f of names) {
    const got = normalize(loadIdlModels([`${base}/${f.replace(".flattened", "")}`], { flattenMixins: true }));
    const want = normalize(loadIdlModels([`${base}/${f}`], { flattenMixins: true }));
    assert.ok(deepEqual(got, want), `${f}: ${JSON.stringify(got)}\n!=\n${JSON.stringify(want)}`);
  }
});

test("idl output: sets, enums, inline io, mixins (Smithy serializer form and flattened)", () => {
  const text = `$version: "1.0"
namespace ex.one
set Tags { member: String }
@enum([{ value: "a" }])
string Old
`;
  const two = `$version: "2.0"
$operationInputSuffix: "Req"
namespace ex.two
use ex.one#Tags

/// Base docs
@mixin
structure Base { @required id: String, tags: Tags }

structure Thing with [Base] {
  name: String = "x"
}
apply Thing$id @documentation("the id")

enum Color {
  RED
  GREEN = "green"
}
intEnum Level {
  LOW = 1
  HIGH = 2
}

operation Get {
  input := for R { $id }
  output := with [Base] {}
}
resource R { identifiers: { id: String } read: Get }
`;
  const ast = loadIdlSources([
    { file: "one.smithy", text },
    { file: "two.smithy", text: two },
  ]);
  assert.deepEqual(ast.shapes["ex.one#Tags"], {
    type: "list",
    member: { target: "smithy.api#String" },
    traits: { "smithy.api#uniqueItems": {} },
  });
  assert.deepEqual(ast.shapes["ex.one#Old"]!.traits, { "smithy.api#enum": [{ value: "a" }] });
  assert.deepEqual(ast.shapes["ex.two#Thing"], {
    type: "structure",
    mixins: [{ target: "ex.two#Base" }],
    members: { name: { target: "smithy.api#String", traits: { "smithy.api#default": "x" } } },
  });
  assert.deepEqual(ast.shapes["ex.two#Thing$id"], { type: "apply", traits: { "smithy.api#documentation": "the id" } });
  assert.deepEqual(ast.shapes["ex.two#Base"]!.traits, { "smithy.api#documentation": "Base docs", "smithy.api#mixin": {} });
  assert.deepEqual(ast.shapes["ex.two#Color"]!.members, {
    RED: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "RED" } },
    GREEN: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "green" } },
  });
  assert.deepEqual(ast.shapes["ex.two#Level"]!.members!.HIGH!.traits, { "smithy.api#enumValue": 2 });
  assert.deepEqual(ast.shapes["ex.two#Get"], {
    type: "operation",
    input: { target: "ex.two#GetReq" },
    output: { target: "ex.two#GetOutput" },
  });
  assert.deepEqual(ast.shapes["ex.two#GetReq"], {
    type: "structure",
    members: { id: { target: "smithy.api#String" } },
    traits: { "smithy.api#input": {} },
  });
  assert.ok(!("smithy.api#String" in ast.shapes), "prelude shapes are not emitted");

  const flat = loadIdlSources(
    [
      { file: "one.smithy", text },
      { file: "two.smithy", text: two },
    ],
    { flattenMixins: true },
  );
  assert.ok(!("ex.two#Base" in flat.shapes), "mixin shapes are dropped when flattening");
  assert.deepEqual(flat.shapes["ex.two#Thing"], {
    type: "structure",
    members: {
      id: { target: "smithy.api#String", traits: { "smithy.api#required": {}, "smithy.api#documentation": "the id" } },
      tags: { target: "ex.one#Tags" },
      name: { target: "smithy.api#String", traits: { "smithy.api#default": "x" } },
    },
    traits: { "smithy.api#documentation": "Base docs" },
  });
  assert.deepEqual(Object.keys(flat.shapes["ex.two#GetOutput"]!.members!), ["id", "tags"]);
});

test("idl multi-file: forward references across files, use, private shapes", () => {
  const fw = `${CORPUS}/forwardrefs`;
  const shared = `${CORPUS}/valid/__shared.json`;
  for (const [files, result] of [
    [[`${fw}/resource/operation.smithy`, `${fw}/resource/resource.smithy`], `${fw}/resource/result.json`],
    [[`${fw}/use/use.smithy`, shared], `${fw}/use/result.json`],
    [[`${fw}/use/no-use.smithy`, shared], `${fw}/use/result.json`],
  ] as const) {
    const got = normalize(loadIdlModels([...files], { flattenMixins: "keep" }));
    const want = normalize(loadIdlModels([result], { flattenMixins: "keep" }));
    assert.ok(deepEqual(got, want), `${files.join(" ")}: ${JSON.stringify(got)}`);
  }
  const pr = `${CORPUS}/private-resource-elision`;
  assert.doesNotThrow(() => loadIdlModels([`${pr}/cross-namespace-public.smithy`, `${pr}/public-resource.smithy`]));
  assert.doesNotThrow(() => loadIdlModels([`${pr}/same-namespace-structure.smithy`]));
  assert.throws(() => loadIdlModels([`${pr}/cross-namespace-structure.smithy`, `${pr}/private-resource.smithy`]), /a private shape of another namespace/);
  // The same file twice is loaded once (no doubled list traits or metadata).
  const once = loadIdlModels([`${CORPUS}/valid/metadata.smithy`, `${CORPUS}/valid/metadata.smithy`]);
  assert.deepEqual(once.metadata["foo.10"], [true, "true", false, "false", null, "null"]);
});

test("idl lexical details: text blocks, escapes, doc comment placement, numbers", () => {
  const text = [
    `$version: "2.0"`,
    `metadata tb = """   `,
    `    Foo`,
    `        Baz`,
    ``,
    `    Bar \\`,
    `    continued`,
    `    """`,
    `metadata esc = "a\\"b\\\\c\\u00e9\\/\\n"`,
    `metadata nums = [0, -1.5, 1e3, 2E-2]`,
    `metadata ids = [String, smithy.api#Integer, true, null]`,
    `namespace ex`,
    `/// Doc for A`,
    `/// second line`,
    `string A /// not a doc comment for B`,
    `string B`,
    `structure S {`,
    `    a: String /// not docs for b`,
    `    b: String`,
    `}`,
  ].join("\n");
  const ast = loadIdlSources([{ file: "lex.smithy", text }]);
  assert.equal(ast.metadata.tb, "Foo\n    Baz\n\nBar continued\n");
  assert.equal(ast.metadata.esc, 'a"b\\c\u00e9/\n');
  assert.deepEqual(ast.metadata.nums, [0, -1.5, 1000, 0.02]);
  assert.deepEqual(ast.metadata.ids, ["smithy.api#String", "smithy.api#Integer", true, null]);
  assert.deepEqual(ast.shapes["ex#A"]!.traits, { "smithy.api#documentation": "Doc for A\nsecond line" });
  assert.equal(ast.shapes["ex#B"]!.traits, undefined);
  assert.equal(ast.shapes["ex#S"]!.members!.b!.traits, undefined);
  // CRLF line endings load to the same model.
  for (const f of ["text-blocks.smithy", "doc-comments/doc-comments.smithy", "traits.smithy"]) {
    const lf = readFileSync(`${CORPUS}/valid/${f}`, "utf8");
    const a = loadIdlSources([{ file: f, text: lf }]);
    const b = loadIdlSources([{ file: f, text: lf.replace(/\r?\n/g, "\r\n") }]);
    assert.ok(deepEqual(a, b), f);
  }
});

test("idl metadata merges across files", () => {
  const f = (name: string, body: string) => ({ file: name, text: `$version: "2.0"\n${body}\n` });
  const ast = loadIdlSources([f("a.smithy", `metadata list = [1]\nmetadata same = {a: 1}`), f("b.smithy", `metadata list = [2, 3]\nmetadata same = {a: 1}`)]);
  assert.deepEqual(ast.metadata, { list: [1, 2, 3], same: { a: 1 } });
  assert.throws(() => loadIdlSources([f("a.smithy", `metadata x = "a"`), f("b.smithy", `metadata x = "b"`)]), (e: unknown) => {
    assert.ok(e instanceof IdlError);
    assert.match(e.message, /Metadata conflict for key `x`/);
    assert.match(e.message, /b\.smithy/);
    return true;
  });
});

test("idl errors name file, line and column and show the line with a caret", () => {
  const text = `$version: "2.0"\nnamespace a.b\n\nstructure Foo {\n    bar String\n}\n`;
  try {
    loadIdlSources([{ file: "models/bad.smithy", text }]);
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof IdlError);
    assert.equal(e.file, "models/bad.smithy");
    assert.equal(e.line, 5);
    assert.equal(e.column, 9);
    assert.equal(
      e.message,
      "models/bad.smithy:5:9: Syntax error at line 5, column 9: Expected COLON(':') but found IDENTIFIER('String')\n" +
        "5 |     bar String\n" +
        "            ^",
    );
  }
  assert.throws(() => loadIdlSources([{ file: "u.smithy", text: `namespace a.b\nstructure A { b: Nope }\n` }]), /u\.smithy:2:18: a\.b#A\$b targets an unknown shape `a\.b#Nope`/);
  assert.throws(() => parseIdl("p.smithy", `namespace a.b\nstring X\n@`), IdlError);
});

test("printAst returns the pretty JSON AST", () => {
  const file = `${CORPUS}/valid/enums/enums.smithy`;
  const out = printAst([file]);
  assert.ok(out.startsWith('{\n  "smithy": "2.0",'));
  assert.deepEqual(JSON.parse(out), loadIdlModels([file]));
});

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("idl fuzz: truncated and mutated files fail cleanly", { timeout: 120_000 }, () => {
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      const p = `${d}/${n.name}`;
      if (n.isDirectory()) walk(p);
      else if (n.name.endsWith(".smithy")) sources.push(readFileSync(p, "utf8"));
    }
  };
  walk(`${CORPUS}/valid`);
  const rand = prng(0x5eed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const alphabet = ` \n\t\r,:=@#$.{}[]()"'\\/-+0123456789eE_aZ\u00e9\u{1F600}`;
  const cases: string[] = [];
  for (const s of sources) {
    const cuts = 12;
    for (let k = 1; k <= cuts; k++) cases.push(s.slice(0, Math.floor((s.length * k) / (cuts + 1))));
  }
  for (let i = 0; i < 2500; i++) {
    let s = pick(sources);
    const edits = 1 + Math.floor(rand() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * (s.length + 1));
      const op = rand();
      const ch = pick([...alphabet]);
      if (op < 0.34) s = s.slice(0, at) + ch + s.slice(at + 1);
      else if (op < 0.67) s = s.slice(0, at) + ch + s.slice(at);
      else s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
    }
    cases.push(s);
  }
  // Pathological nesting.
  cases.push(`$version: "2.0"\nmetadata x = ${"[".repeat(5000)}`);
  cases.push(`$version: "2.0"\nnamespace a\n@a(${"{a:".repeat(3000)}`);
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  for (const text of cases) {
    try {
      const ast = loadIdlSources([{ file: "fuzz.smithy", text }]);
      ok++;
      // Whatever loads must survive the JSON AST round trip unchanged.
      let again;
      try {
        again = loadIdlSources([{ file: "rt.json", text: toJsonText(ast) }], { flattenMixins: "keep" });
      } catch (e) {
        assert.fail(`the JSON AST of a loaded model does not load: ${(e as Error).message}\n--- input ---\n${text}`);
      }
      const direct = loadIdlSources([{ file: "fuzz.smithy", text }], { flattenMixins: "keep" });
      assert.ok(deepEqual(normalize(again), normalize(direct)), `round trip differs for:\n${text}`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      if (!(e instanceof IdlError)) {
        assert.fail(`non-IdlError ${(e as Error)?.stack}\n--- input ---\n${text}`);
      }
      if (e.message.startsWith("fuzz.smithy: internal error")) assert.fail(`internal error: ${e.message}\n--- input ---\n${text}`);
      failed++;
    }
  }
  console.log(`idl fuzz: ${cases.length} cases, ${ok} loaded, ${failed} clean IdlErrors, ${(performance.now() - t0).toFixed(0)} ms`);
});

test("idl protocol-test models all load in under 2 s", () => {
  const r = loadProtocolTests();
  console.log(`idl protocol tests: ${r.files} files, ${r.shapes} shapes loaded in ${r.ms.toFixed(0)} ms`);
  assert.ok(r.ms < 2000, `took ${r.ms} ms`);
});
