/**
 * Runs one test case through the generated client, the way a user calls it: the client gets an
 * `httpHandler` that captures the signed request (request tests) or returns the canned response
 * (response and event-stream tests).
 */
import { Readable } from "node:stream";
import { streamParser } from "@org/eventstream";
import type { ServiceSchema, StructureSchema } from "@org/runtime";
import { queryString } from "../../../packages/runtime/src/http/node-client.js";
import { compareBody } from "./bodies.js";
import type { LoadedService, TestCase } from "./corpus.js";
import { checkRequestEvents } from "./request-events.js";
import { diff, fromParams, shapeTypeOf } from "./values.js";

export interface Outcome {
  ok: boolean;
  problems: string[];
}

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const CASE_TIMEOUT_MS = 5000;

class Captured extends Error {
  constructor(readonly request: any) {
    super("captured");
  }
}

interface Vendor {
  region: string;
  awsConfig?: boolean;
  /** client config from AwsConfig's S3 settings */
  s3?: Record<string, unknown>;
  errorCode?: { code: string; type?: string };
}

/** `vendorParams` as the AWS protocol tests define them (aws.protocoltests.config#AwsConfig, #ErrorCodeParams). */
function vendorParams(def: Record<string, any>): Vendor {
  const v = (def.vendorParams ?? {}) as Record<string, any>;
  const shape = String(def.vendorParamsShape ?? "");
  const out: Vendor = { region: "us-east-1" };
  if (shape.endsWith("#AwsConfig")) {
    out.awsConfig = true;
    const client = v.scopedConfig?.client ?? {};
    if (client.region) out.region = client.region;
    // S3 settings of the client, overridden by the operation's (the SDK has no per-operation config)
    const s3 = { ...(client.s3 ?? {}), ...(v.scopedConfig?.operation?.s3 ?? {}) } as Record<string, unknown>;
    const cfg: Record<string, unknown> = {};
    if (s3.addressing_style === "path") cfg.forcePathStyle = true;
    if (s3.addressing_style === "virtual") cfg.forcePathStyle = false;
    if (s3.use_accelerate_endpoint !== undefined) cfg.useAccelerateEndpoint = s3.use_accelerate_endpoint;
    if (s3.use_dualstack_endpoint !== undefined) cfg.useDualstackEndpoint = s3.use_dualstack_endpoint;
    if (Object.keys(cfg).length) out.s3 = cfg;
  } else if (shape.endsWith("#ErrorCodeParams")) {
    out.errorCode = { code: v.code, ...(v.type !== undefined ? { type: v.type } : {}) };
  }
  return out;
}

function makeClient(loaded: LoadedService, def: Record<string, any>, send: (req: any) => Promise<any>) {
  const vendor = vendorParams(def);
  // the case's host, else example.com; a case configuring the client through AwsConfig (region, S3
  // addressing) without a host expects the service's own endpoint. So does one whose host is the
  // service's own regional endpoint (`s3.us-west-2.amazonaws.com`, S3's addressing cases): that is the
  // endpoint the client resolves from the region, and as a custom endpoint it would rule out the
  // dual-stack and accelerate hosts those cases expect (AWS's S3 rules refuse or ignore them there)
  const standardHost = `${loaded.svc.schema.endpointPrefix}.${vendor.region}.amazonaws.com`;
  const host = vendor.awsConfig && def.host === standardHost ? undefined : ((def.host as string | undefined) ?? (vendor.awsConfig ? undefined : "example.com"));
  return new loaded.Client({
    region: vendor.region,
    ...vendor.s3,
    ...(host !== undefined ? { endpoint: `https://${host}` } : {}),
    credentials: CREDENTIALS,
    env: {},
    maxAttempts: 1,
    // the token the protocol tests expect an SDK to generate under test
    idempotencyTokenProvider: () => "00000000-0000-4000-8000-000000000000",
    // a handler answering in memory carries an input event stream as HTTP/2 would (the request's events are read in full first)
    httpHandler: { send, eventStreamInput: "h2" },
  });
}

