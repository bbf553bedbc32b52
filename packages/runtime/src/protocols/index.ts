/** The protocol modules by the local name of their Smithy trait. */
import type { Protocol } from "./protocol.js";
import { awsQuery } from "./aws-query.js";
import { ec2Query } from "./ec2-query.js";
import { awsJson1_0, awsJson1_1 } from "./aws-json.js";
import { restJson1 } from "./rest-json.js";
import { rpcv2Json } from "./rpcv2-json.js";
import { restXml } from "./rest-xml.js";
import { rpcv2Cbor } from "./rpcv2-cbor.js";

const PROTOCOLS: Record<string, Protocol> = { restJson1, restXml, awsQuery, ec2Query, awsJson1_0, awsJson1_1, rpcv2Json, rpcv2Cbor };

/** The protocol module, or undefined when the runtime does not speak it yet. */
export function protocolFor(name: string): Protocol | undefined {
  return PROTOCOLS[name];
}

export type { Protocol, RequestContext, ResponseContext, ErrorInfo } from "./protocol.js";
export type { Endpoint } from "./http-binding.js";
