/**
 * Smithy's HTTP bindings, shared by the REST protocols (restJson1 now, restXml later): URI labels,
 * query string, headers, prefix headers, the status code, and which members travel in the body.
 * The protocol module supplies only the body format.
 */
import { InputValidationError } from "../errors.js";
import type { HttpRequest } from "../http/types.js";
import { type MemberSchema, type OperationSchema, type ServiceSchema, type StructureSchema, type TimestampFormat, shapeType } from "../schema.js";
import { describe, formatTimestamp, parseTimestamp, toBase64 } from "./values.js";

export interface Endpoint {
  protocol: "https:" | "http:";
  hostname: string;
  port?: number;
  /** base path of the endpoint, without a trailing slash */
  path: string;
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 expects. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The member's timestampFormat, else its target's, else the binding's default. */
function timestampFormatOf(schema: ServiceSchema, m: MemberSchema, defaultFormat: TimestampFormat): TimestampFormat {
  return m.timestampFormat ?? (schema.shapes[m.target] as { timestampFormat?: TimestampFormat } | undefined)?.timestampFormat ?? defaultFormat;
}

/** A scalar as text for a label, query value or header. */
export function scalarToString(schema: ServiceSchema, m: MemberSchema, value: unknown, defaultFormat: TimestampFormat, where: string): string {
  const type = shapeType(schema, m.target);
  switch (type) {
    case "timestamp":
      return String(formatTimestamp(value, timestampFormatOf(schema, m, defaultFormat), where));
    case "byte":
    case "short":
    case "integer":
    case "long":
      if (typeof value === "bigint" || (typeof value === "number" && Number.isFinite(value))) return String(value);
      throw new InputValidationError(`${where}: expected a number, got ${describe(value)}`);
    case "blob":
      return toBase64(value, where);
    case "boolean":
      if (typeof value !== "boolean") throw new InputValidationError(`${where}: expected a boolean, got ${describe(value)}`);
      return String(value);
    case "float":
    case "double":
      if (typeof value !== "number") throw new InputValidationError(`${where}: expected a number, got ${describe(value)}`);
      return Number.isNaN(value) ? "NaN" : value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : String(value);
    case "string": {
      if (typeof value !== "string") throw new InputValidationError(`${where}: expected a string, got ${describe(value)}`);
      const media = (schema.shapes[m.target] as { mediaType?: string } | undefined)?.mediaType;
      // a header carrying a JSON document (mediaType application/json) is sent base64-encoded
      return media && /json/.test(media) && m.httpHeader ? Buffer.from(value).toString("base64") : value;
    }
    default:
      if (typeof value === "number" || typeof value === "bigint" || typeof value === "string") return String(value);
      throw new InputValidationError(`${where}: expected a scalar, got ${describe(value)}`);
  }
}

export interface BoundRequest {
  request: HttpRequest;
  /** input members that go in the body (no HTTP binding); shared by every call of the operation: read only */
  bodyMembers: readonly string[];
  /** the `httpPayload` member, if any */
  payloadMember?: string;
}

/** One part of a URI pattern: literal text, or a label (`{name}`, `{name+}` greedy). */
type PathPart = string | { name: string; member: MemberSchema | undefined; greedy: boolean; where: string };

/**
 * What an operation's HTTP bindings are, worked out once per operation: the URI pattern cut into parts,
 * its literal query, and the input members by binding, in model order. A call is sent once per
 * request, often too rarely for V8 to optimise this code, so the less it re-derives per call, the
 * sooner the request is on the wire (time to first event).
 */
interface BindingPlan {
  path: PathPart[];
  literalQuery: [string, string][];
  /** query, header and prefix-header members, in model order (a later header wins, as before) */
  bound: { name: string; member: MemberSchema; kind: "query" | "header" | "prefix"; where: string }[];
  /** the `httpQueryParams` member and its map's value member */
  queryParams?: { name: string; value: MemberSchema };
  bodyMembers: string[];
  payloadMember?: string;
}

const plans = new WeakMap<OperationSchema, BindingPlan>();

function bindingPlan(schema: ServiceSchema, op: OperationSchema, opName: string): BindingPlan {
  let plan = plans.get(op);
  if (plan) return plan;
  const shape = op.input === "Unit" ? undefined : (schema.shapes[op.input] as StructureSchema);
  const members = shape?.members ?? {};
  const [pathPattern, queryLiteral] = splitOnce(op.http!.uri, "?");
  const literalQuery: [string, string][] = [];
  if (queryLiteral) {
    for (const pair of queryLiteral.split("&")) {
      if (!pair) continue;
      const [k, v = ""] = splitOnce(pair, "=");
      literalQuery.push([decodeURIComponent(k), decodeURIComponent(v)]);
    }
  }
  const path: PathPart[] = [];
  const label = /\{([^}]+?)(\+)?\}/g;
  let last = 0;
  for (let m = label.exec(pathPattern); m; m = label.exec(pathPattern)) {
    if (m.index > last) path.push(pathPattern.slice(last, m.index));
    const name = m[1]!;
    path.push({ name, member: Object.hasOwn(members, name) ? members[name] : undefined, greedy: m[2] !== undefined, where: `${opName}.${name}` });
    last = m.index + m[0].length;
  }
  if (last < pathPattern.length || path.length === 0) path.push(pathPattern.slice(last));
  plan = { path, literalQuery, bound: [], bodyMembers: [] };
  for (const name in members) {
    const m = members[name];
    const where = `${opName}.${name}`;
    if (m.httpPayload) plan.payloadMember = name;
    else if (m.httpLabel) continue;
    else if (m.httpQuery !== undefined) plan.bound.push({ name, member: m, kind: "query", where });
    else if (m.httpQueryParams) plan.queryParams = { name, value: (schema.shapes[m.target] as { value: MemberSchema }).value };
    else if (m.httpHeader !== undefined) plan.bound.push({ name, member: m, kind: "header", where });
    else if (m.httpPrefixHeaders !== undefined) plan.bound.push({ name, member: m, kind: "prefix", where });
    else if (!m.httpResponseCode) plan.bodyMembers.push(name);
  }
  plans.set(op, plan);
  return plan;
}

