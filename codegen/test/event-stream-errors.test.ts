/**
 * Errors only an event stream raises (an error structure as a member of a streaming union, such as
 * Smithy's `ErrorEvent` or CloudWatch Logs' `SessionTimeoutException`) get a generated class, like the
 * operation's and the service's errors; the event union's type leaves them out, as it does the others.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { emitPackage } from "../src/emit-package.js";
import { type AstShape, SmithyModel } from "../src/model.js";
import { buildService } from "../src/service.js";

const shapes: Record<string, AstShape> = {
  "ex#Svc": {
    type: "service",
    version: "2024-01-01",
    operations: [{ target: "ex#Watch" }],
    traits: { "aws.protocols#restJson1": {}, "aws.api#service": { sdkId: "Ex" } },
  },
  "ex#Watch": {
    type: "operation",
    input: { target: "smithy.api#Unit" },
    output: { target: "ex#WatchOutput" },
    errors: [{ target: "ex#OpError" }],
    traits: { "smithy.api#http": { method: "GET", uri: "/watch" } },
  },
  "ex#WatchOutput": { type: "structure", members: { events: { target: "ex#Events", traits: { "smithy.api#httpPayload": {} } } } },
  "ex#Events": {
    type: "union",
    members: { tick: { target: "ex#Tick" }, streamFailed: { target: "ex#StreamError" }, opError: { target: "ex#OpError" } },
    traits: { "smithy.api#streaming": {} },
  },
  "ex#Tick": { type: "structure", members: { n: { target: "smithy.api#Integer" } } },
  "ex#StreamError": { type: "structure", members: { message: { target: "smithy.api#String" } }, traits: { "smithy.api#error": "server" } },
  "ex#OpError": { type: "structure", members: { message: { target: "smithy.api#String" } }, traits: { "smithy.api#error": "client" } },
};

test("an error only an event stream raises gets a generated class", () => {
  const svc = buildService(new SmithyModel("ex.json", shapes), "ex#Svc");
  assert.deepEqual([...svc.errorShapes].sort(), ["ex#OpError", "ex#StreamError"]);
  const files = new Map(emitPackage(svc, { scope: "@org", version: "0.0.0", modelFile: "ex.json" }).map((f) => [f.path, f.content]));
  const errorsJs = files.get("index.js")!;
  assert.match(errorsJs, /export class StreamError extends ServiceException \{[^}]*super\(init, "StreamError", "server"\)/);
  assert.match(errorsJs, /export const errors = \{ OpError, StreamError \};/);
  assert.match(files.get("errors.d.ts")!, /export declare class StreamError extends ServiceException/);
  // the event union's type lists the events only; the errors are classes, not types
  const types = files.get("types.d.ts")!;
  assert.doesNotMatch(types, /interface StreamError\b/);
  assert.match(types, /tick/);
  assert.doesNotMatch(types, /streamFailed/);
});
