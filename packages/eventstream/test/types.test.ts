// Compile-time API checks (run `npx tsc -p packages/eventstream/tsconfig.test.json`;
// the test runner itself does not type-check), plus their runtime counterparts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { encodeMessage } from "../src/codec.js";
import { EventStreamConnection } from "../src/connection.js";
import { createStreamingResponse, type EventStreamHandler, type EventStreamResponse } from "../src/response.js";

type Union = { A: { n: number } } | { B: { s: string } };
type Fields = { requestId: string };

test("EventStreamResponse<Fields, Member, Union> types: fields, handler overloads, alias, iterable", async () => {
  const con = new EventStreamConnection<Union>(Readable.from([Buffer.from(encodeMessage({}))]));
  const resp: EventStreamResponse<Fields, "body", Union> = createStreamingResponse(
    { requestId: "r" },
    "body",
    con,
    (): Union => ({ A: { n: 1 } }),
  );
  const id: string = resp.requestId;
  const h: EventStreamHandler<Union> = resp.body;
  assert.equal(h, resp.stream);
  // handler(fn) -> Promise<R[]>, with async fns unwrapped
  const p: Promise<number[]> = resp.body(async (e) => ("A" in e ? e.A.n : 0));
  assert.deepEqual(await p, [1]);
  // handler({ connection: true }) -> the connection, synchronously
  const typed = (): EventStreamConnection<Union> => resp.stream({ connection: true });
  void typed;
  // @ts-expect-error only { connection: true } is accepted
  assert.throws(() => resp.body({ connection: false }), TypeError);
  // @ts-expect-error the member name is part of the type
  void resp.events;
  const iter: AsyncIterable<Union> = resp;
  void iter;
  void id;
});
