/**
 * aws.protocols#ec2Query: the query request with EC2's naming (`ec2QueryName`, else the capitalised
 * name; lists always flattened, empty ones left out), responses in XML with the members directly
 * under `<OpResponse>` (beside `<requestId>`), errors as `<Response><Errors><Error>`.
 */
import type { HttpRequest } from "../http/types.js";
import type { ServiceSchema, StructureSchema } from "../schema.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { queryError, queryErrorFields, queryRequest } from "./query-codec.js";
import { fromXml, parseXml, readXmlMembers } from "./xml-codec.js";

export const ec2Query: Protocol = {
  name: "ec2Query",

  serializeRequest(ctx: RequestContext): HttpRequest {
    return queryRequest(ctx, "ec2Query");
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    const { schema, op, body } = ctx;
    const out: Record<string, unknown> = {};
    if (op.output === "Unit" || !body.length) return out;
    readXmlMembers(schema, schema.shapes[op.output] as StructureSchema, parseXml(body), op.output, out);
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
