/**
 * One service, as the emitters see it: its schema (the runtime contract), the names every shape gets,
 * and the shapes' documentation. Built once from the Smithy model; the emitters only print it.
 */
import type {
  MemberSchema,
  OperationSchema,
  ServiceSchema,
  ShapeSchema,
} from "@org/runtime/schema";
import { type AstMember, type AstShape, ModelError, type SmithyModel, type Traits, UNIT, hasTrait, localName, membersOf, trait } from "./model.js";
import { envName, packageBaseName, safeTypeName } from "./names.js";

export const PROTOCOLS = [
  "aws.protocols#restJson1",
  "aws.protocols#awsJson1_0",
  "aws.protocols#awsJson1_1",
  "aws.protocols#restXml",
  "aws.protocols#awsQuery",
  "aws.protocols#ec2Query",
  "smithy.protocols#rpcv2Cbor",
  "smithy.protocols#rpcv2Json",
];

const AUTH_TRAITS = [
  "aws.auth#sigv4",
  "aws.auth#sigv4a",
  "smithy.api#httpApiKeyAuth",
  "smithy.api#httpBasicAuth",
  "smithy.api#httpBearerAuth",
  "smithy.api#httpDigestAuth",
];

const SIMPLE_TYPES = new Set([
  "string", "boolean", "byte", "short", "integer", "long", "float", "double", "bigInteger", "bigDecimal", "blob",
  "timestamp", "document", "enum", "intEnum",
]);

/** Member traits copied into the schema: Smithy trait id → schema key. */
const MEMBER_FLAGS: Record<string, keyof MemberSchema> = {
  "smithy.api#required": "required",
  "smithy.api#clientOptional": "clientOptional",
  "smithy.api#sensitive": "sensitive",
  "smithy.api#httpLabel": "httpLabel",
  "smithy.api#httpQueryParams": "httpQueryParams",
  "smithy.api#httpPayload": "httpPayload",
  "smithy.api#httpResponseCode": "httpResponseCode",
  "smithy.api#hostLabel": "hostLabel",
  "smithy.api#xmlAttribute": "xmlAttribute",
  "smithy.api#xmlFlattened": "xmlFlattened",
  "smithy.api#idempotencyToken": "idempotencyToken",
  "smithy.api#eventHeader": "eventHeader",
  "smithy.api#eventPayload": "eventPayload",
};
const MEMBER_VALUES: Record<string, keyof MemberSchema> = {
  "smithy.api#httpQuery": "httpQuery",
  "smithy.api#httpHeader": "httpHeader",
  "smithy.api#httpPrefixHeaders": "httpPrefixHeaders",
  "smithy.api#jsonName": "jsonName",
  "smithy.api#xmlName": "xmlName",
  "smithy.api#xmlNamespace": "xmlNamespace",
  "aws.protocols#ec2QueryName": "ec2QueryName",
  "smithy.api#timestampFormat": "timestampFormat",
};

export interface ServiceModel {
  model: SmithyModel;
  serviceId: string;
  service: AstShape;
  sdkId: string;
  /** `bedrockruntime` */
  packageBase: string;
  protocol: string | undefined;
  schema: ServiceSchema;
  /** shape id → TypeScript type name, also the shape's key in the schema when the schema keeps it */
  names: Map<string, string>;
  /** operation name → operation shape id */
  operationIds: Map<string, string>;
  /** ids of the shapes in `schema.shapes`, sorted by name */
  shapeIds: string[];
  /** shapes used as an operation's input / output (drives input vs output typing) */
  inputShapes: Set<string>;
  outputShapes: Set<string>;
  errorShapes: Set<string>;
}

