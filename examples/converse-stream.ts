/**
 * The seed example: ConverseStream read three ways, as in the R SDK paws.
 *
 *   pnpm example                      # against a local stand-in for Bedrock (no AWS account needed)
 *   AWS_REGION=us-east-1 MODEL_ID=anthropic.claude-3-haiku-20240307-v1:0 pnpm example --aws
 *
 * With `--aws` it calls the real service with your credentials; otherwise it starts a local
 * server that answers like Bedrock and points the client at it with an endpoint override.
 */
import { bedrockruntime, readEventMessage, streamParser, type Message } from "@org/bedrockruntime";
import { startLocalBedrock } from "./local-bedrock.js";

const useAws = process.argv.includes("--aws");
const local = useAws ? undefined : await startLocalBedrock();
const client = bedrockruntime(
  local ? { region: "us-east-1", endpoint: local.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "local-secret" } } : {},
);
const modelId = process.env.MODEL_ID ?? "anthropic.claude-3-haiku-20240307-v1:0";
const conversation: Message[] = [{ role: "user", content: [{ text: "Describe the purpose of a 'hello world' program in one line." }] }];
const request = { modelId, messages: conversation, inferenceConfig: { maxTokens: 512, temperature: 0.5, topP: 0.9 } };

// 1. resp.stream(handler): the handler runs on every event, in order
const resp = await client.converseStream(request);
await resp.stream((chunk) => process.stdout.write(chunk.contentBlockDelta?.delta?.text ?? ""));
process.stdout.write("\n");

// 2. the live connection, read event by event with streamParser (decoded, typed events)
const con = (await client.converseStream(request)).stream({ connection: true });
let chunk;
while ((chunk = await streamParser(con)) !== null) {
  if (chunk.contentBlockDelta) console.log(chunk.contentBlockDelta.delta?.text);
}

// 3. the raw level: event-stream messages { headers, body }
const raw = (await client.converseStream(request)).stream({ connection: true });
for (;;) {
  const event = await readEventMessage(raw);
  if (event === null) {
    raw.close();
    break;
  }
  console.log(event.headers[":event-type"]?.value, Buffer.from(event.body).toString());
}

client.destroy();
await local?.stop();