/** Calls the operation through its generated method, as a user would. */
function call(loaded: LoadedService, def: Record<string, any>, opName: string, input: unknown, send: (req: any) => Promise<any>): Promise<any> {
  const client = makeClient(loaded, def, send);
  const method = loaded.methods.get(opName)!;
  return client[method](input);
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what}: timed out after ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
    }),
  ]);
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === "string") return new Uint8Array(Buffer.from(body, "utf8"));
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer | string>) chunks.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Decoded query pairs as they go on the wire, `key=value` with the HTTP client's own encoding. */
function wirePairs(query: Record<string, string | string[]>): string[] {
  const qs = queryString(query);
  return qs ? qs.slice(1).split("&") : [];
}
const normPct = (s: string) => s.replace(/%[0-9a-fA-F]{2}/g, (x) => x.toUpperCase());
const pairKey = (s: string) => decodeURIComponent(s.split("=")[0]);

/** A minimal valid input for response tests: labels and host labels filled with placeholders. */
function placeholderInput(schema: ServiceSchema, inputRef: string): Record<string, unknown> {
  if (inputRef === "Unit") return {};
  const shape = schema.shapes[inputRef] as StructureSchema;
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(shape.members)) {
    if (!m.httpLabel && !m.hostLabel && !(m.required && m.default === undefined)) continue;
    const t = shapeTypeOf(schema, m.target);
    const v = placeholder(schema, m.target, t);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
function placeholder(schema: ServiceSchema, ref: string, t: string): unknown {
  switch (t) {
    case "string":
      return "placeholder";
    case "boolean":
      return true;
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "float":
    case "double":
      return 1;
    case "bigInteger":
      return 1n;
    case "bigDecimal":
      return 1;
    case "timestamp":
      return new Date(0);
    case "blob":
      return new Uint8Array([1]);
    case "list":
      return [];
    case "map":
      return {};
    case "structure":
      return placeholderInput(schema, ref);
    default:
      return undefined;
  }
}

// ---- request tests --------------------------------------------------------------------------------

export async function runRequestCase(c: TestCase, loaded: LoadedService): Promise<Outcome> {
  const { def, svc } = c;
  const schema = svc.schema;
  const op = schema.operations[c.opName];
  const input = op.input === "Unit" ? {} : (fromParams(schema, op.input, def.params ?? {}) as Record<string, unknown>);
  let req: any;
  try {
    await withTimeout(call(loaded, def, c.opName, input, async (r) => {
      throw new Captured(r);
    }), c.key);
    return { ok: false, problems: ["the call returned without sending a request"] };
  } catch (e) {
    if (!(e instanceof Captured)) return { ok: false, problems: [`the call failed before sending: ${(e as Error)?.stack ?? e}`] };
    req = e.request;
  }
  const problems: string[] = [];
  if (req.method !== def.method) problems.push(`method: expected ${def.method}, got ${req.method}`);
  const [expPath] = String(def.uri).split("?");
  if (req.path !== expPath) problems.push(`uri: expected ${expPath}, got ${req.path}`);
  const pairs = wirePairs(req.query ?? {}).map(normPct);
  for (const q of (def.queryParams ?? []) as string[]) {
    if (!pairs.includes(normPct(q))) problems.push(`query: expected ${q} in ${JSON.stringify(pairs)}`);
  }
  const keys = new Set(pairs.map(pairKey));
  for (const k of (def.forbidQueryParams ?? []) as string[]) if (keys.has(k)) problems.push(`query: ${k} is forbidden`);
  for (const k of (def.requireQueryParams ?? []) as string[]) if (!keys.has(k)) problems.push(`query: ${k} is required`);
  const headers = req.headers as Record<string, string>;
  for (const [k, v] of Object.entries((def.headers ?? {}) as Record<string, string>)) {
    const got = headers[k.toLowerCase()];
    if (got !== v) problems.push(`header ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got)}`);
  }
  for (const k of (def.forbidHeaders ?? []) as string[]) if (headers[k.toLowerCase()] !== undefined) problems.push(`header ${k} is forbidden`);
  for (const k of (def.requireHeaders ?? []) as string[]) if (headers[k.toLowerCase()] === undefined) problems.push(`header ${k} is required`);
  const expectedHost = (def.resolvedHost as string | undefined) ?? (def.host as string | undefined)?.split("/")[0];
  if (expectedHost !== undefined && req.hostname !== expectedHost) problems.push(`host: expected ${expectedHost}, got ${req.hostname}`);
  if (def.body !== undefined) {
    const media = (def.bodyMediaType as string | undefined) ?? (def.headers?.["Content-Type"] as string | undefined);
    problems.push(...compareBody(media, def.body as string, await bodyBytes(req.body)));
  }
  return { ok: problems.length === 0, problems };
}

// ---- response tests -------------------------------------------------------------------------------

function cannedResponse(code: number, headers: Record<string, string> | undefined, body: Uint8Array) {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) h[k.toLowerCase()] = v;
  return { statusCode: code, headers: h, body: Readable.from(body.length ? [Buffer.from(body)] : []) };
}