export function buildService(model: SmithyModel, serviceId: string): ServiceModel {
  const service = model.shape(serviceId);
  const traits = service.traits ?? {};
  const api = trait<{ sdkId?: string; endpointPrefix?: string }>(traits, "aws.api#service");
  const sdkId = api?.sdkId ?? localName(serviceId);
  const protocolId = PROTOCOLS.find((p) => hasTrait(traits, p)) ?? Object.keys(traits).find((t) => /protocols?#/.test(t));

  const operations = model.operationsOf(serviceId);
  const names = assignNames(model, serviceId, operations);
  const ref = (target: string, from: string): string => refName(model, names, target, from);

  const shapes: Record<string, ShapeSchema> = {};
  const ops: Record<string, OperationSchema> = {};
  const operationIds = new Map<string, string>();
  const inputShapes = new Set<string>();
  const outputShapes = new Set<string>();
  const errorShapes = new Set<string>();

  // the shape closure, in a deterministic order
  const closure = new Set<string>();
  const visit = (id: string, from: string) => {
    if (closure.has(id) || id === UNIT) return;
    const s = model.shape(id, from);
    closure.add(id);
    for (const [mid, m] of membersOf(id, s)) visit(m.target, mid);
  };

  const serviceAuth = effectiveAuth(traits, traits);
  for (const opId of operations) {
    const op = model.shape(opId);
    const name = localName(opId);
    if (operationIds.has(name)) throw new ModelError(model.file, opId, `two operations are named ${name}`);
    operationIds.set(name, opId);
    const input = op.input?.target ?? UNIT;
    const output = op.output?.target ?? UNIT;
    visit(input, opId);
    visit(output, opId);
    if (input !== UNIT) inputShapes.add(input);
    if (output !== UNIT) outputShapes.add(output);
    for (const e of op.errors ?? []) {
      visit(e.target, opId);
      errorShapes.add(e.target);
    }
    ops[name] = operationSchema(model, opId, op, traits, serviceAuth, ref);
  }
  for (const e of (service.errors ?? [])) {
    visit(e.target, serviceId);
    errorShapes.add(e.target);
  }

  // errors only an event stream raises (an error structure as a member of a streaming union, such as
  // `ErrorEvent`) get a generated class too, like operation and service errors
  for (const id of closure) {
    const s = model.shape(id);
    if (s.type !== "union" || !hasTrait(s.traits, "smithy.api#streaming")) continue;
    for (const m of Object.values(s.members ?? {})) {
      if (hasTrait(model.shape(m.target).traits, "smithy.api#error")) errorShapes.add(m.target);
    }
  }

  const shapeIds = [...closure].filter((id) => names.has(id) && inSchema(model.shape(id))).sort((a, b) => cmp(names.get(a)!, names.get(b)!));
  for (const id of shapeIds) shapes[names.get(id)!] = shapeSchema(model, id, model.shape(id), ref);

  const sigv4 = trait<{ name?: string }>(traits, "aws.auth#sigv4");
  const schema: ServiceSchema = {
    name: localName(serviceId),
    sdkId,
    version: service.version ?? "",
    protocol: protocolId ? localName(protocolId) : "none",
    ...(protocolId && Object.keys(protocolOptions(traits, protocolId)).length ? { protocolOptions: protocolOptions(traits, protocolId) } : {}),
    ...(api?.endpointPrefix ? { endpointPrefix: api.endpointPrefix } : {}),
    ...(sigv4?.name ? { signingName: sigv4.name } : {}),
    auth: serviceAuth,
    envName: envName(sdkId),
    ...(traits["smithy.rules#clientContextParams"] ? { clientContextParams: traits["smithy.rules#clientContextParams"] as ServiceSchema["clientContextParams"] } : {}),
    ...(traits["aws.api#clientEndpointDiscovery"] ? { clientEndpointDiscovery: endpointDiscovery(traits["aws.api#clientEndpointDiscovery"] as { operation: string; error?: string }) } : {}),
    ...(traits["smithy.rules#endpointRuleSet"] ? { endpointRuleSet: traits["smithy.rules#endpointRuleSet"] as ServiceSchema["endpointRuleSet"] } : {}),
    operations: ops,
    shapes,
  };
  return {
    model,
    serviceId,
    service,
    sdkId,
    packageBase: packageBaseName(sdkId),
    protocol: protocolId,
    schema,
    names,
    operationIds,
    shapeIds,
    inputShapes,
    outputShapes,
    errorShapes,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names for every aggregate or trait-carrying shape; local-name collisions get a namespace prefix. */
function assignNames(model: SmithyModel, serviceId: string, operations: string[]): Map<string, string> {
  const ids = new Set<string>();
  const walk = (id: string, from: string) => {
    if (ids.has(id) || id === UNIT) return;
    const s = model.shape(id, from);
    if (!keepsName(s)) return;
    ids.add(id);
    for (const [mid, m] of membersOf(id, s)) walk(m.target, mid);
  };
  for (const opId of operations) {
    const op = model.shape(opId, serviceId);
    if (op.type !== "operation") throw new ModelError(model.file, opId, `is bound as an operation but is a ${op.type}`);
    if (op.input) walk(op.input.target, opId);
    if (op.output) walk(op.output.target, opId);
    for (const e of op.errors ?? []) walk(e.target, opId);
  }
  for (const e of model.shape(serviceId).errors ?? []) walk(e.target, serviceId);
  // `rename` on the service resolves conflicts the model author already chose names for
  const rename = (model.shape(serviceId) as { rename?: Record<string, string> }).rename ?? {};
  const byLocal = new Map<string, string[]>();
  for (const id of [...ids].sort()) {
    const local = rename[id] ?? localName(id);
    byLocal.set(local, [...(byLocal.get(local) ?? []), id]);
  }
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const [local, group] of [...byLocal].sort((a, b) => cmp(a[0], b[0]))) {
    for (const id of group) {
      let n = safeTypeName(group.length === 1 ? local : id.replace(/[.#]/g, "_"));
      while (used.has(n)) n += "_";
      used.add(n);
      names.set(id, n);
    }
  }
  return names;
}

/** Shapes that get a TypeScript type name: aggregates, enums, and simple shapes the schema keeps. */
function keepsName(s: AstShape): boolean {
  return inSchema(s) || s.type === "enum" || s.type === "intEnum" || hasTrait(s.traits, "smithy.api#enum");
}

/** Aggregates are always in the schema; simple shapes only when they carry a trait the runtime reads. */
function inSchema(s: AstShape): boolean {
  if (!SIMPLE_TYPES.has(s.type)) return true;
  const t = s.traits ?? {};
  return (
    hasTrait(t, "smithy.api#timestampFormat") ||
    hasTrait(t, "smithy.api#mediaType") ||
    hasTrait(t, "smithy.api#streaming") ||
    hasTrait(t, "smithy.api#requiresLength") ||
    hasTrait(t, "smithy.api#sensitive") ||
    hasTrait(t, "smithy.api#xmlName")
  );
}

function refName(model: SmithyModel, names: Map<string, string>, target: string, from: string): string {
  if (target === UNIT) return "Unit";
  const s = model.shape(target, from);
  const named = names.get(target);
  if (named && inSchema(s)) return named;
  if (s.type === "enum") return "string";
  if (s.type === "intEnum") return "integer";
  if (SIMPLE_TYPES.has(s.type)) return s.type;
  throw new ModelError(model.file, target, `unnamed ${s.type} shape`);
}

function memberSchema(m: AstMember, ref: (t: string) => string): MemberSchema {
  const out: MemberSchema = { target: ref(m.target) };
  const t = m.traits;
  if (!t) return out;
  const o = out as unknown as Record<string, unknown>;
  for (const id in t) {
    const flag = MEMBER_FLAGS[id];
    if (flag) o[flag] = true;
    const key = MEMBER_VALUES[id];
    if (key) o[key] = t[id];
  }
  if ("smithy.api#default" in t) out.default = t["smithy.api#default"];
  const ctx = trait<{ name: string }>(t, "smithy.rules#contextParam");
  if (ctx) out.contextParam = ctx.name;
  return out;
}

function shapeSchema(model: SmithyModel, id: string, s: AstShape, refOf: (t: string, from: string) => string): ShapeSchema {
  const ref = (t: string) => refOf(t, id);
  const t = s.traits ?? {};
  const common: Record<string, unknown> = {};
  if (hasTrait(t, "smithy.api#sensitive")) common.sensitive = true;
  if (hasTrait(t, "smithy.api#xmlName")) common.xmlName = t["smithy.api#xmlName"];
  switch (s.type) {
    case "structure": {
      const members: Record<string, MemberSchema> = {};
      for (const [name, m] of Object.entries(s.members ?? {})) members[name] = memberSchema(m, ref);
      const out: Record<string, unknown> = { type: "structure", members, ...common };
      if (t["smithy.api#error"]) {
        out.error = t["smithy.api#error"];
        if (localName(id) !== refOf(id, id)) out.wireName = localName(id);
      }
      if (t["smithy.api#httpError"] !== undefined) out.httpError = t["smithy.api#httpError"];
      if (t["smithy.api#retryable"]) out.retryable = t["smithy.api#retryable"];
      if (t["aws.protocols#awsQueryError"]) out.awsQueryError = t["aws.protocols#awsQueryError"];
      if (t["smithy.api#xmlNamespace"]) out.xmlNamespace = t["smithy.api#xmlNamespace"];
      return out as unknown as ShapeSchema;
    }
    case "union": {
      const members: Record<string, MemberSchema> = {};
      for (const [name, m] of Object.entries(s.members ?? {})) members[name] = memberSchema(m, ref);
      return { type: "union", members, ...(hasTrait(t, "smithy.api#streaming") ? { streaming: true } : {}), ...common } as ShapeSchema;
    }
    case "list":
    case "set": {
      if (!s.member) throw new ModelError(model.file, id, "list has no member");
      return { type: "list", member: memberSchema(s.member, ref), ...(hasTrait(t, "smithy.api#sparse") ? { sparse: true } : {}), ...common } as ShapeSchema;
    }
    case "map": {
      if (!s.key || !s.value) throw new ModelError(model.file, id, "map needs a key and a value");
      return {
        type: "map",
        key: memberSchema(s.key, ref),
        value: memberSchema(s.value, ref),
        ...(hasTrait(t, "smithy.api#sparse") ? { sparse: true } : {}),
        ...common,
      } as ShapeSchema;
    }
    default: {
      if (!SIMPLE_TYPES.has(s.type)) throw new ModelError(model.file, id, `unexpected ${s.type} shape among data shapes`);
      const out: Record<string, unknown> = { type: s.type === "enum" ? "string" : s.type === "intEnum" ? "integer" : s.type };
      if (t["smithy.api#timestampFormat"]) out.timestampFormat = t["smithy.api#timestampFormat"];
      if (t["smithy.api#mediaType"]) out.mediaType = t["smithy.api#mediaType"];
      if (hasTrait(t, "smithy.api#streaming")) out.streaming = true;
      if (hasTrait(t, "smithy.api#requiresLength")) out.requiresLength = true;
      return { ...out, ...common } as unknown as ShapeSchema;
    }
  }
}

/** Smithy's effective auth: the `auth` trait's order, else every applied scheme trait sorted by id. */
function effectiveAuth(own: Traits, serviceTraits: Traits): string[] {
  const explicit = trait<string[]>(own, "smithy.api#auth");
  if (explicit) return explicit;
  return AUTH_TRAITS.filter((a) => hasTrait(serviceTraits, a)).sort();
}

function operationSchema(
  model: SmithyModel,
  opId: string,
  op: AstShape,
  serviceTraits: Traits,
  serviceAuth: string[],
  refOf: (t: string, from: string) => string,
): OperationSchema {
  const t = op.traits ?? {};
  const ref = (x: string) => refOf(x, opId);
  const out: OperationSchema = {
    input: op.input ? ref(op.input.target) : "Unit",
    output: op.output ? ref(op.output.target) : "Unit",
  };
  if (op.errors?.length) out.errors = op.errors.map((e) => ref(e.target));
  const http = trait<{ method: string; uri: string; code?: number }>(t, "smithy.api#http");
  if (http) out.http = { method: http.method, uri: http.uri, ...(http.code !== undefined && http.code !== 200 ? { code: http.code } : {}) };
  const auth = trait<string[]>(t, "smithy.api#auth");
  if (auth && JSON.stringify(auth) !== JSON.stringify(serviceAuth)) out.auth = auth;
  if (hasTrait(t, "smithy.api#optionalAuth")) out.optionalAuth = true;
  if (hasTrait(t, "aws.auth#unsignedPayload")) out.unsignedPayload = true;
  const endpoint = trait<{ hostPrefix: string }>(t, "smithy.api#endpoint");
  if (endpoint) out.hostPrefix = endpoint.hostPrefix;
  if (t["aws.protocols#httpChecksum"]) out.httpChecksum = t["aws.protocols#httpChecksum"] as Record<string, unknown>;
  if (hasTrait(t, "smithy.api#httpChecksumRequired")) out.httpChecksumRequired = true;
  if (t["smithy.api#requestCompression"]) out.requestCompression = t["smithy.api#requestCompression"] as { encodings: string[] };
  if (hasTrait(t, "smithy.api#idempotent")) out.idempotent = true;
  if (hasTrait(t, "aws.customizations#s3UnwrappedXmlOutput")) out.s3UnwrappedXmlOutput = true;
  const discovered = trait<{ required?: boolean }>(t, "aws.api#clientDiscoveredEndpoint");
  if (discovered) out.clientDiscoveredEndpoint = { required: discovered.required === true };
  const paginated = trait<Record<string, string>>(t, "smithy.api#paginated");
  if (paginated) out.paginated = { ...(trait<Record<string, string>>(serviceTraits, "smithy.api#paginated") ?? {}), ...paginated };
  if (t["smithy.waiters#waitable"]) out.waitable = t["smithy.waiters#waitable"] as Record<string, unknown>;
  if (t["smithy.rules#staticContextParams"]) out.staticContextParams = t["smithy.rules#staticContextParams"] as OperationSchema["staticContextParams"];
  if (t["smithy.rules#operationContextParams"]) out.operationContextParams = t["smithy.rules#operationContextParams"] as OperationSchema["operationContextParams"];
  const inStream = eventStreamMember(model, op.input?.target, opId);
  const outStream = eventStreamMember(model, op.output?.target, opId);
  // an input event stream needs an HTTP handler that carries it (HTTP/2): the runtime checks that per call
  if (inStream) out.inputEventStream = inStream;
  if (outStream) out.outputEventStream = outStream;
  return out;
}

function eventStreamMember(model: SmithyModel, structId: string | undefined, from: string): string | undefined {
  if (!structId || structId === UNIT) return undefined;
  const s = model.shape(structId, from);
  for (const [name, m] of Object.entries(s.members ?? {})) {
    const target = model.shape(m.target, structId);
    if (target.type === "union" && hasTrait(target.traits, "smithy.api#streaming")) return name;
  }
  return undefined;
}

function protocolOptions(traits: Traits, protocolId: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...((traits[protocolId] as Record<string, unknown>) ?? {}) };
  if (traits["smithy.api#xmlNamespace"]) out.xmlNamespace = traits["smithy.api#xmlNamespace"];
  if (hasTrait(traits, "aws.protocols#awsQueryCompatible")) out.awsQueryCompatible = true;
  return out;
}

/** `aws.api#clientEndpointDiscovery` names shapes by id; the schema names them as the schema does. */
function endpointDiscovery(t: { operation: string; error?: string }): { operation: string; error?: string } {
  return { operation: localName(t.operation), ...(t.error ? { error: localName(t.error) } : {}) };
}
