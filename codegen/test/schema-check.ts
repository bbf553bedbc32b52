/**
 * Checks a generated schema against its Smithy model: every trait the runtime reads (for any
 * protocol) must appear in the schema where the model has it. Returns the problems found, and counts
 * each trait it checked so a test can tell that its models exercise the trait at all.
 */
import { isDeepStrictEqual } from "node:util";
import type { MemberSchema, OperationSchema, ShapeSchema } from "@org/runtime/schema";
import { type AstMember, type AstShape, hasTrait, localName, type Traits, UNIT } from "../src/model.js";
import type { ServiceModel } from "../src/service.js";

/** Member traits: Smithy id → schema key, and how the value is copied. */
const MEMBER_TRAITS: [string, keyof MemberSchema, "flag" | "value" | "name"][] = [
  ["smithy.api#required", "required", "flag"],
  ["smithy.api#clientOptional", "clientOptional", "flag"],
  ["smithy.api#default", "default", "value"],
  ["smithy.api#sensitive", "sensitive", "flag"],
  ["smithy.api#httpLabel", "httpLabel", "flag"],
  ["smithy.api#httpQuery", "httpQuery", "value"],
  ["smithy.api#httpQueryParams", "httpQueryParams", "flag"],
  ["smithy.api#httpHeader", "httpHeader", "value"],
  ["smithy.api#httpPrefixHeaders", "httpPrefixHeaders", "value"],
  ["smithy.api#httpPayload", "httpPayload", "flag"],
  ["smithy.api#httpResponseCode", "httpResponseCode", "flag"],
  ["smithy.api#hostLabel", "hostLabel", "flag"],
  ["smithy.api#jsonName", "jsonName", "value"],
  ["smithy.api#xmlName", "xmlName", "value"],
  ["smithy.api#xmlAttribute", "xmlAttribute", "flag"],
  ["smithy.api#xmlFlattened", "xmlFlattened", "flag"],
  ["smithy.api#xmlNamespace", "xmlNamespace", "value"],
  ["aws.protocols#ec2QueryName", "ec2QueryName", "value"],
  ["smithy.api#timestampFormat", "timestampFormat", "value"],
  ["smithy.api#idempotencyToken", "idempotencyToken", "flag"],
  ["smithy.api#eventHeader", "eventHeader", "flag"],
  ["smithy.api#eventPayload", "eventPayload", "flag"],
  ["smithy.rules#contextParam", "contextParam", "name"],
];

/** Traits of a simple shape the runtime needs, so a member targeting it must reference it by name. */
const SIMPLE_SHAPE_TRAITS: [string, string][] = [
  ["smithy.api#timestampFormat", "timestampFormat"],
  ["smithy.api#mediaType", "mediaType"],
  ["smithy.api#streaming", "streaming"],
  ["smithy.api#requiresLength", "requiresLength"],
  ["smithy.api#sensitive", "sensitive"],
  ["smithy.api#xmlName", "xmlName"],
];

/** Traits of an aggregate shape: Smithy id → schema key, per shape type. */
const AGGREGATE_TRAITS: Record<string, [string, string][]> = {
  structure: [
    ["smithy.api#error", "error"],
    ["smithy.api#httpError", "httpError"],
    ["smithy.api#retryable", "retryable"],
    ["aws.protocols#awsQueryError", "awsQueryError"],
    ["smithy.api#xmlName", "xmlName"],
    ["smithy.api#xmlNamespace", "xmlNamespace"],
    ["smithy.api#sensitive", "sensitive"],
  ],
  union: [
    ["smithy.api#streaming", "streaming"],
    ["smithy.api#xmlName", "xmlName"],
    ["smithy.api#sensitive", "sensitive"],
  ],
  list: [
    ["smithy.api#sparse", "sparse"],
    ["smithy.api#xmlName", "xmlName"],
    ["smithy.api#sensitive", "sensitive"],
  ],
  map: [
    ["smithy.api#sparse", "sparse"],
    ["smithy.api#xmlName", "xmlName"],
    ["smithy.api#sensitive", "sensitive"],
  ],
};
AGGREGATE_TRAITS.set = AGGREGATE_TRAITS.list;

/** Operation traits: Smithy id → schema key (flags become `true`). */
const OPERATION_TRAITS: [string, keyof OperationSchema, "flag" | "value"][] = [
  ["aws.protocols#httpChecksum", "httpChecksum", "value"],
  ["smithy.api#httpChecksumRequired", "httpChecksumRequired", "flag"],
  ["smithy.api#requestCompression", "requestCompression", "value"],
  ["smithy.api#idempotent", "idempotent", "flag"],
  ["smithy.waiters#waitable", "waitable", "value"],
  ["smithy.rules#staticContextParams", "staticContextParams", "value"],
  ["smithy.rules#operationContextParams", "operationContextParams", "value"],
  ["smithy.api#optionalAuth", "optionalAuth", "flag"],
  ["aws.auth#unsignedPayload", "unsignedPayload", "flag"],
];