function responseBody(def: Record<string, any>): Uint8Array {
  const body = (def.body as string | undefined) ?? "";
  const media = String(def.bodyMediaType ?? "");
  return new Uint8Array(media.includes("cbor") ? Buffer.from(body, "base64") : Buffer.from(body, "utf8"));
}

/** Compares a thrown error with the expected modeled error and its params. */
function checkError(c: TestCase, loaded: LoadedService, errorShapeId: string, params: Record<string, unknown> | undefined, err: unknown, vendor?: Vendor): string[] {
  const { svc } = c;
  const id = errorShapeId.includes("#") ? errorShapeId : `${c.shapeId.split("#")[0]}#${errorShapeId}`;
  const name = svc.names.get(id)!;
  const Cls = loaded.module[name];
  const problems: string[] = [];
  if (!Cls) {
    // a modeled error without a generated class (codegen generates one for operation, service and
    // event-stream errors; this is the runtime's fallback): a ServiceException named as the model names it
    const wire = id.slice(id.indexOf("#") + 1);
    if (!(err instanceof Error) || err.name !== wire || !("$metadata" in err)) {
      return [`expected a ServiceException named ${wire} (the package has no class for it), got ${(err as Error)?.constructor?.name} ${(err as Error)?.name}: ${(err as Error)?.message}`];
    }
  } else if (!(err instanceof Cls)) {
    return [`expected a ${name}, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message ?? err}${(err as Error)?.cause ? ` (cause: ${((err as Error).cause as Error)?.message})` : ""}`];
  }
  const shape = (svc.schema.shapes[name] ?? { members: {} }) as StructureSchema;
  const expected = fromParams(svc.schema, name, params ?? {}, true) as Record<string, unknown>;
  const e = err as unknown as Record<string, unknown>;
  for (const member of Object.keys(shape.members)) {
    if (expected[member] === undefined && (member === "message" || member === "Message")) continue;
    problems.push(...diff(expected[member], e[member], `error.${member}`));
  }
  if (vendor?.errorCode) {
    // the error code exposed to the customer: the query-compatible code when there is one
    const code = (e.Code as string | undefined) ?? (e.name as string);
    if (code !== vendor.errorCode.code) problems.push(`error code: expected ${vendor.errorCode.code}, got ${code}`);
    // the query error type, where the SDK exposes one (with the query-compatible code)
    if (vendor.errorCode.type !== undefined && (e.Code !== undefined || e.Type !== undefined) && e.Type !== vendor.errorCode.type) problems.push(`error type: expected ${vendor.errorCode.type}, got ${String(e.Type)}`);
  }
  return problems;
}

export async function runResponseCase(c: TestCase, loaded: LoadedService): Promise<Outcome> {
  const { def, svc } = c;
  const schema = svc.schema;
  const op = schema.operations[c.opName];
  const isError = c.shapeId !== c.opId;
  let out: any;
  try {
    const respond = async () => cannedResponse(def.code as number, def.headers, responseBody(def));
    out = await withTimeout(call(loaded, def, c.opName, placeholderInput(schema, op.input), respond), c.key);
  } catch (err) {
    if (isError) {
      const problems = checkError(c, loaded, c.shapeId, def.params, err, vendorParams(def));
      return { ok: problems.length === 0, problems };
    }
    return { ok: false, problems: [`the call threw: ${(err as Error)?.stack ?? err}${(err as Error)?.cause ? `\ncause: ${((err as Error).cause as Error)?.stack}` : ""}`] };
  }
  if (isError) return { ok: false, problems: [`expected an error ${c.shapeId}, the call succeeded`] };
  if (op.outputEventStream) return { ok: false, problems: ["event-stream output in a response test"] };
  const expected = (op.output === "Unit" ? {} : fromParams(schema, op.output, def.params ?? {}, true)) as Record<string, unknown>;
  const actual: Record<string, unknown> = { ...out };
  for (const [k, v] of Object.entries(actual)) {
    // a streaming blob is handed over as a stream: read it; an empty one is an absent payload
    if (v && typeof v === "object" && !(v instanceof Uint8Array) && (typeof (v as { pipe?: unknown }).pipe === "function" || Symbol.asyncIterator in v)) {
      const bytes = await bodyBytes(v);
      if (bytes.length === 0 && expected[k] === undefined) delete actual[k];
      else actual[k] = bytes;
    }
  }
  const problems = diff(expected, actual, "output");
  return { ok: problems.length === 0, problems };
}

