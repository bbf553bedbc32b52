// Cold start, ours: import, build a client, one signed Converse call, exit. argv[2] = endpoint.
import { bedrockruntime } from "@org/bedrockruntime";
const client = bedrockruntime({ region: "us-east-1", endpoint: process.argv[2], credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } });
const out = await client.converse({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text: "Hello" }] }] });
if (out.stopReason !== "end_turn") throw new Error("unexpected answer");
client.destroy();