/** Applies labels, query, headers; the protocol then writes the body. */
export function bindRequest(
  schema: ServiceSchema,
  op: OperationSchema,
  input: Record<string, unknown>,
  endpoint: Endpoint,
  opName: string,
): BoundRequest {
  const plan = bindingPlan(schema, op, opName);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of plan.literalQuery) query[k] = v;

  let path = "";
  for (const part of plan.path) {
    if (typeof part === "string") {
      path += part;
      continue;
    }
    const { name, member: m, where } = part;
    const v = input[name];
    if (!m) throw new InputValidationError(`${opName}: the URI pattern names {${name}}, which the input does not have`);
    if (v === undefined || v === null || v === "") throw new InputValidationError(`${where} is required: it is part of the request path`);
    const text = scalarToString(schema, m, v, "date-time", where);
    path += part.greedy ? text.split("/").map(escapeUri).join("/") : escapeUri(text);
  }

  const headers: Record<string, string> = {};
  for (const { name, member: m, kind, where } of plan.bound) {
    const v = input[name];
    if (v === undefined || v === null) continue;
    if (kind === "header") {
      headers[m.httpHeader!.toLowerCase()] = headerValue(schema, m, v, where);
    } else if (kind === "query") {
      if (shapeType(schema, m.target) === "list") {
        const item = (schema.shapes[m.target] as { member: MemberSchema }).member;
        if (!Array.isArray(v)) throw new InputValidationError(`${where}: expected an array, got ${describe(v)}`);
        query[m.httpQuery!] = v.map((x, i) => scalarToString(schema, item, x, "date-time", `${where}[${i}]`));
      } else {
        query[m.httpQuery!] = queryValue(scalarToString(schema, m, v, "date-time", where));
      }
    } else {
      const map = v as Record<string, unknown>;
      const valueMember = (schema.shapes[m.target] as { value: MemberSchema }).value;
      for (const k in map) {
        if (map[k] === undefined || map[k] === null) continue;
        headers[(m.httpPrefixHeaders + k).toLowerCase()] = scalarToString(schema, valueMember, map[k], "http-date", `${where}.${k}`);
      }
    }
  }
  if (plan.queryParams) {
    // httpQueryParams never overrides a parameter bound by httpQuery
    const { name: queryParamsMember, value: valueMember } = plan.queryParams;
    const map = input[queryParamsMember] as Record<string, unknown> | undefined;
    for (const k in map ?? {}) {
      if (Object.hasOwn(query, k)) continue;
      const v = map![k];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) {
        const item = (schema.shapes[valueMember.target] as { member: MemberSchema }).member;
        query[k] = v.map((x, i) => scalarToString(schema, item, x, "date-time", `${opName}.${queryParamsMember}.${k}[${i}]`));
      } else query[k] = queryValue(scalarToString(schema, valueMember, v, "date-time", `${opName}.${queryParamsMember}.${k}`));
    }
  }

  const request: HttpRequest = {
    method: op.http!.method,
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    path: joinPath(endpoint.path, path),
    query,
    headers,
  };
  return { request, bodyMembers: plan.bodyMembers, ...(plan.payloadMember !== undefined ? { payloadMember: plan.payloadMember } : {}) };
}

