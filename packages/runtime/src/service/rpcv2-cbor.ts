/** Everything a generated rpcv2Cbor package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { rpcv2Cbor } from "../protocols/rpcv2-cbor.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
