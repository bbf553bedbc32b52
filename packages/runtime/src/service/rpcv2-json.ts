/** Everything a generated rpcv2Json package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { rpcv2Json } from "../protocols/rpcv2-json.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
