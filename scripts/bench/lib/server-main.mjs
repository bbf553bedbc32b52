// The local Bedrock Runtime both SDKs talk to, run as its own process so its CPU is not charged to
// the client being measured. 127.0.0.1, HTTP/1.1 keep-alive. Answers:
//   POST /model/<id>/converse          -> a fixed Converse JSON answer
//   POST /model/<id>/converse-stream   -> event stream, frames encoded once in advance:
//        id "bench-events-<n>": a ConverseStream answer of n events (cached per n)
//        id "bench-bytes-<n>":  about n bytes of delta events, written in 1000-frame blocks with back-pressure
//        anything else:         a 20-event answer
// It does not verify signatures (the SDKs' own tests do), but refuses a request that is not SigV4-signed
// (403), so neither side can skip signing; it reads every request body.
import http from "node:http";
import { CONVERSE_OUTPUT, converseStreamFrames, deltaFrame, eventFrame } from "./common.mjs";

const streams = new Map();
function eventsBody(n) {
  let b = streams.get(n);
  if (!b) streams.set(n, (b = Buffer.concat(converseStreamFrames(n))));
  return b;
}
const BLOCK = Buffer.concat(Array.from({ length: 1000 }, (_, i) => deltaFrame(i)));
const HEAD = Buffer.from(eventFrame("messageStart", { role: "assistant" }));
const TAIL = Buffer.concat([eventFrame("contentBlockStop", { contentBlockIndex: 0 }), eventFrame("messageStop", { stopReason: "end_turn" })]);
const converseBody = Buffer.from(CONVERSE_OUTPUT);
const STREAM_HEADERS = { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "bench-stream", "transfer-encoding": "chunked" };

const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(req.url.split("?")[0]);
    if (!m) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"message":"not found"}');
      return;
    }
    if (!/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.test(req.headers.authorization ?? "")) {
      res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" });
      res.end('{"message":"request is not SigV4-signed"}');
      return;
    }
    const id = decodeURIComponent(m[1]);
    if (m[2] === "converse") {
      res.writeHead(200, { "content-type": "application/json", "content-length": converseBody.length, "x-amzn-requestid": "bench-converse" });
      res.end(converseBody);
      return;
    }
    const bytes = /^bench-bytes-(\d+)$/.exec(id);
    if (bytes) return void streamBytes(res, Number(bytes[1]));
    const events = /^bench-events-(\d+)$/.exec(id);
    res.writeHead(200, STREAM_HEADERS);
    res.write(eventsBody(events ? Number(events[1]) : 20));
    res.end();
  });
});

function streamBytes(res, total) {
  res.writeHead(200, STREAM_HEADERS);
  res.write(HEAD);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += BLOCK.length;
      if (!res.write(BLOCK)) return void res.once("drain", pump);
    }
    res.end(TAIL);
  };
  res.on("close", () => (sent = Infinity));
  pump();
}

server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  process.send?.({ url: `http://127.0.0.1:${port}` });
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