// ---- event-stream tests ---------------------------------------------------------------------------

export async function runEventStreamCase(c: TestCase, loaded: LoadedService): Promise<Outcome> {
  const { def, svc } = c;
  const schema = svc.schema;
  const op = schema.operations[c.opName];
  const events = (def.events ?? []) as Record<string, any>[];
  // the request side: the request's events (and initial request) as sent
  const requestSide = events.some((e) => e.type === "request") || def.initialRequest !== undefined || def.initialRequestParams !== undefined;
  const responseSide = events.some((e) => e.type === "response") || def.initialResponse !== undefined || def.initialResponseParams !== undefined;
  const requestProblems = requestSide
    ? await checkRequestEvents(c, loaded, {
        call: (input, send) => call(loaded, def, c.opName, input, send),
        placeholderInput,
        bodyBytes,
        withTimeout,
        credentials: CREDENTIALS,
        region: vendorParams(def).region,
      })
    : [];
  if (!responseSide) return { ok: requestProblems.length === 0, problems: requestProblems };
  const init = (def.initialResponse ?? { code: 200 }) as Record<string, any>;
  const headers: Record<string, string> = { "content-type": "application/vnd.amazon.eventstream", ...lower(init.headers) };
  const initBody = init.body !== undefined ? responseBody(init) : undefined;
  const frames = events.map((e) => Buffer.from(e.bytes as string, "base64"));
  const body = initBody ?? new Uint8Array(Buffer.concat(frames));
  const outShape = schema.shapes[op.output] as StructureSchema;
  const streamMember = op.outputEventStream!;
  const unionRef = outShape.members[streamMember].target;
  const expectFailure = def.expectation?.failure as { errorId?: string } | undefined;

  // every case is read three ways, as users read streams: the async iterator, the paws-style
  // handler `resp.<member>(fn)`, and `resp.<member>({ connection: true })` with streamParser
  const readers: [string, (resp: any, got: unknown[]) => Promise<void>][] = [
    ["for await", async (resp, got) => {
      for await (const ev of resp) got.push(ev);
    }],
    ["handler(fn)", async (resp, got) => {
      await resp[streamMember]((ev: unknown) => void got.push(ev));
    }],
    ["streamParser", async (resp, got) => {
      const con = resp[streamMember]({ connection: true });
      for (let ev; (ev = await streamParser(con)) !== null; ) got.push(ev);
    }],
  ];
  const problems: string[] = [...requestProblems];
  for (const [how, read] of readers) {
    const got: unknown[] = [];
    let resp: any;
    try {
      const respond = async () => cannedResponse((init.code as number) ?? 200, headers, body);
      resp = await withTimeout(call(loaded, def, c.opName, placeholderInput(schema, op.input), respond), c.key);
      await withTimeout(read(resp, got), c.key);
    } catch (err) {
      if (!expectFailure) {
        problems.push(`${how}: the stream failed: ${(err as Error)?.stack ?? err}`);
      } else if (expectFailure.errorId) {
        problems.push(...checkError(c, loaded, expectFailure.errorId, failureParams(def), err).map((p) => `${how}: ${p}`));
      }
      continue;
    }
    if (expectFailure) {
      problems.push(`${how}: expected a failure${expectFailure.errorId ? ` (${expectFailure.errorId})` : ""}, got ${got.length} events`);
      continue;
    }
    if (def.initialResponseParams) {
      const exp = fromParams(schema, op.output, def.initialResponseParams, true) as Record<string, unknown>;
      for (const [k, v] of Object.entries(exp)) problems.push(...diff(v, resp[k], `${how}: output.${k}`));
    }
    const expectedEvents = events.filter((e) => e.type === "response").map((e) => fromParams(schema, unionRef, e.params ?? {}, true));
    problems.push(...diff(expectedEvents, got, `${how}: events`));
  }
  return { ok: problems.length === 0, problems };
}

/** The params of the error event a failing case sends, for comparing the thrown error's fields. */
function failureParams(def: Record<string, any>): Record<string, unknown> | undefined {
  const events = (def.events ?? []) as Record<string, any>[];
  for (const e of events) {
    for (const v of Object.values((e.params ?? {}) as Record<string, unknown>)) return v as Record<string, unknown>;
  }
  return undefined;
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}
