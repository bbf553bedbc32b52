/**
 * aws.protocols#awsQuery: `POST /` with a form-urlencoded body (`Action`, `Version`, the input by the
 * query naming rules), responses in XML as `<OpResponse><OpResult>...</OpResult></OpResponse>`, errors
 * as `<ErrorResponse><Error><Code>` with `awsQueryError` codes mapped back to their shapes.
 */
import type { HttpRequest } from "../http/types.js";
import type { ServiceSchema, StructureSchema } from "../schema.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { queryError, queryErrorFields, queryRequest } from "./query-codec.js";
import { child, fromXml, parseXml, readXmlMembers } from "./xml-codec.js";

export const awsQuery: Protocol = {
  name: "awsQuery",

  serializeRequest(ctx: RequestContext): HttpRequest {
    return queryRequest(ctx, "awsQuery");
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    const { schema, op, opName, body } = ctx;
    const out: Record<string, unknown> = {};
    if (op.output === "Unit" || !body.length) return out;
    const root = parseXml(body);
    // <OpResponse><OpResult>; a result element of another name is tolerated, metadata is not read as one
    const result = child(root, `${opName}Result`) ?? root.children.find((c) => c.name.endsWith("Result"));
    if (result) readXmlMembers(schema, schema.shapes[op.output] as StructureSchema, result, op.output, out);
    return out;
  },

  parseError(ctx: ResponseContext): ErrorInfo {
    return queryError(ctx.schema, ctx.body, ctx.status);
  },

  readErrorFields(schema: ServiceSchema, shape: StructureSchema, _ctx: ResponseContext, info: ErrorInfo): Record<string, unknown> {
    return queryErrorFields(schema, shape, info);
  },

  parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown {
    return body.length ? fromXml(schema, target, undefined, parseXml(body), target) : {};
  },
};
