/** Everything a generated awsQuery package imports from the runtime, from one entry point (see rest-json.ts). */
export { Client, ServiceException } from "../client.js";
export { awsQuery } from "../protocols/aws-query.js";
export { streamParser, readEventMessage } from "../event-stream-module.js";
