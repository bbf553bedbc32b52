/**
 * The schema carries everything the runtime needs for every protocol: on real AWS models (restXml,
 * awsQuery, awsJson, restJson) and a hand-written ec2Query model, each trait the runtime reads
 * appears in the generated schema wherever the model has it (see schema-check.ts).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { serviceOf } from "../src/generate.js";
import type { ServiceModel } from "../src/service.js";
import { AWS_MODELS, FIXTURES } from "./helpers.js";
import { checkSchema, type CheckResult } from "./schema-check.js";

/** Models chosen so that together they have every trait below at least once. */
const AWS = [
  "s3", // restXml: xmlName/xmlFlattened/xmlNamespace/xmlAttribute, hostLabel, httpChecksum, contextParam, streaming
  "s3-control", // endpoint hostPrefix, httpChecksumRequired, staticContextParams
  "sqs", // awsJson1_0 + awsQueryCompatible, awsQueryError
  "sns", // awsQuery: xmlName on map members
  "auto-scaling", // awsQuery: awsQueryError, xmlName
  "dynamodb", // operationContextParams, contextParam, waitable
  "cloudwatch", // requestCompression
  "cognito-identity", // auth [] / optionalAuth
  "ebs", // unsignedPayload, requiresLength, streaming blob
  "lookoutvision", // requiresLength
  "kinesis", // staticContextParams, event stream
  "lambda", // eventPayload, event stream
  "connectcases", // sparse
  "bedrock-runtime", // service auth trait, sensitive, document
];
const FIXTURE_MODELS = ["ec2-query.json", "widgets.json", "name-clash.json"];

/** Every trait the brief names, by Smithy id: each must be found (and checked) in the models above. */
const REQUIRED_COVERAGE = [
  "smithy.api#xmlName",
  "smithy.api#xmlFlattened",
  "smithy.api#xmlNamespace",
  "smithy.api#xmlAttribute",
  "aws.protocols#ec2QueryName",
  "smithy.api#hostLabel",
  "smithy.api#endpoint",
  "aws.protocols#httpChecksum",
  "smithy.api#httpChecksumRequired",
  "smithy.api#requestCompression",
  "smithy.api#idempotencyToken",
  "aws.protocols#awsQueryError",
  "aws.protocols#awsQueryCompatible",
  "smithy.api#paginated",
  "smithy.waiters#waitable",
  "smithy.api#streaming",
  "smithy.api#requiresLength",
  "smithy.api#sensitive",
  "smithy.api#default",
  "smithy.api#required",
  "smithy.api#clientOptional",
  "smithy.api#auth",
  "smithy.api#optionalAuth",
  "aws.auth#unsignedPayload",
  "smithy.rules#contextParam",
  "smithy.rules#staticContextParams",
  "smithy.rules#operationContextParams",
  "smithy.rules#clientContextParams",
  "smithy.rules#endpointRuleSet",
  "smithy.api#http",
  "smithy.api#httpLabel",
  "smithy.api#httpQuery",
  "smithy.api#httpHeader",
  "smithy.api#httpPrefixHeaders",
  "smithy.api#httpPayload",
  "smithy.api#httpQueryParams",
  "smithy.api#httpResponseCode",
  "smithy.api#jsonName",
  "smithy.api#timestampFormat",
  "smithy.api#mediaType",
  "smithy.api#eventHeader",
  "smithy.api#eventPayload",
  "smithy.api#sparse",
  "smithy.api#error",
  "smithy.api#httpError",
  "smithy.api#retryable",
];

const haveAws = AWS.every((m) => existsSync(join(AWS_MODELS, `${m}.json`)));

describe("the schema carries every trait the runtime reads", { skip: haveAws ? false : `AWS models not found in ${AWS_MODELS}` }, () => {
  const services = new Map<string, ServiceModel>();
  const load = (name: string) => {
    if (!services.has(name)) services.set(name, serviceOf(name.endsWith(".json") ? join(FIXTURES, name) : join(AWS_MODELS, `${name}.json`)));
    return services.get(name)!;
  };
  const all: CheckResult = { problems: [], checked: new Map() };

  for (const name of [...AWS, ...FIXTURE_MODELS]) {
    test(name, () => {
      const r = checkSchema(load(name));
      for (const [t, n] of r.checked) all.checked.set(t, (all.checked.get(t) ?? 0) + n);
      assert.deepEqual(r.problems, []);
    });
  }

  test("together the models exercise every trait", () => {
    const missing = REQUIRED_COVERAGE.filter((t) => !all.checked.get(t));
    assert.deepEqual(missing, []);
  });

  test("the checker notices a trait the schema lost", () => {
    const svc = serviceOf(join(FIXTURES, "ec2-query.json"));
    const ops = svc.schema.operations;
    delete ops.UploadThing.hostPrefix;
    delete (svc.schema.shapes.DescribeThingsRequest as { members: Record<string, { ec2QueryName?: string }> }).members.ThingIds.ec2QueryName;
    delete ops.DescribeThings.waitable;
    svc.schema.protocolOptions = {};
    const r = checkSchema(svc);
    assert.equal(r.problems.length, 4, r.problems.join("\n"));
    assert.match(r.problems.join("\n"), /UploadThing: endpoint hostPrefix/);
    assert.match(r.problems.join("\n"), /DescribeThingsRequest\$ThingIds: aws\.protocols#ec2QueryName/);
    assert.match(r.problems.join("\n"), /DescribeThings: smithy\.waiters#waitable/);
    assert.match(r.problems.join("\n"), /service xmlNamespace/);
  });

  test("a few by hand", () => {
    const s3 = load("s3").schema;
    assert.equal(s3.protocol, "restXml");
    assert.deepEqual(s3.protocolOptions, { noErrorWrapping: true, xmlNamespace: { uri: "http://s3.amazonaws.com/doc/2006-03-01/" } });
    assert.equal(s3.operations.GetObject.httpChecksum?.requestValidationModeMember, "ChecksumMode");
    assert.deepEqual(s3.operations.GetObject.http, { method: "GET", uri: "/{Bucket}/{Key+}?x-id=GetObject" });
    assert.equal(s3.clientContextParams?.ForcePathStyle?.type, "boolean");
    const sqs = load("sqs").schema;
    assert.equal(sqs.protocol, "awsJson1_0");
    assert.equal(sqs.protocolOptions?.awsQueryCompatible, true);
    const q = load("ec2-query.json").schema;
    assert.equal(q.protocol, "ec2Query");
    assert.deepEqual(q.operations.UploadThing, {
      input: "UploadThingRequest",
      output: "Unit",
      auth: [],
      optionalAuth: true,
      unsignedPayload: true,
      hostPrefix: "{Bucket}.data.",
      httpChecksum: { requestAlgorithmMember: "ChecksumAlgorithm", requestChecksumRequired: true },
      staticContextParams: { UseObjectLambda: { value: false } },
      operationContextParams: { Ids: { path: "Items[*].Id" } },
    });
    assert.deepEqual(q.operations.DescribeThings.paginated, { inputToken: "NextToken", outputToken: "NextToken", items: "Things", pageSize: "MaxResults" });
    assert.deepEqual(q.shapes.ThingFault, {
      type: "structure",
      members: { message: { target: "string" } },
      error: "server",
      awsQueryError: { code: "Thing.Fault", httpResponseCode: 503 },
    });
    assert.deepEqual(q.shapes.Body, { type: "blob", streaming: true, requiresLength: true });
  });
});
