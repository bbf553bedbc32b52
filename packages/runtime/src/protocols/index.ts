/** Every protocol module, registered by the local name of its Smithy trait. */
import { awsJson1_0, awsJson1_1 } from "./aws-json.js";
import { awsQuery } from "./aws-query.js";
import { ec2Query } from "./ec2-query.js";
import type { Protocol } from "./protocol.js";
import { registerProtocol } from "./registry.js";
import { restJson1 } from "./rest-json.js";
import { restXml } from "./rest-xml.js";
import { rpcv2Cbor } from "./rpcv2-cbor.js";
import { rpcv2Json } from "./rpcv2-json.js";

const ALL: Record<string, Protocol> = { restJson1, restXml, awsQuery, ec2Query, awsJson1_0, awsJson1_1, rpcv2Json, rpcv2Cbor };
for (const [name, p] of Object.entries(ALL)) registerProtocol(p, name);

export { protocolFor, registerProtocol } from "./registry.js";
export type { Protocol, RequestContext, ResponseContext, ErrorInfo } from "./protocol.js";
export type { Endpoint } from "./http-binding.js";
