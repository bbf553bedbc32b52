// The built package (dist/esm, scripts/bundle-package.mjs): every module in one file, so classes and
// module state are shared whichever entry point is imported, and a restJson1 service loads one file.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const esm = fileURLToPath(new URL("../dist/esm/", import.meta.url));
const SERVICE_ENTRIES = ["rest-json", "aws-json", "rpcv2-json", "rpcv2-cbor", "rest-xml", "aws-query", "ec2-query"];

/** The specifiers a built file imports statically. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(esm, file), "utf8");
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)].map((m) => m[1] ?? m[2]);
}

test("classes are the same objects through every entry point", async () => {
  const all = [
    await import("@org/runtime"),
    await import("@org/runtime/client"),
    ...(await Promise.all(SERVICE_ENTRIES.map((e) => import(`@org/runtime/service/${e}`)))),
  ];
  for (const m of all) {
    assert.equal(m.Client, all[0].Client);
    assert.equal(m.ServiceException, all[0].ServiceException);
  }
  const protocols = await import("@org/runtime/protocols/rest-json");
  assert.equal(protocols.restJson1, (await import("@org/runtime/service/rest-json")).restJson1);
});

test("the protocol registry is one: @org/runtime registers the modules the service entries export", async () => {
  const { protocolFor } = await import("@org/runtime");
  assert.equal(protocolFor("restJson1"), (await import("@org/runtime/service/rest-json")).restJson1);
  assert.equal(protocolFor("restXml"), (await import("@org/runtime/service/rest-xml")).restXml);
  assert.equal(protocolFor("awsJson1_1"), (await import("@org/runtime/service/aws-json")).awsJson1_1);
});

test("a restJson1 service loads one file of the runtime; no chunk files", () => {
  assert.deepEqual(
    importsOf("service/rest-json.js").filter((s) => s.startsWith(".")),
    [],
  );
  assert.ok(!readdirSync(esm).includes("chunks"));
  // the other protocols' files import only the runtime's own earlier files, never a chunk
  for (const e of SERVICE_ENTRIES) {
    for (const s of importsOf(`service/${e}.js`)) assert.ok(!s.startsWith(".") || /^\.\/[a-z0-9-]+\.js$/.test(s), `${e}: ${s}`);
  }
});

test("the service entries hold no opt-in feature code; each feature module is its own file", () => {
  // what only feature/checksums, feature/customizations and feature/context-params (with crc.ts) should contain
  const markers = ["crc32c", "Crc64Nvme", "x-amz-checksum-", "awsChunked", "treeHash", "x-amz-glacier-version", "PathParser", "keys() is the only function"];
  for (const e of SERVICE_ENTRIES) {
    const text = readFileSync(join(esm, `service/${e}.js`), "utf8");
    for (const m of markers) assert.ok(!text.includes(m), `service/${e}.js contains ${m}`);
  }
  const features = readdirSync(join(esm, "feature")).sort();
  assert.deepEqual(features, ["checksums.js", "context-params.js", "customizations.js"]);
  for (const f of features) {
    // a feature file imports only the runtime's service file it builds on, never another protocol's
    for (const s of importsOf(`feature/${f}`)) assert.ok(!s.startsWith(".") || s === "../service/rest-json.js", `${f}: ${s}`);
  }
});

test("@org/runtime's allFeatures is the feature modules' own objects", async () => {
  const { allFeatures } = await import("@org/runtime");
  assert.equal(allFeatures.checksums, (await import("@org/runtime/feature/checksums")).checksums);
  assert.equal(allFeatures.customizations, (await import("@org/runtime/feature/customizations")).customizations);
  assert.equal(allFeatures.contextParams, (await import("@org/runtime/feature/context-params")).contextParams);
});
