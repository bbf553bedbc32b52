import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputValidationError, NetworkError, RequestTimeoutError, ResponseParseError, ServiceException } from "../src/errors.js";
import { retryKind, RetryStrategy, sleep } from "../src/retry.js";

const svcErr = (name: string, status: number) => new ServiceException({ $metadata: { httpStatusCode: status } }, name, status >= 500 ? "server" : "client");

describe("retryKind", () => {
  test("network failures and timeouts are transient", () => {
    assert.equal(retryKind(new NetworkError("reset", "ECONNRESET")), "transient");
    assert.equal(retryKind(new RequestTimeoutError("slow")), "transient");
  });
  test("5xx are transient, but not 501", () => {
    for (const s of [500, 502, 503, 504]) assert.equal(retryKind(svcErr("Boom", s)), "transient", String(s));
    assert.equal(retryKind(svcErr("NotImplemented", 501)), undefined);
  });
  test("429 and throttling codes are throttling, whatever the status", () => {
    assert.equal(retryKind(svcErr("Anything", 429)), "throttling");
    for (const code of ["ThrottlingException", "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "SlowDown"]) {
      assert.equal(retryKind(svcErr(code, 400)), "throttling", code);
    }
  });
  test("transient codes on a 4xx", () => {
    assert.equal(retryKind(svcErr("RequestTimeoutException", 408)), "transient");
    assert.equal(retryKind(svcErr("RequestTimeout", 400)), "transient");
  });
  test("modeled retryable wins: throttling or not", () => {
    assert.equal(retryKind(svcErr("ModelNotReadyException", 424), {}), "transient");
    assert.equal(retryKind(svcErr("ModelNotReadyException", 424), { throttling: true }), "throttling");
    assert.equal(retryKind(svcErr("ModelNotReadyException", 424)), undefined);
  });
  test("client errors, validation, parse errors and aborts are not retried", () => {
    assert.equal(retryKind(svcErr("ValidationException", 400)), undefined);
    assert.equal(retryKind(svcErr("AccessDeniedException", 403)), undefined);
    assert.equal(retryKind(new InputValidationError("x")), undefined);
    assert.equal(retryKind(new ResponseParseError("x", {})), undefined);
    assert.equal(retryKind(Object.assign(new Error("aborted"), { name: "AbortError" })), undefined);
    assert.equal(retryKind(new TypeError("bug")), undefined);
  });
});

describe("RetryStrategy backoff", () => {
  const err = new NetworkError("x", "ECONNRESET");
  test("full jitter: random × min(cap, base × 2^(attempt-1)), base 100 ms", () => {
    const s = new RetryStrategy({ maxAttempts: 10, random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4].map((a) => s.nextDelay(a, "transient", err)), [99, 199, 399, 799]);
    const zero = new RetryStrategy({ maxAttempts: 10, random: () => 0 });
    assert.equal(zero.nextDelay(3, "transient", err), 0);
    const half = new RetryStrategy({ maxAttempts: 10, random: () => 0.5 });
    assert.equal(half.nextDelay(2, "transient", err), 100);
  });
  test("throttling uses a 500 ms base", () => {
    const s = new RetryStrategy({ maxAttempts: 10, random: () => 0.5 });
    assert.equal(s.nextDelay(1, "throttling", err), 250);
    assert.equal(s.nextDelay(3, "throttling", err), 1000);
  });
  test("capped at 20 s however many attempts", () => {
    const s = new RetryStrategy({ maxAttempts: 100, random: () => 0.999999 });
    assert.equal(s.nextDelay(20, "throttling", err), 19_999);
    assert.equal(s.nextDelay(60, "transient", err), 19_999);
    const r = new RetryStrategy({ maxAttempts: 100, random: () => 1 - Number.EPSILON });
    for (let a = 1; a < 40; a++) assert.ok(r.nextDelay(a, "throttling", err)! < 20_000);
  });
  test("gives up at maxAttempts, for non-retryable errors, and honours a per-call maxAttempts", () => {
    const s = new RetryStrategy({ maxAttempts: 3, random: () => 0 });
    assert.equal(s.nextDelay(2, "transient", err), 0);
    assert.equal(s.nextDelay(3, "transient", err), undefined);
    assert.equal(s.nextDelay(1, undefined, err), undefined);
    assert.equal(s.nextDelay(1, "transient", err, 1), undefined);
    assert.equal(s.nextDelay(4, "transient", err, 5), 0);
  });
  test("maxAttempts must be a positive integer", () => {
    assert.throws(() => new RetryStrategy({ maxAttempts: 0 }), RangeError);
    assert.throws(() => new RetryStrategy({ maxAttempts: 1.5 }), RangeError);
  });
});

describe("retry quota", () => {
  const err = new NetworkError("x", "ECONNRESET");
  test("each retry costs 5, a timeout retry 10; an empty quota stops retries", () => {
    const s = new RetryStrategy({ maxAttempts: 3, random: () => 0 });
    assert.equal(s.availableQuota, 500);
    s.nextDelay(1, "transient", err);
    assert.equal(s.availableQuota, 495);
    s.nextDelay(1, "transient", new RequestTimeoutError("t"));
    assert.equal(s.availableQuota, 485);
    let granted = 0;
    while (s.nextDelay(1, "transient", err) !== undefined && granted < 1000) granted++;
    assert.equal(granted, 97);
    assert.equal(s.availableQuota, 0);
    assert.equal(s.nextDelay(1, "throttling", err), undefined);
  });
  test("a timeout retry needs 10 even when 5 are left", () => {
    const s = new RetryStrategy({ maxAttempts: 3, random: () => 0 });
    for (let i = 0; i < 1000 && s.availableQuota > 5; i++) s.nextDelay(1, "transient", err);
    assert.equal(s.availableQuota, 5);
    assert.equal(s.nextDelay(1, "transient", new RequestTimeoutError("t")), undefined);
    assert.equal(s.nextDelay(1, "transient", err), 0);
  });
  test("success refills it: 1 for a first-try success, the retry cost after a retry, never above 500", () => {
    const s = new RetryStrategy({ maxAttempts: 3, random: () => 0 });
    for (let i = 0; i < 1000 && s.nextDelay(1, "transient", err) !== undefined; i++);
    assert.equal(s.availableQuota, 0);
    s.onSuccess(false);
    assert.equal(s.availableQuota, 1);
    s.onSuccess(true);
    assert.equal(s.availableQuota, 6);
    assert.equal(s.nextDelay(1, "transient", err), 0);
    // after a retry that followed a timeout, the 10 it took come back
    assert.equal(s.availableQuota, 1);
    s.onSuccess(true, new RequestTimeoutError("t"));
    assert.equal(s.availableQuota, 11);
    s.onSuccess(true, err);
    assert.equal(s.availableQuota, 16);
    const full = new RetryStrategy({ maxAttempts: 3 });
    full.onSuccess(true);
    assert.equal(full.availableQuota, 500);
  });
});

describe("sleep", () => {
  test("waits, and an abort rejects early", async () => {
    const t0 = Date.now();
    await sleep(30);
    assert.ok(Date.now() - t0 >= 25);
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(), 10);
    const t1 = Date.now();
    await assert.rejects(p, (e: Error) => e.name === "AbortError");
    assert.ok(Date.now() - t1 < 5_000);
  });
});
