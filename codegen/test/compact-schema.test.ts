/**
 * A generated `schema.js` holds the compact schema (`compactSchema`); the runtime reads it through
 * `expandSchema`. What the runtime reads must be the `ServiceSchema` codegen built, shape for shape,
 * except that a list with no trait is named after its item (`"Tag[]"`) instead of by its model name.
 * Checked on the models schema-traits.test.ts uses (together they carry every trait the runtime reads).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type CompactServiceSchema, expandSchema, type MemberSchema, type ServiceSchema, type ShapeSchema } from "@org/runtime/schema";
import { compactSchema } from "../src/emit-schema.js";
import { serviceOf } from "../src/generate.js";
import { printLiteral } from "../src/print.js";
import { AWS_MODELS, FIXTURES } from "./helpers.js";

const AWS = ["s3", "s3-control", "sqs", "sns", "auto-scaling", "dynamodb", "cloudwatch", "kinesis", "lambda", "connectcases", "bedrock-runtime"];
const models = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).map((f) => join(FIXTURES, f)),
  ...AWS.map((m) => join(AWS_MODELS, `${m}.json`)).filter((f) => existsSync(f)),
];

/**
 * `expanded` is `original` with each unnamed list's references renamed: checked without reusing
 * compactSchema's rules, by mapping every reference the expanded schema does not name to the list it was.
 */
function assertSameSchema(original: ServiceSchema, expanded: ServiceSchema): void {
  const { shapes: a, ...restA } = original;
  const { shapes: b, ...restB } = expanded;
  assert.deepEqual(restB, restA, "everything but the shapes is as codegen built it");
  const mapRef = (ref: string): string => {
    if (b[ref] || !a[ref]) return ref; // kept by name, or a primitive
    const s = a[ref];
    assert.ok(s.type === "list" && Object.keys(s).length === 2 && Object.keys(s.member).length === 1, `${ref} is dropped but is not a list without traits`);
    return mapRef(s.member.target) + "[]";
  };
  const mapMember = (m: MemberSchema): MemberSchema => ({ ...m, target: mapRef(m.target) });
  const mapShape = (s: ShapeSchema): ShapeSchema => {
    switch (s.type) {
      case "structure":
      case "union":
        return { ...s, members: Object.fromEntries(Object.entries(s.members).map(([k, m]) => [k, mapMember(m)])) };
      case "list":
        return { ...s, member: mapMember(s.member) };
      case "map":
        return { ...s, key: mapMember(s.key), value: mapMember(s.value) };
      default:
        return s;
    }
  };
  const expected: Record<string, ShapeSchema> = {};
  for (const [name, s] of Object.entries(a)) expected[mapRef(name)] = mapShape(s);
  assert.deepEqual(b, expected);
}

describe("schema.js holds the compact schema; the runtime expands it to codegen's ServiceSchema", () => {
  for (const file of models) {
    test(file.split("/").pop()!, () => {
      const svc = serviceOf(file);
      const compact = compactSchema(svc.schema);
      // what schema.js holds is a plain literal: round-trip it through JSON as the file does through a parser
      const loaded = JSON.parse(JSON.stringify(compact)) as CompactServiceSchema;
      assertSameSchema(svc.schema, expandSchema(loaded));
      // and it is compact: no member written as `{ target }` or `{ target, required }` alone, no aggregate by `type`
      const text = printLiteral(compact.shapes);
      assert.doesNotMatch(text, /\{ target: "[^"]*"(, required: true)? \}/);
      assert.doesNotMatch(text, /type: "(structure|union|list|map)"/);
    });
  }

  test("expandSchema expands a schema once, and returns an expanded one as it is", () => {
    const svc = serviceOf(join(FIXTURES, "widgets.json"));
    const compact = compactSchema(svc.schema);
    const expanded = expandSchema(compact);
    assert.equal(expandSchema(compact), expanded, "the same schema object for every client");
    assert.equal(expandSchema(expanded), expanded);
    assert.equal(expandSchema(svc.schema), svc.schema, "a hand-written, expanded schema is used as it is");
  });

  test("a list of lists, and a list with traits or behind an httpPayload keeps its name", () => {
    const schema: ServiceSchema = {
      name: "S",
      sdkId: "S",
      version: "1",
      protocol: "restXml",
      auth: [],
      envName: "S",
      operations: { Op: { input: "In", output: "Unit" } },
      shapes: {
        In: {
          type: "structure",
          members: { grid: { target: "Rows" }, named: { target: "Named", required: true }, body: { target: "Payload", httpPayload: true } },
        },
        Rows: { type: "list", member: { target: "Row" } },
        Row: { type: "list", member: { target: "integer" } },
        Named: { type: "list", member: { target: "string", xmlName: "item" } },
        Payload: { type: "list", member: { target: "string" } },
      },
    };
    const compact = compactSchema(schema);
    assert.deepEqual(compact.shapes, {
      In: { structure: { grid: "integer[][]", named: "Named!", body: { target: "Payload", httpPayload: true } } },
      Named: { list: { target: "string", xmlName: "item" } },
      Payload: { list: "string" },
    });
    const expanded = expandSchema(compact);
    assert.deepEqual(expanded.shapes.In, {
      type: "structure",
      members: { grid: { target: "integer[][]" }, named: { target: "Named", required: true }, body: { target: "Payload", httpPayload: true } },
    });
    assert.deepEqual(expanded.shapes["integer[][]"], { type: "list", member: { target: "integer[]" } });
    assert.deepEqual(expanded.shapes["integer[]"], { type: "list", member: { target: "integer" } });
    assertSameSchema(schema, expanded);
  });
});
