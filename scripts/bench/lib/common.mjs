// Shared pieces of the benchmark: statistics, ConverseStream frames, the two clients.
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

export const REGION = "us-east-1";
export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
export const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";

/** The same request for both SDKs (Converse and ConverseStream take the same input). */
export const CONVERSE_INPUT = {
  modelId: MODEL_ID,
  messages: [{ role: "user", content: [{ text: "Write a haiku about benchmarks, then explain it in two sentences." }] }],
  inferenceConfig: { maxTokens: 512, temperature: 0.5, topP: 0.9 },
};

// ---------------------------------------------------------------- statistics
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const q = (p) => {
    if (n === 0) return NaN;
    const i = (n - 1) * p;
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(lo + 1, n - 1)] - s[lo]) * (i - lo);
  };
  const median = q(0.5);
  return { median, min: s[0], max: s[n - 1], q1: q(0.25), q3: q(0.75), n, spreadPct: median ? (100 * (s[n - 1] - s[0])) / Math.abs(median) : 0, samples: xs };
}

/**
 * One comparable row: `higherIsBetter` decides how the target reads. `target` is the ratio ours/v3
 * (or ours/ref) to meet: `>= target` when higher is better, `<= target` otherwise.
 */
export function row(metric, unit, ours, ref, { refName = "v3", higherIsBetter = true, target, targetText, note } = {}) {
  const o = summary(ours);
  const r = ref ? summary(ref) : undefined;
  const ratio = r ? o.median / r.median : undefined;
  // ours and the reference alternate, so sample i of each was taken seconds apart: the spread of
  // these paired ratios says how much the machine's noise could move the ratio
  const paired = ref && ref.length === ours.length && ours.length > 1 ? summary(ours.map((x, i) => x / ref[i])) : undefined;
  let met;
  if (target !== undefined && ratio !== undefined) met = higherIsBetter ? ratio >= target : ratio <= target;
  return { metric, unit, ours: o, ref: r, refName, ratio, pairedRatio: paired && { median: paired.median, min: paired.min, max: paired.max, q1: paired.q1, q3: paired.q3 }, higherIsBetter, target, targetText, met, note };
}

/** An absolute row (no reference), with an absolute limit. */
export function absRow(metric, unit, ours, { limit, higherIsBetter = false, note } = {}) {
  const o = summary(ours);
  const met = limit === undefined ? undefined : higherIsBetter ? o.median >= limit : o.median <= limit;
  return { metric, unit, ours: o, limit, higherIsBetter, met, note };
}

// ---------------------------------------------------------------- frames
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value) => ({ type: "string", value });
const WORDS = "the quick brown fox jumps over a lazy dog while benchmarks run quietly in the background of a busy machine".split(" ");

/** An event frame as Bedrock sends it (encoded by @smithy/eventstream-codec, neither side's decoder). */
export function eventFrame(eventType, payload) {
  return codec.encode({
    headers: { ":event-type": str(eventType), ":content-type": str("application/json"), ":message-type": str("event") },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Bedrock pads every event with a "p" field; this one brings a delta frame to about 190 bytes. */
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU".slice(0, 32);
export function deltaFrame(i) {
  return eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: WORDS[i % WORDS.length] + " " }, p: PAD });
}

/** `n` events of a ConverseStream answer: messageStart, deltas, contentBlockStop, messageStop, metadata. */
export function converseStreamFrames(n) {
  const deltas = Math.max(0, n - 4);
  const frames = [eventFrame("messageStart", { role: "assistant", p: PAD })];
  for (let i = 0; i < deltas; i++) frames.push(deltaFrame(i));
  frames.push(eventFrame("contentBlockStop", { contentBlockIndex: 0, p: PAD }));
  frames.push(eventFrame("messageStop", { stopReason: "end_turn", p: PAD }));
  frames.push(eventFrame("metadata", { usage: { inputTokens: 25, outputTokens: deltas, totalTokens: 25 + deltas }, metrics: { latencyMs: 42 }, p: PAD }));
  return frames;
}

/** A Converse answer (~450 bytes of JSON). */
export const CONVERSE_OUTPUT = JSON.stringify({
  output: { message: { role: "assistant", content: [{ text: "Numbers in a row,\nmedians hum beneath the noise,\nratios speak true.\n\nThe haiku is about measuring carefully. Repetition and medians make a noisy machine tell the truth." }] } },
  stopReason: "end_turn",
  usage: { inputTokens: 25, outputTokens: 48, totalTokens: 73 },
  metrics: { latencyMs: 321 },
});

// ---------------------------------------------------------------- clients
export async function oursClient(endpoint) {
  const { bedrockruntime } = await import("@org/bedrockruntime");
  return bedrockruntime({ region: REGION, endpoint, credentials: CREDENTIALS });
}

/**
 * v3 defaults Bedrock Runtime to HTTP/2 (NodeHttp2Handler); both SDKs get the same transport here:
 * HTTP/1.1 with a keep-alive agent (maxSockets 50, as ours).
 */
export async function v3Client(endpoint) {
  const [{ BedrockRuntimeClient }, { NodeHttpHandler }, http] = await Promise.all([
    import("@aws-sdk/client-bedrock-runtime"),
    import("@smithy/node-http-handler"),
    import("node:http"),
  ]);
  const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }) });
  return new BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, requestHandler });
}

export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `fns` `reps` times, alternating which goes first each repetition (ABAB → BABA). */
/**
 * A clean heap for the side about to run, so no side pays the other's GC debt: a full collection
 * (run.mjs starts cases with --expose-gc), then a short pause, because V8 finishes sweeping on
 * helper threads after gc() returns, and on 2 cores that work competes with the next timed call
 * (measured: it added ~0.4 ms to the first event of whichever SDK ran after v3's garbage).
 */
export async function settledHeap() {
  if (!globalThis.gc) return;
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 15));
}

export async function alternate(reps, fns, { onRep } = {}) {
  const names = Object.keys(fns);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < reps; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      await settledHeap();
      out[n].push(await fns[n](r));
    }
    onRep?.(r);
  }
  return out;
}
