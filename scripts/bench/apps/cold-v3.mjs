// Cold start, v3: import, build a client, one signed Converse call, exit. argv[2] = endpoint.
// Same transport as ours (HTTP/1.1 keep-alive handler instead of v3's default HTTP/2 one).
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }) });
const client = new BedrockRuntimeClient({ region: "us-east-1", endpoint: process.argv[2], requestHandler, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } });
const out = await client.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text: "Hello" }] }] }));
if (out.stopReason !== "end_turn") throw new Error("unexpected answer");
client.destroy();
