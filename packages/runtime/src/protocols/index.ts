/** The protocol modules by the local name of their Smithy trait. */
import type { Protocol } from "./protocol.js";
import { restJson1 } from "./rest-json.js";

const PROTOCOLS: Record<string, Protocol> = { restJson1 };

/** The protocol module, or undefined when the runtime does not speak it yet. */
export function protocolFor(name: string): Protocol | undefined {
  return PROTOCOLS[name];
}

export type { Protocol, RequestContext, ResponseContext, ErrorInfo } from "./protocol.js";
export type { Endpoint } from "./http-binding.js";
