/** Everything a generated restXml package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { restXml } from "../protocols/rest-xml.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
