/** Everything a generated awsJson1_0 / awsJson1_1 package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { awsJson1_0, awsJson1_1 } from "../protocols/aws-json.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
