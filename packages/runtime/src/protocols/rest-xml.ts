/**
 * aws.protocols#restXml: HTTP bindings from the shared binding module, XML bodies from the XML codec,
 * errors as `<ErrorResponse><Error>` or, for S3 (`noErrorWrapping`), a bare `<Error>`.
 */
import { isS3WithoutRules, s3BucketLabel } from "../endpoint-params.js";
import type { HttpRequest } from "../http/types.js";
import { type MemberSchema, type OperationSchema, type ServiceSchema, type StructureSchema, shapeType } from "../schema.js";
import { bindRequest, readHttpBindings, readPayloadMember } from "./http-binding.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { toBytes } from "./values.js";
import { type XmlNamespace, type XmlNode, child, fromXml, parseXml, readXmlMembers, writeXmlDocument } from "./xml-codec.js";

export const restXml: Protocol = {
  name: "restXml",

  serializeRequest(ctx: RequestContext): HttpRequest {
    const { schema, opName, endpoint, input } = ctx;
    const op = withoutBucketLabel(schema, ctx.op);
    const { request, bodyMembers, payloadMember } = bindRequest(schema, op, input, endpoint, opName);
    if (op.input === "Unit") return request;
    const shape = schema.shapes[op.input] as StructureSchema;
    if (payloadMember) {
      const m = shape.members[payloadMember];
      const v = input[payloadMember];
      const type = shapeType(schema, m.target);
      const target = schema.shapes[m.target] as { mediaType?: string; streaming?: true; xmlName?: string; xmlNamespace?: XmlNamespace; wireName?: string } | undefined;
      if (type === "union" && target?.streaming) {
        request.headers["content-type"] = "application/vnd.amazon.eventstream";
      } else if (v === undefined || v === null) {
        // no payload, no body
      } else if (type === "blob") {
        request.body = isStream(v) ? (v as HttpRequest["body"]) : toBytes(v, `${opName}.${payloadMember}`);
        request.headers["content-type"] ??= target?.mediaType ?? "application/octet-stream";
      } else if (type === "string") {
        request.body = String(v);
        request.headers["content-type"] ??= target?.mediaType ?? "text/plain";
      } else {
        // a structure (or union) payload is the document root, named by the member, else by its shape
        const rootName = m.xmlName ?? target?.xmlName ?? target?.wireName ?? m.target;
        const ns = m.xmlNamespace ?? target?.xmlNamespace ?? serviceNamespace(schema);
        request.body = writeXmlDocument(schema, rootName, m.target, v, `${opName}.${payloadMember}`, ns);
        request.headers["content-type"] ??= "application/xml";
      }
    } else if (bodyMembers.some((n) => input[n] !== undefined && input[n] !== null)) {
      const bodyShape = bodyMembersOf(shape);
      const rootName = shape.xmlName ?? shape.wireName ?? op.input;
      request.body = writeXmlDocument(schema, rootName, op.input, input, opName, shape.xmlNamespace ?? serviceNamespace(schema), bodyShape);
      request.headers["content-type"] = "application/xml";
    }
    return request;
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    const { schema, op, status, headers, body } = ctx;
    const out: Record<string, unknown> = {};
    if (op.output === "Unit") return out;
    const shape = schema.shapes[op.output] as StructureSchema;
    readHttpBindings(schema, shape, status, headers, out);
    if (readPayloadMember(schema, op, shape, body, out, (m, bytes, name) => fromXml(schema, m.target, m, parseXml(bytes), name)) !== undefined) return out;
    if (!body.length) return out;
    const root = parseXml(body);
    const members = responseBodyMembersOf(shape);
    if (op.s3UnwrappedXmlOutput) {
      // aws.customizations#s3UnwrappedXmlOutput (S3 GetBucketLocation): the root element is the member itself
      // (`<LocationConstraint>us-west-2</LocationConstraint>`), not a wrapper around the members
      for (const name in members.members) {
        const m = members.members[name];
        if ((m.xmlName ?? name) === root.name) out[name] = fromXml(schema, m.target, m, root, `${op.output}.${name}`);
      }
      return out;
    }
    readXmlMembers(schema, members, root, op.output, out);
    return out;
  },

  parseError(ctx: ResponseContext): ErrorInfo {
    return parseXmlError(ctx.body, ctx.status);
  },

  readErrorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    readHttpBindings(schema, shape, ctx.status, ctx.headers, out);
    const node = info.body as XmlNode | undefined;
    if (node?.children) readXmlMembers(schema, responseBodyMembersOf(shape), node, "error", out);
    return out;
  },

  parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown {
    if (!body.length) return {};
    return fromXml(schema, target, undefined, parseXml(body), target);
  },

  serializeEventBody(schema: ServiceSchema, target: string, value: unknown): Uint8Array {
    // the body is the shape as a document whose root is named as the shape (or its xmlName)
    const shape = schema.shapes[target] as { xmlName?: string; xmlNamespace?: XmlNamespace } | undefined;
    return new TextEncoder().encode(writeXmlDocument(schema, shape?.xmlName ?? target, target, value, target, shape?.xmlNamespace));
  },

  eventContentType: "application/xml",
};

