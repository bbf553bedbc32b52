/** Everything a generated ec2Query package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { ec2Query } from "../protocols/ec2-query.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
