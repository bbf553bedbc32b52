/**
 * Everything a generated restJson1 package imports from the runtime, from one entry point, so that the
 * service loads one file of the runtime: the bundle (scripts/bundle-package.mjs) puts each module in
 * the file of the first entry point that reaches it, and this one comes first. So its file holds the
 * client and the JSON codec, which most protocols use; the other protocols' entries import them from it.
 */
export { Client, ServiceException } from "../client.js";
export { restJson1 } from "../protocols/rest-json.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