function headerValue(schema: ServiceSchema, m: MemberSchema, v: unknown, where: string): string {
  if (shapeType(schema, m.target) === "list") {
    const item = (schema.shapes[m.target] as { member: MemberSchema }).member;
    if (!Array.isArray(v)) throw new InputValidationError(`${where}: expected an array, got ${describe(v)}`);
    const isString = shapeType(schema, item.target) === "string";
    return v
      .map((x, i) => {
        const s = scalarToString(schema, item, x, "http-date", `${where}[${i}]`);
        // list items with a comma or quote are quoted so the list splits back the same way
        return isString && /[",]/.test(s) ? `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : s;
      })
      .join(", ");
  }
  return scalarToString(schema, m, v, "http-date", where);
}

/**
 * A bound query value. An empty string is sent as `Name=` (Smithy's RestJsonOmitsNullSerializesEmptyString);
 * a lone `""` is how a literal key without a value (`?uploads`) travels, so it goes as a one-item list.
 */
function queryValue(text: string): string | string[] {
  return text === "" ? [""] : text;
}

function joinPath(base: string, path: string): string {
  const b = base.endsWith("/") ? base.slice(0, -1) : base;
  // an empty URI path (S3's `/{Bucket}` once the bucket is in the endpoint) is the endpoint's path
  if (path === "") return b || "/";
  return b + (path.startsWith("/") ? path : "/" + path);
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Reads header-bound, prefix-header and status-code members of a response (or error). */
export function readHttpBindings(
  schema: ServiceSchema,
  shape: StructureSchema,
  status: number,
  headers: Record<string, string>,
  out: Record<string, unknown>,
): void {
  for (const name in shape.members) {
    const m = shape.members[name];
    if (m.httpHeader !== undefined) {
      const raw = headers[m.httpHeader.toLowerCase()];
      if (raw === undefined) continue;
      out[name] = headerToValue(schema, m, raw, name);
    } else if (m.httpPrefixHeaders !== undefined) {
      // the map is there even when no header has the prefix ({}), as Smithy's HttpPrefixHeadersAreNotPresent asks
      const prefix = m.httpPrefixHeaders.toLowerCase();
      const map: Record<string, string> = {};
      for (const h in headers) {
        if (h.startsWith(prefix)) Object.defineProperty(map, h.slice(prefix.length), { value: headers[h], enumerable: true, writable: true, configurable: true });
      }
      out[name] = map;
    } else if (m.httpResponseCode) out[name] = status;
  }
}

function headerToValue(schema: ServiceSchema, m: MemberSchema, raw: string, where: string): unknown {
  const type = shapeType(schema, m.target);
  if (type === "list") {
    const item = (schema.shapes[m.target] as { member: MemberSchema }).member;
    const itemType = shapeType(schema, item.target);
    // http-dates hold a comma of their own; other timestamp formats split like any list
    const httpDates = itemType === "timestamp" && timestampFormatOf(schema, item, "http-date") === "http-date";
    const parts = httpDates ? splitHttpDates(raw) : splitHeaderList(raw);
    return parts.map((p) => scalarFromString(schema, item, p, where));
  }
  return scalarFromString(schema, m, raw, where);
}

export function scalarFromString(schema: ServiceSchema, m: MemberSchema, raw: string, where: string): unknown {
  switch (shapeType(schema, m.target)) {
    case "boolean":
      return raw.trim() === "true";
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "float":
    case "double":
      return raw === "NaN" ? NaN : raw === "Infinity" ? Infinity : raw === "-Infinity" ? -Infinity : Number(raw);
    case "bigInteger":
      return BigInt(raw);
    case "timestamp":
      return parseTimestamp(raw, timestampFormatOf(schema, m, "http-date"), where);
    case "blob":
      return new Uint8Array(Buffer.from(raw, "base64"));
    case "string": {
      const media = (schema.shapes[m.target] as { mediaType?: string } | undefined)?.mediaType;
      return media && /json/.test(media) && m.httpHeader ? Buffer.from(raw, "base64").toString("utf8") : raw;
    }
    default:
      return raw;
  }
}

/** Splits a comma-separated header list, honouring quoted items. */
export function splitHeaderList(raw: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < raw.length) {
    while (raw[i] === " " || raw[i] === "\t") i++;
    if (raw[i] === '"') {
      let s = "";
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === "\\" && i + 1 < raw.length) i++;
        s += raw[i++];
      }
      i++;
      while (i < raw.length && raw[i] !== ",") i++;
      out.push(s);
    } else {
      const j = raw.indexOf(",", i);
      const end = j < 0 ? raw.length : j;
      out.push(raw.slice(i, end).trim());
      i = end;
    }
    i++;
  }
  return out;
}

/** HTTP dates contain a comma of their own: "Mon, 16 Dec 2019 23:48:18 GMT, Tue, ..." */
function splitHttpDates(raw: string): string[] {
  return raw.match(/[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g) ?? [];
}

/**
 * The output's `httpPayload` member, read from the response body: raw bytes for a blob, text for a
 * string, the protocol's document parse (`parseDocument`) otherwise; an empty body leaves it absent,
 * whatever its type. An event-stream payload is left for the stream reader. Returns the member's
 * name, or undefined when the output has no payload member (its members are then the body's).
 */
export function readPayloadMember(
  schema: ServiceSchema,
  op: OperationSchema,
  shape: StructureSchema,
  body: Uint8Array,
  out: Record<string, unknown>,
  parseDocument: (member: MemberSchema, body: Uint8Array, name: string) => unknown,
): string | undefined {
  let name: string | undefined;
  for (const n in shape.members) if (shape.members[n].httpPayload) name = n;
  if (name === undefined || name === op.outputEventStream || !body.length) return name;
  const m = shape.members[name];
  const type = shapeType(schema, m.target);
  if (type === "blob") out[name] = body;
  else if (type === "string") out[name] = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  else out[name] = parseDocument(m, body, name);
  return name;
}
