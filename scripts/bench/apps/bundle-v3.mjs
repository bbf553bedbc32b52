// Bundle app, v3: stream a Converse answer to stdout. argv[2] = endpoint (optional).
// The HTTP/1.1 handler (v3 defaults Bedrock Runtime to HTTP/2) so the bundle can be run against the
// bench's HTTP/1.1 server; @smithy/node-http-handler is in the bundle either way.
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
const client = new BedrockRuntimeClient({ region: "us-east-1", endpoint: process.argv[2], requestHandler: new NodeHttpHandler() });
const resp = await client.send(new ConverseStreamCommand({
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  messages: [{ role: "user", content: [{ text: "Write a haiku." }] }],
  inferenceConfig: { maxTokens: 512 },
}));
for await (const ev of resp.stream) process.stdout.write(ev.contentBlockDelta?.delta?.text ?? "");
client.destroy();
