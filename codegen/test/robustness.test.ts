/**
 * Broken models get an error that names the file and the shape; the CLI lists every failure at the
 * end and exits non-zero, and the other models still generate. A protocol the runtime does not
 * implement is not an error: the package generates and its calls reject.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { serviceOf } from "../src/generate.js";
import { ModelError } from "../src/model.js";
import { cleanup, dropIn, FIXTURES, runCli, runCliProcess, tempDir, tempWorkspace, write, type CliResult } from "./helpers.js";

after(cleanup);

type Ast = { smithy: string; shapes: Record<string, any> };
const SERVICE = "example.widgets#WidgetService";

/** widgets.json with its own sdkId, changed by `edit`. */
function variant(sdkId: string, edit: (ast: Ast) => void): string {
  const ast = JSON.parse(readFileSync(join(FIXTURES, "widgets.json"), "utf8")) as Ast;
  ast.shapes[SERVICE].traits["aws.api#service"].sdkId = sdkId;
  edit(ast);
  return JSON.stringify(ast, null, 2);
}

const BAD: Record<string, { text: string; error: RegExp; shape?: true }> = {
  "bad-json.json": { text: `{ "smithy": "2.0", "shapes": { "a#B": { "type": "structure" }, } }`, error: /bad-json\.json: invalid JSON/ },
  "dangling.json": {
    shape: true,
    text: variant("Dangling", (ast) => {
      ast.shapes["example.widgets#Widget"].members.tags.target = "example.widgets#Missing";
    }),
    error: /dangling\.json: example\.widgets#Widget\$tags: references example\.widgets#Missing, which the model does not define/,
  },
  "dangling-op.json": {
    shape: true,
    text: variant("Dangling Op", (ast) => {
      ast.shapes[SERVICE].operations.push({ target: "example.widgets#DeleteWidget" });
    }),
    error: /dangling-op\.json: example\.widgets#WidgetService: references example\.widgets#DeleteWidget/,
  },
  "no-service.json": {
    text: variant("No Service", (ast) => {
      delete ast.shapes[SERVICE];
    }),
    error: /no-service\.json: the model defines no service shape/,
  },
  "two-services.json": {
    shape: true,
    text: variant("Two Services", (ast) => {
      ast.shapes["example.widgets#OtherService"] = { type: "service", version: "1", operations: [{ target: "example.widgets#GetWidget" }] };
    }),
    error: /two-services\.json: the model defines 2 services \(example\.widgets#OtherService, example\.widgets#WidgetService\); put each in its own file/,
  },
  "no-type.json": {
    shape: true,
    text: `{ "smithy": "2.0", "shapes": { "a.b#C": { "traits": {} } } }`,
    error: /no-type\.json: a\.b#C: shape has no "type"/,
  },
  "not-smithy.json": { text: `[1, 2, 3]`, error: /not-smithy\.json: not a Smithy JSON AST object/ },
};

describe("broken models, one at a time", () => {
  const dir = tempDir();
  for (const [name, { text, error, shape }] of Object.entries(BAD)) {
    test(`${name}: a ModelError naming the file${shape ? " and the shape" : ""}`, () => {
      const file = join(dir, name);
      write(file, text);
      assert.throws(
        () => serviceOf(file),
        (e: unknown) => {
          assert.ok(e instanceof ModelError, String(e));
          assert.ok(e.message.startsWith(file + ": "), e.message);
          assert.match(e.message, error);
          return true;
        },
      );
    });
  }

  test("a .smithy file without a service gets a ModelError naming the file", () => {
    const file = join(dir, "idl.smithy");
    write(file, "$version: \"2\"\nnamespace a.b\n\nstructure Foo {}\n");
    assert.throws(
      () => serviceOf(file),
      (e: unknown) => e instanceof ModelError && e.message.startsWith(`${file}: `),
    );
  });
});

describe("the CLI with several models, some broken", () => {
  let root: string;
  let run: CliResult;

  before(() => {
    root = tempWorkspace();
    for (const [name, { text }] of Object.entries(BAD)) dropIn(root, name, text);
    dropIn(root, "widgets.json", "widgets.json");
    dropIn(
      root,
      "odd-protocol.json",
      variant("Odd Protocol", (ast) => {
        const t = ast.shapes[SERVICE].traits;
        delete t["aws.protocols#restJson1"];
        t["example.protocols#fooProtocol"] = { version: 3 };
      }),
    );
    dropIn(
      root,
      "no-protocol.json",
      variant("No Protocol", (ast) => {
        delete ast.shapes[SERVICE].traits["aws.protocols#restJson1"];
      }),
    );
    run = runCliProcess(root);
  });

  test("exits non-zero and lists every failure at the end, naming file and shape", () => {
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /codegen: 3 packages generated in [\d.]+ s, 7 failed/);
    const failed = run.stderr.trimEnd().split("\n");
    assert.equal(failed.length, Object.keys(BAD).length, run.stderr);
    for (const [name, { error }] of Object.entries(BAD)) {
      const line = failed.find((l) => l.startsWith(`  FAILED models/${name}: `));
      assert.ok(line, `${name} not listed:\n${run.stderr}`);
      // the listing names the file once, relative to the workspace
      assert.match(line.replace(`  FAILED models/`, ""), error);
    }
  });

  test("the good models still generate", () => {
    for (const pkg of ["widgetstore", "oddprotocol", "noprotocol", "partitions"]) {
      assert.ok(existsSync(join(root, "packages", pkg, "index.js")), pkg);
      assert.ok(existsSync(join(root, "node_modules", "@org", pkg)), pkg);
    }
    for (const pkg of ["dangling", "danglingop", "noservice", "twoservices"]) assert.ok(!existsSync(join(root, "packages", pkg)), pkg);
  });

  test("an unknown protocol generates, and the runtime rejects its calls as not supported yet", async () => {
    const { schema } = await import(join(root, "packages", "oddprotocol", "index.js"));
    assert.equal(schema.protocol, "fooProtocol");
    assert.deepEqual(schema.protocolOptions, { version: 3 });
    const mod = await import(join(root, "packages", "oddprotocol", "index.js"));
    const client = mod.oddprotocol({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    await assert.rejects(client.getWidget({ widgetId: "w" }), (e: Error) => {
      assert.equal(e.name, "NotSupportedError");
      assert.match(e.message, /protocol fooProtocol is not supported yet/);
      return true;
    });
    client.destroy();
  });

  test("no protocol trait at all generates as protocol \"none\", rejected the same way", async () => {
    const mod = await import(join(root, "packages", "noprotocol", "index.js"));
    const client = mod.noprotocol({ region: "us-east-1" });
    await assert.rejects(client.putWidget({ widgetId: "w" }), /protocol none is not supported yet/);
    client.destroy();
  });

  test("a models directory without partitions.json fails @org/partitions but not the services", () => {
    const bare = tempWorkspace({ modelsDir: tempDir() });
    dropIn(bare, "widgets.json", "widgets.json");
    const r = runCli(bare, "--quiet");
    assert.equal(r.status, 1);
    assert.match(r.stdout, /1 package generated/);
    assert.match(r.stderr, /FAILED .*partitions\.json: .*cannot read the partitions data/);
    assert.ok(existsSync(join(bare, "packages", "widgetstore", "index.js")));
  });

  test("a model can be named by file stem or by package name", () => {
    const r = runCli(root, "--quiet", "widgets", "@org/oddprotocol", "noprotocol");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /3 packages generated/);
  });

  test("--out-dir writes the packages elsewhere and links nothing", () => {
    const out = tempDir();
    const r = runCli(root, "--quiet", `--out-dir=${out}`, "widgets");
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(out, "widgetstore", "index.d.ts")));
    assert.ok(existsSync(join(out, "partitions", "index.js")));
    assert.ok(!existsSync(join(out, "node_modules")));
  });

  test("an unknown model name or option is a usage error", () => {
    const r = runCli(root, "no-such-model");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no model named "no-such-model"/);
    const u = runCli(root, "--frobnicate");
    assert.equal(u.status, 2);
    assert.match(u.stderr, /unknown option --frobnicate/);
  });

  test("invalid models/services.json is reported, not thrown", () => {
    const ws = tempWorkspace();
    write(join(ws, "models", "services.json"), "{ nope");
    const r = runCli(ws);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /services\.json: invalid JSON/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });
});
