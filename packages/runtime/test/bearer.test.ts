import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import {
  BearerToken,
  bearerTokenEnvVar,
  bearerTokenProvider,
  resolveBearerToken,
  signBearer,
  TokenMissingError,
} from "../src/auth/bearer.js";
import type { HttpRequest } from "../src/http/types.js";

const TOKEN = "bedrock-api-key-EXAMPLESECRET123";

describe("bearer token resolution", () => {
  test("env var name derives from the signing name", () => {
    assert.equal(bearerTokenEnvVar("bedrock"), "AWS_BEARER_TOKEN_BEDROCK");
    assert.equal(bearerTokenEnvVar("execute-api"), "AWS_BEARER_TOKEN_EXECUTE_API");
  });
  test("config string wins over the env var", async () => {
    const t = await resolveBearerToken({ token: "cfg", signingName: "bedrock", env: { AWS_BEARER_TOKEN_BEDROCK: TOKEN } });
    assert.equal(t.token, "cfg");
  });
  test("config provider (sync or async, string or object)", async () => {
    assert.equal((await resolveBearerToken({ token: () => "a" })).token, "a");
    const exp = new Date("2030-01-01T00:00:00Z");
    const t = await resolveBearerToken({ token: async () => ({ token: "b", expiration: exp }) });
    assert.equal(t.token, "b");
    assert.equal(t.expiration?.getTime(), exp.getTime());
  });
  test("AWS_BEARER_TOKEN_<SIGNING NAME> used when no config", async () => {
    const t = await resolveBearerToken({ signingName: "bedrock", env: { AWS_BEARER_TOKEN_BEDROCK: TOKEN } });
    assert.equal(t.token, TOKEN);
    assert.equal(t.source, "env AWS_BEARER_TOKEN_BEDROCK");
  });
  test("other services' variables are not used", async () => {
    await assert.rejects(
      resolveBearerToken({ signingName: "q", env: { AWS_BEARER_TOKEN_BEDROCK: TOKEN } }),
      (e: unknown) => e instanceof TokenMissingError && /AWS_BEARER_TOKEN_Q/.test(e.message) && !e.message.includes(TOKEN),
    );
  });
  test("tokens with line breaks are rejected (header injection)", async () => {
    await assert.rejects(resolveBearerToken({ token: "a\r\nx-evil: 1" }), TypeError);
  });
  test("token never appears in JSON / inspect / String", () => {
    const t = new BearerToken({ token: TOKEN });
    for (const out of [JSON.stringify(t), inspect(t), inspect(t, { showHidden: true }), String(t), JSON.stringify({ ...t })]) {
      assert.ok(!out.includes(TOKEN), out);
    }
    assert.match(inspect(t), /redacted/);
  });
  test("provider memoises and refreshes near expiry", async () => {
    let now = 0;
    let calls = 0;
    const p = bearerTokenProvider({
      now: () => now,
      refreshWindowMs: 100,
      token: () => ({ token: `t${++calls}`, expiration: new Date(now + 1000) }),
    });
    assert.equal((await p()).token, "t1");
    assert.equal((await p()).token, "t1");
    now = 950;
    assert.equal((await p()).token, "t2");
    assert.equal(calls, 2);
  });
});

describe("signBearer", () => {
  const req: HttpRequest = {
    method: "POST",
    protocol: "https:",
    hostname: "bedrock-runtime.us-east-1.amazonaws.com",
    path: "/model/x/converse",
    query: {},
    headers: { "content-type": "application/json", Authorization: "old" },
  };
  test("sets authorization: Bearer <token>, replaces any existing one, does not mutate input", async () => {
    const signed = signBearer(req, await resolveBearerToken({ token: TOKEN }));
    assert.deepEqual(signed.headers, { "content-type": "application/json", authorization: `Bearer ${TOKEN}` });
    assert.equal(req.headers.Authorization, "old");
    assert.equal(signBearer(req, "plain").headers.authorization, "Bearer plain");
  });
});
