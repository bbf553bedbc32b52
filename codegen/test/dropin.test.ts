/**
 * A model dropped into `models/` generates its package with a plain `pnpm codegen`, changes nothing
 * else, and the generated declarations (the drop-in's and bedrock-runtime's) type-check under strict.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { expandSchema } from "@org/runtime/schema";
import { cleanup, dropIn, runCli, snapshot, tempWorkspace, typecheck, write, type Entry } from "./helpers.js";

after(cleanup);

describe("a model dropped into models/", () => {
  let root: string;
  let before1: Map<string, Entry>;
  let before2: Map<string, Entry>;

  before(() => {
    // name-clash.json (names.test.ts) is there from the start, so its package is type-checked below too
    root = tempWorkspace({ services: ["bedrock-runtime"], dropIns: { "name-clash.json": "name-clash.json" } });
    const r1 = runCli(root, "--quiet");
    assert.equal(r1.status, 0, r1.stderr);
    before1 = snapshot(join(root, "packages"));
    before2 = snapshot(join(root, "node_modules", "@org"));
    dropIn(root, "widgets.json", "widgets.json");
    const r2 = runCli(root);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, /3 packages generated/);
    assert.match(r2.stdout, /@org\/widgetstore/);
  });

  test("generates its package and its node_modules link", () => {
    const dir = join(root, "packages", "widgetstore");
    for (const f of ["package.json", "index.js", "index.d.ts", "types.d.ts", "errors.d.ts", "README.md"]) {
      assert.ok(existsSync(join(dir, f)), `missing ${f}`);
    }
    for (const f of ["errors.js", "schema.js"]) assert.ok(!existsSync(join(dir, f)), `${f}: the client, errors and schema are one index.js`);
    assert.doesNotMatch(readFileSync(join(dir, "index.js"), "utf8"), /endpointRuleSet|@org\/partitions/, "a model without rules gets no rule set");
    assert.match(readFileSync(join(root, "packages", "bedrockruntime", "index.js"), "utf8"), /\n  endpointRuleSet: \{"version":"1\.0",.*\},\n  partitions,\n\};\n$/);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "@org/widgetstore");
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ["@org/eventstream", "@org/runtime"]);
    assert.equal(realpathSync(join(root, "node_modules", "@org", "widgetstore")), realpathSync(dir));
    assert.match(readFileSync(join(dir, "README.md"), "utf8"), /pnpm codegen widgets`/);
  });

  test("changes nothing else", () => {
    const after1 = snapshot(join(root, "packages"));
    const after2 = snapshot(join(root, "node_modules", "@org"));
    for (const [path, e] of before1) {
      const now = after1.get(path);
      assert.ok(now, `${path} disappeared`);
      assert.equal(now.content, e.content, `${path} changed`);
      assert.equal(now.mtimeMs, e.mtimeMs, `${path} was rewritten`);
    }
    const added = [...after1.keys()].filter((p) => !before1.has(p));
    assert.ok(added.length > 0 && added.every((p) => p.startsWith("widgetstore/")), added.join(", "));
    assert.deepEqual([...after2.keys()].filter((p) => !before2.has(p)), ["widgetstore"]);
    for (const [path, e] of before2) assert.equal(after2.get(path)?.content, e.content, path);
  });

  test("the types spell out enums, intEnums and unions", () => {
    const types = readFileSync(join(root, "packages", "widgetstore", "types.d.ts"), "utf8");
    assert.match(types, /export type Color = "red" \| "green" \| "blue" \| \(string & \{\}\);/);
    // a member without enumValue has its name as value
    assert.match(types, /export type View = "FULL" \| "brief" \| \(string & \{\}\);/);
    assert.match(types, /export type Size = 1 \| 2 \| \(number & \{\}\);/);
    assert.match(types, /export type Shape = OneOf<\{\n  circle: Circle;\n  square: number;\n  none: \{\};\n\}>;/);
    assert.match(types, /export type WidgetEvents = OneOf<\{\n  changed: WidgetChanged;\n  deleted: WidgetDeleted;\n\}>;/);
    assert.match(types, /  createdAt\?: EpochTime;\n  updatedAt\?: Date;/);
    assert.match(types, /export type EpochTime = Date;/);
    assert.match(types, /  metadata\?: DocumentType;/);
  });

  test("an input event stream is typed as its events: an AsyncIterable or an array (bedrock-runtime)", () => {
    const types = readFileSync(join(root, "packages", "bedrockruntime", "types.d.ts"), "utf8");
    assert.match(types, /  body: AsyncIterable<InvokeModelWithBidirectionalStreamInput> \| InvokeModelWithBidirectionalStreamInput\[\];/);
    const index = readFileSync(join(root, "packages", "bedrockruntime", "index.d.ts"), "utf8");
    assert.match(index, /The input's `body` is an event stream/);
    assert.doesNotMatch(index, /Not supported yet: input event streams/);
  });

  test("the schema carries every kind of shape", async () => {
    // the schema is written compactly; the runtime reads it expanded
    const { schema: compact } = await import(join(root, "packages", "widgetstore", "index.js"));
    assert.deepEqual(compact.shapes.Widget.structure.size, "integer");
    assert.equal(compact.shapes.TagList, undefined, "a list with no trait is written as `string[]` where it is used");
    assert.deepEqual(compact.shapes.AttributeMap, { map: { key: "string", value: "integer" } });
    const schema = expandSchema(compact);
    assert.equal(schema.protocol, "restJson1");
    assert.equal(schema.sdkId, "Widget Store");
    assert.equal(schema.signingName, "widgets");
    assert.deepEqual(schema.operations.WatchWidgets.outputEventStream, "events");
    assert.deepEqual(schema.operations.PutWidget.http, { method: "PUT", uri: "/widgets/{widgetId}", code: 204 });
    const w = schema.shapes.Widget;
    assert.deepEqual(w.members.name, { target: "WidgetName", jsonName: "displayName" });
    assert.deepEqual(schema.shapes.WidgetName, { type: "string", sensitive: true });
    assert.deepEqual(w.members.color, { target: "string", default: "red" });
    assert.deepEqual(w.members.size, { target: "integer" });
    assert.deepEqual(w.members.createdAt, { target: "EpochTime" });
    assert.deepEqual(schema.shapes.EpochTime, { type: "timestamp", timestampFormat: "epoch-seconds" });
    assert.deepEqual(w.members.updatedAt, { target: "timestamp", timestampFormat: "http-date" });
    assert.deepEqual(w.members.thumbnail, { target: "blob" });
    assert.deepEqual(w.members.metadata, { target: "document" });
    assert.equal(schema.shapes.Shape.type, "union");
    assert.deepEqual(schema.shapes.Shape.members.none, { target: "Unit" });
    assert.deepEqual(w.members.tags, { target: "string[]" });
    assert.deepEqual(schema.shapes["string[]"], { type: "list", member: { target: "string" } });
    assert.deepEqual(schema.shapes.AttributeMap, { type: "map", key: { target: "string" }, value: { target: "integer" } });
    assert.equal(schema.shapes.WidgetEvents.streaming, true);
    assert.deepEqual(schema.shapes.WidgetChanged.members.widgetId, { target: "string", eventHeader: true });
    assert.deepEqual(schema.shapes.WidgetChanged.members.widget, { target: "Widget", eventPayload: true });
    assert.deepEqual(schema.shapes.PutWidgetInput.members.clientToken, { target: "string", idempotencyToken: true, httpHeader: "x-client-token" });
    assert.equal(schema.shapes.WidgetNotFound.httpError, 404);
    assert.deepEqual(schema.shapes.ThrottledError.retryable, { throttling: true });
  });

  test("the generated client and its types work together", async () => {
    const mod = await import(join(root, "packages", "widgetstore", "index.js"));
    const client = mod.widgetstore({ region: "us-east-1" });
    assert.ok(client instanceof mod.WidgetStoreClient);
    for (const m of ["getWidget", "putWidget", "watchWidgets"]) assert.equal(typeof client[m], "function", m);
    assert.equal(typeof mod.WidgetNotFound, "function");
    const e = new mod.WidgetNotFound({ message: "gone", $metadata: {}, fields: { widgetId: "w1" } });
    assert.equal(e.name, "WidgetNotFound");
    assert.equal(e.$fault, "client");
    assert.equal(e.widgetId, "w1");
    client.destroy();
  });

  test("the drop-ins' and bedrock-runtime's declarations type-check under strict", () => {
    // a caller's code: what a user writes against the two packages
    write(
      join(root, "usage", "use.ts"),
      `import { widgetstore, WidgetNotFound, type Widget, type Shape, type Color } from "@org/widgetstore";
import { bedrockruntime, ValidationException } from "@org/bedrockruntime";

export async function main(): Promise<void> {
  const client = widgetstore({ region: "us-west-2" });
  const w: Widget = await client.getWidget({ widgetId: "w1", view: "brief" });
  const id: string = w.id;
  const color: Color | undefined = w.color;
  const created: Date | undefined = w.createdAt;
  const size: 1 | 2 | number | undefined = w.size;
  const shape: Shape = { circle: { radius: 1 } };
  await client.putWidget({ widgetId: id, widget: { id, tags: ["a"], attributes: { n: 1 }, shape, thumbnail: new Uint8Array(1) } });
  const res = await client.watchWidgets({});
  const n: number = (await res.events((ev) => 1)).length;
  for await (const ev of res) {
    if (ev.changed) console.log(ev.changed.widget?.name);
  }
  try {
    await client.getWidget({ widgetId: "missing" });
  } catch (e) {
    if (e instanceof WidgetNotFound) console.log(e.widgetId, e.$fault);
  }
  // @ts-expect-error widgetId is required
  await client.getWidget({});
  const br = bedrockruntime({ region: "us-east-1" });
  const out = await br.converse({ modelId: "m", messages: [{ role: "user", content: [{ text: "hi" }] }] });
  console.log(out.output?.message?.content, color, created, size, n, res.requestId, ValidationException);
  client.destroy();
  br.destroy();
}
`,
    );
    // shapes named like globals and runtime exports, operations named like client members
    write(
      join(root, "usage", "names.ts"),
      `import { nameclash, NameClashClient_, ServiceException_, T_, type Object_, type Record_, type example_other_Thing } from "@org/nameclash";
import { ServiceException } from "@org/runtime";

export async function main(): Promise<void> {
  const c: NameClashClient_ = nameclash({ region: "us-east-1" });
  const input: Object_ = { symbol: "a", promise: [{ when: new Date() }], map: { text: "x" }, oneOf: 1, "with-dash": 1, default: {}, string: ["s"] };
  const err = await c.send_(input);
  const rec: Record_ = await c.config_();
  const thing: example_other_Thing = await c.getThings({ thing: { name: "n" } });
  try {
    await c.then_({ id: "x" });
  } catch (e) {
    if (e instanceof ServiceException_ || e instanceof T_) console.log(e.name);
    if (e instanceof ServiceException) console.log(e.$fault);
  }
  console.log(err.code, rec, thing.other?.name);
  c.destroy();
}
`,
    );
    const r = typecheck(root, ["packages/*/index.d.ts", "usage/*.ts"]);
    assert.equal(r.status, 0, r.output);
  });
});