/**
 * The `<Error>` element of an XML error body, wrapped (`<ErrorResponse><Error>`, query style, or
 * `<Response><Errors><Error>`, EC2) or bare (`<Error>`, S3); with its `Code`, `Message` and the
 * request id from the body. A body that is not XML (a proxy's page) still yields the status code.
 */
export function parseXmlError(body: Uint8Array, status: number): ErrorInfo {
  let root: XmlNode | undefined;
  if (body.length) {
    try {
      root = parseXml(body);
    } catch {
      // not XML: the status code still tells the caller what happened
    }
  }
  // S3 answers a HEAD (or any bodiless 404) with no body at all
  if (!root) return { code: status === 404 ? "NotFound" : undefined, body: undefined };
  const error = root.name === "Error" ? root : (child(root, "Error") ?? child(child(root, "Errors"), "Error"));
  const code = child(error, "Code")?.text.trim();
  const requestId = (child(root, "RequestId") ?? child(root, "RequestID") ?? child(error, "RequestId"))?.text.trim();
  return {
    code: code || undefined,
    body: error,
    message: child(error, "Message")?.text,
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * S3's URIs start with `/{Bucket}`, but its endpoint rules already put the bucket in the URL (the host,
 * or the path when path-style): with a rule set, the label bound to the `Bucket` context parameter
 * leaves the URI, as in AWS's SDKs. An S3 schema without a rule set gets the same from the runtime's
 * own S3 addressing (`customizations.ts`). Any other service without a rule set keeps the URI as modeled.
 */
const bucketless = new WeakMap<OperationSchema, OperationSchema>();
function withoutBucketLabel(schema: ServiceSchema, op: OperationSchema): OperationSchema {
  // (checked before the cache: the same operation object may serve schemas with and without rules)
  if (!op.http || op.input === "Unit" || !(schema.endpointRuleSet || isS3WithoutRules(schema))) return op;
  let out = bucketless.get(op);
  if (!out) {
    out = op;
    const label = s3BucketLabel(schema, op);
    const uri = label ? op.http.uri.replace(`/{${label}}`, "") : op.http.uri;
    // `/{Bucket}?list-type=2` leaves `?list-type=2`: the path is the endpoint's own (`/mybucket` path-style, `/` virtual-hosted)
    if (uri !== op.http.uri) out = { ...op, http: { ...op.http, uri: uri === "" || uri.startsWith("/") || uri.startsWith("?") ? uri : "/" + uri } };
    bucketless.set(op, out);
  }
  return out;
}

function serviceNamespace(schema: ServiceSchema): XmlNamespace | undefined {
  return schema.protocolOptions?.xmlNamespace as XmlNamespace | undefined;
}

function isStream(v: unknown): boolean {
  return !!v && typeof v === "object" && (typeof (v as { pipe?: unknown }).pipe === "function" || Symbol.asyncIterator in (v as object));
}

/**
 * The structure restricted to members that travel in a response body, cached per shape: httpLabel
 * and httpQuery mean nothing in a response, so those members are read from the body.
 */
const responseBodyShapes = new WeakMap<StructureSchema, StructureSchema>();
function responseBodyMembersOf(shape: StructureSchema): StructureSchema {
  let s = responseBodyShapes.get(shape);
  if (!s) {
    const members: Record<string, MemberSchema> = {};
    for (const name in shape.members) {
      const m = shape.members[name];
      if (m.httpHeader === undefined && m.httpPrefixHeaders === undefined && !m.httpResponseCode && !m.httpPayload) members[name] = m;
    }
    s = { ...shape, members };
    responseBodyShapes.set(shape, s);
  }
  return s;
}

/** The structure restricted to members that travel in a request body, cached per shape. */
const bodyShapes = new WeakMap<StructureSchema, StructureSchema>();
function bodyMembersOf(shape: StructureSchema): StructureSchema {
  let s = bodyShapes.get(shape);
  if (!s) {
    const members: Record<string, MemberSchema> = {};
    for (const name in shape.members) {
      const m = shape.members[name];
      if (m.httpHeader === undefined && m.httpPrefixHeaders === undefined && !m.httpResponseCode && !m.httpLabel && m.httpQuery === undefined && !m.httpQueryParams && !m.httpPayload) members[name] = m;
    }
    s = { ...shape, members };
    bodyShapes.set(shape, s);
  }
  return s;
}
