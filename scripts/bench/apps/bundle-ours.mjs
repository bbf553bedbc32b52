// Bundle app, ours: stream a Converse answer to stdout. argv[2] = endpoint (optional).
import { bedrockruntime } from "@org/bedrockruntime";
const client = bedrockruntime({ region: "us-east-1", endpoint: process.argv[2] });
const resp = await client.converseStream({
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  messages: [{ role: "user", content: [{ text: "Write a haiku." }] }],
  inferenceConfig: { maxTokens: 512 },
});
await resp.stream((ev) => process.stdout.write(ev.contentBlockDelta?.delta?.text ?? ""));
client.destroy();