const FLAG = (v: unknown) => v === true;

export interface CheckResult {
  problems: string[];
  /** how many times each trait (by Smithy id) was found in the model and checked */
  checked: Map<string, number>;
}

export function checkSchema(svc: ServiceModel, result: CheckResult = { problems: [], checked: new Map() }): CheckResult {
  const { model, schema } = svc;
  const where = (s: string) => `${model.file.replace(/^.*\//, "")}: ${s}`;
  const problem = (s: string) => result.problems.push(where(s));
  const saw = (t: string) => result.checked.set(t, (result.checked.get(t) ?? 0) + 1);
  const expect = (ok: boolean, t: string, s: string) => {
    saw(t);
    if (!ok) problem(s);
  };

  /** A member's reference: a named shape carrying the target's runtime traits, or the right primitive. */
  const checkTarget = (ctx: string, ref: string, targetId: string) => {
    if (targetId === UNIT) {
      if (ref !== "Unit") problem(`${ctx}: Unit referenced as ${ref}`);
      return;
    }
    const target = model.shape(targetId);
    const named = schema.shapes[ref] as (ShapeSchema & Record<string, unknown>) | undefined;
    if (target.type in AGGREGATE_TRAITS) {
      if (!named || named.type !== (target.type === "set" ? "list" : target.type)) problem(`${ctx}: ${targetId} (${target.type}) referenced as ${ref}`);
      return;
    }
    for (const [t, key] of SIMPLE_SHAPE_TRAITS) {
      if (!hasTrait(target.traits, t)) continue;
      const want = t === "smithy.api#xmlName" || t === "smithy.api#timestampFormat" || t === "smithy.api#mediaType" ? target.traits![t] : true;
      expect(!!named && isDeepStrictEqual(named[key], want), t, `${ctx}: target ${targetId} has ${t} but the schema reference ${ref} does not carry it`);
    }
    const prim = target.type === "enum" ? "string" : target.type === "intEnum" ? "integer" : target.type;
    if (!named && ref !== prim) problem(`${ctx}: ${targetId} (${target.type}) referenced as ${ref}`);
  };

  const checkMember = (ctx: string, m: AstMember, ms: MemberSchema | undefined) => {
    if (!ms) return problem(`${ctx}: member missing from the schema`);
    const rec = ms as unknown as Record<string, unknown>;
    for (const [t, key, mode] of MEMBER_TRAITS) {
      if (!hasTrait(m.traits, t)) continue;
      const v = m.traits![t];
      const want = mode === "flag" ? true : mode === "name" ? (v as { name: string }).name : v;
      expect(isDeepStrictEqual(rec[key], want), t, `${ctx}: ${t} ${JSON.stringify(v)} → schema ${key} ${JSON.stringify(rec[key])}`);
    }
    checkTarget(ctx, ms.target, m.target);
  };

  // shapes
  const idByName = new Map([...svc.names].map(([id, n]) => [n, id]));
  for (const [name, shape] of Object.entries(schema.shapes)) {
    const id = idByName.get(name);
    if (!id) {
      problem(`schema shape ${name} has no model shape`);
      continue;
    }
    const s: AstShape = model.shape(id);
    const rec = shape as unknown as Record<string, unknown>;
    const t: Traits = s.traits ?? {};
    const traits = AGGREGATE_TRAITS[s.type] ?? SIMPLE_SHAPE_TRAITS;
    for (const [tid, key] of traits) {
      if (!hasTrait(t, tid)) continue;
      const v = t[tid];
      const want = v !== null && typeof v === "object" && Object.keys(v).length === 0 ? true : v;
      expect(isDeepStrictEqual(rec[key], want) || (key === "retryable" && isDeepStrictEqual(rec[key], v)), tid, `${id}: ${tid} ${JSON.stringify(v)} → schema ${key} ${JSON.stringify(rec[key])}`);
    }
    if (s.type === "structure" || s.type === "union") {
      const members = (shape as { members: Record<string, MemberSchema> }).members;
      for (const [mn, m] of Object.entries(s.members ?? {})) checkMember(`${id}$${mn}`, m, members[mn]);
      for (const mn of Object.keys(members)) if (!s.members?.[mn]) problem(`${id}: schema member ${mn} is not in the model`);
    } else if (s.type === "list" || s.type === "set") {
      checkMember(`${id}$member`, s.member!, (shape as { member: MemberSchema }).member);
    } else if (s.type === "map") {
      checkMember(`${id}$key`, s.key!, (shape as { key: MemberSchema }).key);
      checkMember(`${id}$value`, s.value!, (shape as { value: MemberSchema }).value);
    }
  }

  // operations
  const service = model.shape(svc.serviceId);
  const st = service.traits ?? {};
  const serviceAuth = (st["smithy.api#auth"] as string[] | undefined) ?? schema.auth;
  for (const opId of model.operationsOf(svc.serviceId)) {
    const op = model.shape(opId);
    const name = localName(opId);
    const os = schema.operations[name] as OperationSchema & Record<string, unknown>;
    if (!os) {
      problem(`operation ${name} missing from the schema`);
      continue;
    }
    const t = op.traits ?? {};
    checkTarget(`${opId} input`, os.input, op.input?.target ?? UNIT);
    checkTarget(`${opId} output`, os.output, op.output?.target ?? UNIT);
    if (!isDeepStrictEqual(os.errors ?? [], (op.errors ?? []).map((e) => svc.names.get(e.target)))) problem(`${opId}: errors ${JSON.stringify(os.errors)}`);
    for (const [tid, key, mode] of OPERATION_TRAITS) {
      if (!hasTrait(t, tid)) continue;
      expect(mode === "flag" ? FLAG(os[key]) : isDeepStrictEqual(os[key], t[tid]), tid, `${opId}: ${tid} ${JSON.stringify(t[tid])} → schema ${key} ${JSON.stringify(os[key])}`);
    }
    const http = t["smithy.api#http"] as { method: string; uri: string; code?: number } | undefined;
    if (http) {
      expect(os.http?.method === http.method && os.http.uri === http.uri && (os.http.code ?? 200) === (http.code ?? 200), "smithy.api#http", `${opId}: http ${JSON.stringify(os.http)}`);
    }
    const endpoint = t["smithy.api#endpoint"] as { hostPrefix: string } | undefined;
    if (endpoint) expect(os.hostPrefix === endpoint.hostPrefix, "smithy.api#endpoint", `${opId}: endpoint hostPrefix → ${os.hostPrefix}`);
    const pag = t["smithy.api#paginated"] as Record<string, string> | undefined;
    if (pag) {
      const want = { ...((st["smithy.api#paginated"] as Record<string, string> | undefined) ?? {}), ...pag };
      expect(isDeepStrictEqual(os.paginated, want), "smithy.api#paginated", `${opId}: paginated ${JSON.stringify(os.paginated)}, want ${JSON.stringify(want)}`);
    }
    const auth = t["smithy.api#auth"] as string[] | undefined;
    if (auth) expect(isDeepStrictEqual(os.auth ?? serviceAuth, auth), "smithy.api#auth", `${opId}: auth ${JSON.stringify(auth)} → ${JSON.stringify(os.auth)}`);
    else if (os.auth) problem(`${opId}: auth ${JSON.stringify(os.auth)} without an auth trait`);
  }

  // service
  const proto = schema.protocolOptions ?? {};
  if (hasTrait(st, "smithy.api#xmlNamespace")) {
    expect(isDeepStrictEqual(proto.xmlNamespace, st["smithy.api#xmlNamespace"]), "smithy.api#xmlNamespace", `service xmlNamespace → ${JSON.stringify(proto.xmlNamespace)}`);
  }
  if (hasTrait(st, "aws.protocols#awsQueryCompatible")) expect(proto.awsQueryCompatible === true, "aws.protocols#awsQueryCompatible", "service awsQueryCompatible missing");
  if (hasTrait(st, "smithy.api#auth")) expect(isDeepStrictEqual(schema.auth, st["smithy.api#auth"]), "smithy.api#auth", `service auth → ${JSON.stringify(schema.auth)}`);
  if (hasTrait(st, "smithy.rules#clientContextParams")) {
    expect(isDeepStrictEqual(schema.clientContextParams, st["smithy.rules#clientContextParams"]), "smithy.rules#clientContextParams", "service clientContextParams");
  }
  if (hasTrait(st, "smithy.rules#endpointRuleSet")) {
    expect(isDeepStrictEqual(schema.endpointRuleSet, st["smithy.rules#endpointRuleSet"]), "smithy.rules#endpointRuleSet", "service endpointRuleSet");
  }
  const sigv4 = st["aws.auth#sigv4"] as { name?: string } | undefined;
  if (sigv4) expect(schema.signingName === sigv4.name && schema.auth.includes("aws.auth#sigv4"), "aws.auth#sigv4", `service sigv4 → ${schema.signingName}`);
  return result;
}
