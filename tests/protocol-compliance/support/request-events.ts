/**
 * The request side of `eventStreamTests` cases: the operation is called with the case's
 * `initialRequestParams` and its `request` events (as an array, the input stream member), the
 * signed request is captured, and
 * - the initial request (method, URI, headers) is compared with `initialRequest`;
 * - the body is read as event-stream frames: each a SigV4 envelope (`:date`, `:chunk-signature`)
 *   whose signature must chain from the request's seed signature, ending with an empty envelope;
 * - the messages inside (unsigned, as the cases define them) are compared with each event's
 *   `headers` (typed) and `bytes` (the whole encoded message).
 */
import { decodeMessage, type EventMessage, type HeaderValue, readPrelude } from "@org/eventstream";
import type { ServiceSchema, StructureSchema } from "@org/runtime";
import { signEventMessage } from "../../../packages/runtime/src/auth/sigv4.js";
import type { LoadedService, TestCase } from "./corpus.js";
import { fromParams } from "./values.js";

const EVENT_STREAM = "application/vnd.amazon.eventstream";
const STREAMING = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

export interface RequestEventsDeps {
  /** calls the operation with `input`, handing the signed request to `send` */
  call: (input: unknown, send: (req: any) => Promise<any>) => Promise<unknown>;
  placeholderInput: (schema: ServiceSchema, inputRef: string) => Record<string, unknown>;
  bodyBytes: (body: unknown) => Promise<Uint8Array>;
  withTimeout: <T>(p: Promise<T>, what: string) => Promise<T>;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
}

class Captured extends Error {
  constructor(
    readonly request: any,
    readonly body: Uint8Array,
  ) {
    super("captured");
  }
}

export async function checkRequestEvents(c: TestCase, _loaded: LoadedService, deps: RequestEventsDeps): Promise<string[]> {
  const { def, svc } = c;
  const schema = svc.schema;
  const op = schema.operations[c.opName];
  const member = op.inputEventStream;
  if (!member) return ["the case sends request events, but the operation has no input event stream"];
  const unionRef = (schema.shapes[op.input] as StructureSchema).members[member].target;
  const events = ((def.events ?? []) as Record<string, any>[]).filter((e) => e.type === "request");
  const input = {
    ...(def.initialRequestParams ? (fromParams(schema, op.input, def.initialRequestParams) as Record<string, unknown>) : deps.placeholderInput(schema, op.input)),
    [member]: events.map((e) => fromParams(schema, unionRef, e.params ?? {})),
  };

  let req: any;
  let body: Uint8Array;
  try {
    await deps.withTimeout(
      deps.call(input, async (r) => {
        throw new Captured(r, await deps.bodyBytes(r.body));
      }),
      c.key,
    );
    return ["the call returned without sending a request"];
  } catch (e) {
    if (!(e instanceof Captured)) return [`the call failed before sending: ${(e as Error)?.stack ?? e}`];
    req = e.request;
    body = e.body;
  }

  const problems: string[] = [];
  const headers = req.headers as Record<string, string>;
  const init = def.initialRequest as Record<string, any> | undefined;
  if (init) {
    if (init.method !== undefined && req.method !== init.method) problems.push(`initial request method: expected ${init.method}, got ${req.method}`);
    const [path] = String(init.uri ?? req.path).split("?");
    if (req.path !== path) problems.push(`initial request uri: expected ${path}, got ${req.path}`);
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      if (headers[k.toLowerCase()] !== v) problems.push(`initial request header ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(headers[k.toLowerCase()])}`);
    }
  }
  if (headers["content-type"] !== EVENT_STREAM) problems.push(`content-type: expected ${EVENT_STREAM}, got ${JSON.stringify(headers["content-type"])}`);

  // the frames; signed ones are unwrapped, their signature chain checked
  let frames: EventMessage[];
  try {
    frames = splitFrames(body);
  } catch (e) {
    return [...problems, `the body is not a sequence of event-stream frames: ${(e as Error).message}`];
  }
  const seed = /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? "")?.[1];
  let messages: { message: EventMessage; bytes: Uint8Array }[];
  if (seed) {
    if (headers["x-amz-content-sha256"] !== STREAMING) problems.push(`x-amz-content-sha256: expected ${STREAMING}, got ${JSON.stringify(headers["x-amz-content-sha256"])}`);
    const signingName = schema.signingName ?? schema.endpointPrefix ?? schema.name;
    messages = [];
    let prior = seed;
    for (const [i, f] of frames.entries()) {
      const date = f.headers[":date"];
      const sig = f.headers[":chunk-signature"];
      if (date?.type !== "timestamp" || sig?.type !== "binary") {
        problems.push(`frame ${i}: not a signed envelope (:date timestamp and :chunk-signature bytes expected)`);
        continue;
      }
      const { signature } = await signEventMessage({ headers: { ":date": { type: "timestamp", value: date.value } }, body: f.body }, prior, {
        credentials: deps.credentials,
        region: deps.region,
        signingName,
        signingDate: date.value,
      });
      if (Buffer.from(sig.value).toString("hex") !== signature) problems.push(`frame ${i}: :chunk-signature does not chain from the previous signature`);
      prior = signature;
      if (i === frames.length - 1) {
        if (f.body.length !== 0) problems.push("the stream does not end with an empty signed frame");
      } else messages.push({ message: decodeMessage(f.body), bytes: f.body });
    }
  } else {
    messages = frames.map((f) => ({ message: f, bytes: encodeFrame(body, f) }));
  }
  // RPC protocols send an initial-request event first: not one of the case's events
  if (messages[0]?.message.headers[":event-type"]?.value === "initial-request") messages.shift();

  if (messages.length !== events.length) problems.push(`expected ${events.length} messages, got ${messages.length}`);
  events.forEach((e, i) => {
    const got = messages[i];
    if (!got) return;
    const want = expectedHeaders(e.headers ?? {});
    const gotH = Object.fromEntries(Object.entries(got.message.headers).map(([k, v]) => [k, show(v)]));
    const wantH = Object.fromEntries(Object.entries(want).map(([k, v]) => [k, show(v)]));
    if (JSON.stringify(Object.entries(gotH).sort()) !== JSON.stringify(Object.entries(wantH).sort())) {
      problems.push(`event ${i} headers: expected ${JSON.stringify(wantH)}, got ${JSON.stringify(gotH)}`);
    }
    if (e.bytes !== undefined) {
      const b64 = Buffer.from(got.bytes).toString("base64");
      if (b64 !== e.bytes) problems.push(`event ${i} bytes: expected ${e.bytes}, got ${b64} (body ${JSON.stringify(Buffer.from(got.message.body).toString("utf8"))})`);
    }
  });
  return problems;
}

