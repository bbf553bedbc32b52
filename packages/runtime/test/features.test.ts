// Opt-in feature modules (features.ts, feature/*): what each operation needs, and a client built without
// a module its call needs fails before sending, with a NotSupportedError naming the module to import.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Client } from "../src/client.js";
import { NotSupportedError } from "../src/errors.js";
import { checksums } from "../src/feature/checksums.js";
import { contextParams } from "../src/feature/context-params.js";
import { customizations } from "../src/feature/customizations.js";
import { featuresNeeded } from "../src/features.js";
import type { HttpRequest } from "../src/http/types.js";
import { allFeatures } from "../src/index.js";
import { restJson1 } from "../src/protocols/rest-json.js";
import type { OperationSchema, ServiceSchema } from "../src/schema.js";
import { service } from "./support/schema-fixtures.js";

const OPS: Record<string, OperationSchema> = {
  Plain: { input: "Unit", output: "Unit", http: { method: "GET", uri: "/plain" } },
  Put: { input: "Unit", output: "Unit", http: { method: "PUT", uri: "/put" }, httpChecksum: { requestChecksumRequired: true } },
  Md5: { input: "Unit", output: "Unit", http: { method: "PUT", uri: "/md5" }, httpChecksumRequired: true },
  Batch: { input: "Unit", output: "Unit", http: { method: "POST", uri: "/batch" }, operationContextParams: { Names: { path: "Items[*].Name" } } },
};
const RULES: ServiceSchema["endpointRuleSet"] = {
  version: "1.0",
  parameters: { Names: { type: "stringArray", required: false } },
  rules: [{ type: "endpoint", conditions: [], endpoint: { url: "https://svc.example.com" } }],
} as ServiceSchema["endpointRuleSet"];

function schema(extra: Partial<ServiceSchema> = {}): ServiceSchema {
  return service({}, OPS, { auth: ["smithy.api#noAuth"], endpointRuleSet: RULES, partitions: { partitions: [] }, ...extra });
}

/** A client whose handler records what would be sent. */
function client(s: ServiceSchema, features?: ConstructorParameters<typeof Client>[4]) {
  const sent: HttpRequest[] = [];
  const httpHandler = {
    async send(request: HttpRequest) {
      sent.push(request);
      return { statusCode: 200, headers: {}, body: (async function* () {})() as never };
    },
  };
  return { sent, client: new Client(s, {}, { region: "us-east-1", env: {}, maxAttempts: 1, httpHandler }, restJson1, features) };
}

describe("featuresNeeded", () => {
  test("by the operation's traits, and customizations by the service's sdkId", () => {
    const s = schema();
    assert.deepEqual(featuresNeeded(s, OPS.Plain!), []);
    assert.deepEqual(featuresNeeded(s, OPS.Put!), ["checksums"]);
    assert.deepEqual(featuresNeeded(s, OPS.Md5!), ["checksums"]);
    assert.deepEqual(featuresNeeded(s, OPS.Batch!), ["contextParams"]);
    for (const sdkId of ["API Gateway", "Glacier", "Machine Learning", "S3"]) assert.deepEqual(featuresNeeded(schema({ sdkId }), OPS.Plain!), ["customizations"], sdkId);
  });

  test("allFeatures has each feature module's object", () => {
    assert.deepEqual(allFeatures, { checksums, customizations, contextParams });
  });
});

describe("a client built without a feature its call needs", () => {
  const cases: [string, Partial<ServiceSchema>, RegExp][] = [
    ["Put", {}, /Fixture Put: .*import \{ checksums \} from "@org\/runtime\/feature\/checksums"/],
    ["Md5", {}, /Fixture Md5: .*import \{ checksums \} from "@org\/runtime\/feature\/checksums"/],
    ["Batch", {}, /Fixture Batch: .*import \{ contextParams \} from "@org\/runtime\/feature\/context-params"/],
    ["Plain", { sdkId: "Glacier" }, /Glacier Plain: .*import \{ customizations \} from "@org\/runtime\/feature\/customizations"/],
  ];
  for (const [op, extra, message] of cases) {
    test(`${extra.sdkId ?? "Fixture"} ${op}: rejects with a NotSupportedError naming the module, and sends nothing`, async () => {
      const { client: c, sent } = client(schema(extra));
      await assert.rejects(c.send(op), (e: Error) => e instanceof NotSupportedError && message.test(e.message));
      // the check is cached only when it passes: the next call fails the same way
      await assert.rejects(c.send(op), NotSupportedError);
      assert.equal(sent.length, 0);
    });
  }

  test("operations that need nothing still work without any feature", async () => {
    const { client: c, sent } = client(schema());
    await c.send("Plain");
    assert.equal(sent.length, 1);
  });

  test("with the features, the same calls are sent with what they need", async () => {
    const { client: c, sent } = client(schema(), allFeatures);
    await c.send("Put");
    await c.send("Md5");
    await c.send("Batch", { Items: [{ Name: "a" }] });
    assert.match(sent[0]!.headers["x-amz-checksum-crc32"] ?? "", /^[A-Za-z0-9+/]+=*$/);
    assert.equal(sent.length, 3);
  });

  test("the features a generated package passes are the only ones it has", async () => {
    const { client: c } = client(schema(), { checksums });
    await c.send("Put");
    await assert.rejects(c.send("Batch", { Items: [] }), /feature\/context-params/);
  });
});