/** The frames of a body, in order. */
function splitFrames(body: Uint8Array): (EventMessage & { offset: number; length: number })[] {
  const out: (EventMessage & { offset: number; length: number })[] = [];
  for (let p = 0; p < body.length; ) {
    const { totalLength } = readPrelude(body, p);
    out.push({ ...decodeMessage(body.subarray(p, p + totalLength)), offset: p, length: totalLength });
    p += totalLength;
  }
  return out;
}

function encodeFrame(body: Uint8Array, f: EventMessage): Uint8Array {
  const { offset, length } = f as EventMessage & { offset: number; length: number };
  return body.subarray(offset, offset + length);
}

/** The case's typed headers (`{ string: "event" }`, `{ blob: "<base64>" }`, ...) as the codec's header values. */
function expectedHeaders(h: Record<string, Record<string, unknown>>): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (const [name, spec] of Object.entries(h)) {
    const [type, v] = Object.entries(spec)[0] as [string, any];
    switch (type) {
      case "boolean":
      case "byte":
      case "short":
      case "integer":
      case "string":
      case "uuid":
        out[name] = { type, value: v } as HeaderValue;
        break;
      case "long":
        out[name] = { type: "long", value: BigInt(v) };
        break;
      case "blob":
        out[name] = { type: "binary", value: new Uint8Array(Buffer.from(v, "base64")) };
        break;
      case "timestamp":
        out[name] = { type: "timestamp", value: typeof v === "number" ? new Date(v * 1000) : new Date(v) };
        break;
      default:
        throw new Error(`unknown header type ${type} in the case`);
    }
  }
  return out;
}

function show(h: HeaderValue): string {
  const v = h.value;
  const s = v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v instanceof Date ? v.toISOString() : String(v);
  return `${h.type}:${s}`;
}
