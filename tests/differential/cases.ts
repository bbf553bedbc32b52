/**
 * The inputs: real operations of the eight services, each input given to both clients as is (both take
 * the model's member names, `Date` for timestamps and `Uint8Array` for blobs). Idempotency tokens are
 * always given, since both SDKs would otherwise fill in a random UUID.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { SharedConfig } from "./support/clients.js";

export interface Case {
  /** key of SERVICES */
  service: string;
  op: string;
  /** tells inputs of one operation apart; the case id is `Service.Op#label` */
  label: string;
  /** a function when the input cannot be cloned (a stream): called once per client */
  input: Record<string, unknown> | (() => Record<string, unknown>);
  /** another region than the default */
  region?: string;
  /** sign with temporary credentials (x-amz-security-token) */
  sessionToken?: string;
  /** FIPS / dual-stack endpoints, for both clients */
  config?: SharedConfig;
}

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const T1 = new Date("2024-03-04T05:06:07.000Z");
const T2 = new Date("2024-03-05T05:06:07.891Z");
const T_FUTURE = new Date("2030-01-02T03:04:05.000Z");
const QUEUE = "https://sqs.us-west-2.amazonaws.com/123456789012/my-queue";
const SSE_KEY = Buffer.alloc(32, 7).toString("base64");
const SSE_KEY_MD5 = createHash("md5").update(Buffer.alloc(32, 7)).digest("base64");

const c = (service: string, op: string, label: string, input: Case["input"], extra: Partial<Case> = {}): Case => ({ service, op, label, input, ...extra });
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLXdlc3QtMiJHMEUCIQDexample+token=";

const FIPS = { config: { useFipsEndpoint: true } };
const DUALSTACK = { config: { useDualstackEndpoint: true } };
/** flexible checksums only where the model requires them or the input asks (both SDKs' non-default setting) */
const WHEN_REQUIRED = { config: { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } } as const;

export const CASES: Case[] = [
  // ---------------------------------------------------------------- S3 (restXml)
  c("S3", "PutObject", "headers-metadata-timestamps", {
    Bucket: "example-bucket",
    Key: "photos/2024/a b+c~d=e&f.jpg",
    Body: "hello world",
    ContentType: "image/jpeg",
    CacheControl: "max-age=60",
    ContentDisposition: 'attachment; filename="a b.jpg"',
    ContentLanguage: "en-US",
    Expires: T_FUTURE,
    Metadata: { color: "blue", "x-y": "1 2" },
    ServerSideEncryption: "aws:kms",
    SSEKMSKeyId: "arn:aws:kms:us-west-2:123456789012:key/abcd",
    BucketKeyEnabled: true,
    StorageClass: "STANDARD_IA",
    Tagging: "a=b&c=d",
    ACL: "bucket-owner-full-control",
    ObjectLockMode: "GOVERNANCE",
    ObjectLockRetainUntilDate: T_FUTURE,
    ObjectLockLegalHoldStatus: "ON",
    ExpectedBucketOwner: "123456789012",
  }),
  c("S3", "PutObject", "binary-unicode-key", { Bucket: "example-bucket", Key: "données/日本 語.bin", Body: bytes(0, 1, 2, 254, 255) }),
  c("S3", "PutObject", "checksum-algorithm-sha256", { Bucket: "example-bucket", Key: "k", Body: "checked", ChecksumAlgorithm: "SHA256" }),
  c("S3", "PutObject", "sse-c", {
    Bucket: "example-bucket",
    Key: "secret",
    Body: "x",
    SSECustomerAlgorithm: "AES256",
    SSECustomerKey: SSE_KEY,
    SSECustomerKeyMD5: SSE_KEY_MD5,
  }),
  c("S3", "PutObject", "path-style-dotted-bucket", { Bucket: "my.dotted.bucket", Key: "a/./b c", Body: "" }),
  c("S3", "GetObject", "conditional-range-response-overrides", {
    Bucket: "example-bucket",
    Key: "dir/file name.txt",
    Range: "bytes=0-99",
    IfMatch: '"abc"',
    IfNoneMatch: '"def"',
    IfModifiedSince: T1,
    IfUnmodifiedSince: T2,
    VersionId: "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
    ResponseCacheControl: "no-cache",
    ResponseContentDisposition: "inline",
    ResponseContentType: "text/plain; charset=utf-8",
    ResponseExpires: T_FUTURE,
    PartNumber: 2,
    ChecksumMode: "ENABLED",
    RequestPayer: "requester",
    ExpectedBucketOwner: "123456789012",
  }),
  c("S3", "GetObject", "minimal", { Bucket: "example-bucket", Key: "a" }),
  c("S3", "GetObject", "session-token", { Bucket: "example-bucket", Key: "a" }, { sessionToken: SESSION_TOKEN }),
  c("S3", "GetObject", "reserved-key-characters", { Bucket: "example-bucket", Key: "/lead%2Fing!'()*~ $&,;=@[]#?.txt" }),
  c("S3", "GetObject", "access-point-arn", { Bucket: "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", Key: "k" }),
  c("S3", "PutObject", "stream-body-with-length", () => ({ Bucket: "example-bucket", Key: "streamed", ContentLength: 5, Body: Readable.from([Buffer.from("he"), Buffer.from("llo")]) })),
  c("S3", "PutObject", "stream-body-crc32c-trailer", () => ({ Bucket: "example-bucket", Key: "streamed", ContentLength: 11, ChecksumAlgorithm: "CRC32C", Body: Readable.from([Buffer.from("hello "), Buffer.from("world")]) })),
  c("S3", "PutObject", "checksums-when-required", { Bucket: "example-bucket", Key: "k", Body: "no checksum" }, WHEN_REQUIRED),
  c("S3", "PutObject", "checksums-when-required-crc64nvme", { Bucket: "example-bucket", Key: "k", Body: "asked for", ChecksumAlgorithm: "CRC64NVME" }, WHEN_REQUIRED),
  c("S3", "PutObject", "checksums-when-required-stream", () => ({ Bucket: "example-bucket", Key: "streamed", ContentLength: 5, Body: Readable.from([Buffer.from("he"), Buffer.from("llo")]) }), WHEN_REQUIRED),
  c("S3", "GetObject", "checksums-when-required", { Bucket: "example-bucket", Key: "a" }, WHEN_REQUIRED),
  c("S3", "DeleteObjects", "checksums-when-required", { Bucket: "example-bucket", Delete: { Objects: [{ Key: "a" }] } }, WHEN_REQUIRED),
  c("S3", "PutObject", "caller-checksum-sha1", { Bucket: "example-bucket", Key: "k", Body: "mine", ChecksumSHA1: createHash("sha1").update("mine").digest("base64") }),
  c("S3", "HeadObject", "basic", { Bucket: "example-bucket", Key: "a/b", PartNumber: 1, IfNoneMatch: "*" }),
  c("S3", "ListObjectsV2", "all-query-members", {
    Bucket: "example-bucket",
    Prefix: "logs/2024 /ü",
    Delimiter: "/",
    MaxKeys: 50,
    ContinuationToken: "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
    StartAfter: "a&b=c",
    FetchOwner: true,
    EncodingType: "url",
    RequestPayer: "requester",
    OptionalObjectAttributes: ["RestoreStatus"],
  }),
  c("S3", "ListObjectsV2", "minimal", { Bucket: "example-bucket" }),
  c("S3", "ListObjectVersions", "markers", { Bucket: "example-bucket", KeyMarker: "k 1", VersionIdMarker: "v/1", MaxKeys: 0 }),
  c("S3", "DeleteObjects", "versions-quiet", {
    Bucket: "example-bucket",
    Delete: { Objects: [{ Key: "a" }, { Key: "b & <c>", VersionId: "v1" }, { Key: "  spaced  " }], Quiet: true },
    MFA: "arn:aws:iam::123456789012:mfa/user 123456",
    BypassGovernanceRetention: true,
  }),
  c("S3", "DeleteObject", "version", { Bucket: "example-bucket", Key: "a:b@c$d", VersionId: "v 2" }),
  c("S3", "PutBucketTagging", "tags", { Bucket: "example-bucket", Tagging: { TagSet: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "a&b \"c\"" }] } }),
  c("S3", "CopyObject", "replace-metadata", {
    Bucket: "dest-bucket",
    Key: "copy of.txt",
    CopySource: "src-bucket/dir/a%20b.txt?versionId=abc",
    MetadataDirective: "REPLACE",
    Metadata: { k: "v" },
    CopySourceIfModifiedSince: T1,
    TaggingDirective: "COPY",
    ContentType: "text/plain",
  }),
  c("S3", "CreateMultipartUpload", "basic", { Bucket: "example-bucket", Key: "big.bin", ContentType: "application/octet-stream", Metadata: { a: "b" } }),
  c("S3", "UploadPart", "part", { Bucket: "example-bucket", Key: "big.bin", UploadId: "abc/def+=", PartNumber: 3, Body: bytes(1, 2, 3, 4) }),
  c("S3", "CompleteMultipartUpload", "parts", {
    Bucket: "example-bucket",
    Key: "big.bin",
    UploadId: "abc/def+=",
    MultipartUpload: {
      Parts: [
        { ETag: '"e1"', PartNumber: 1 },
        { ETag: '"e2"', PartNumber: 2 },
      ],
    },
  }),
  c("S3", "PutBucketLifecycleConfiguration", "nested-rules", {
    Bucket: "example-bucket",
    LifecycleConfiguration: {
      Rules: [
        {
          ID: "r1",
          Status: "Enabled",
          Filter: { Prefix: "logs/" },
          Expiration: { Days: 30 },
          Transitions: [{ Days: 10, StorageClass: "GLACIER" }],
          NoncurrentVersionExpiration: { NoncurrentDays: 5 },
        },
        { ID: "r2", Status: "Disabled", Filter: { And: { Prefix: "tmp/", Tags: [{ Key: "k", Value: "v" }] } }, Expiration: { Date: new Date("2030-01-01T00:00:00Z") } },
      ],
    },
  }),
  c("S3", "PutObjectRetention", "retention-date", {
    Bucket: "example-bucket",
    Key: "locked",
    VersionId: "v1",
    BypassGovernanceRetention: true,
    Retention: { Mode: "COMPLIANCE", RetainUntilDate: T_FUTURE },
  }),
  c("S3", "ListBuckets", "no-input", {}),
  c("S3", "ListBuckets", "us-east-1", { MaxBuckets: 10, Prefix: "a" }, { region: "us-east-1" }),
  c("S3", "GetBucketLocation", "basic", { Bucket: "example-bucket" }),
  c("S3", "PutObjectAcl", "grants-xsi-type-attribute", {
    Bucket: "example-bucket",
    Key: "a",
    AccessControlPolicy: {
      Grants: [
        { Grantee: { Type: "CanonicalUser", ID: "abc123", DisplayName: "me" }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
        { Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "a@example.com" }, Permission: "WRITE_ACP" },
      ],
      Owner: { ID: "abc123", DisplayName: "me" },
    },
  }),
  c("S3", "PutObjectAcl", "canned-header", { Bucket: "example-bucket", Key: "a", ACL: "public-read", GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"', VersionId: "v" }),
  c("S3", "PutBucketCors", "flattened-lists", {
    Bucket: "example-bucket",
    CORSConfiguration: {
      CORSRules: [
        { ID: "r", AllowedMethods: ["GET", "PUT"], AllowedOrigins: ["https://a.example.com", "*"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3000 },
        { AllowedMethods: ["HEAD"], AllowedOrigins: ["*"] },
      ],
    },
  }),
  c("S3", "PutBucketNotificationConfiguration", "flattened-nested", {
    Bucket: "example-bucket",
    NotificationConfiguration: {
      TopicConfigurations: [
        {
          Id: "t",
          TopicArn: "arn:aws:sns:us-west-2:123456789012:t",
          Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
          Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "images/" }, { Name: "suffix", Value: ".jpg" }] } },
        },
      ],
      QueueConfigurations: [{ QueueArn: "arn:aws:sqs:us-west-2:123456789012:q", Events: ["s3:ObjectCreated:Put"] }],
      EventBridgeConfiguration: {},
    },
    SkipDestinationValidation: true,
  }),
  c("S3", "PutBucketPolicy", "string-payload", {
    Bucket: "example-bucket",
    Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::example-bucket/*"}]}',
    ConfirmRemoveSelfBucketAccess: false,
  }),
  c("S3", "GetObjectAttributes", "list-header", {
    Bucket: "example-bucket",
    Key: "a",
    ObjectAttributes: ["ETag", "Checksum", "ObjectParts"],
    MaxParts: 10,
    PartNumberMarker: "2",
  }),
  c("S3", "UploadPartCopy", "range", {
    Bucket: "example-bucket",
    Key: "big.bin",
    UploadId: "u",
    PartNumber: 1,
    CopySource: "src/a.bin",
    CopySourceRange: "bytes=0-1048575",
    CopySourceIfUnmodifiedSince: T2,
  }),
  c("S3", "CreateBucket", "location-constraint", {
    Bucket: "new-bucket",
    CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
    ObjectLockEnabledForBucket: true,
    ObjectOwnership: "BucketOwnerEnforced",
  }),
  c("S3", "CreateBucket", "no-configuration", { Bucket: "new-bucket" }),
  c("S3", "RestoreObject", "glacier", {
    Bucket: "example-bucket",
    Key: "archived",
    RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: "Bulk" } },
  }),

  c("S3", "PutObject", "non-ascii-metadata-whitespace", { Bucket: "example-bucket", Key: "m", Body: "b", Metadata: { u: "ünï cödé", pad: "  padded  " }, ContentEncoding: "gzip" }),
  c("S3", "PutObject", "us-east-1", { Bucket: "example-bucket", Key: "k", Body: "x" }, { region: "us-east-1" }),
  c("S3", "GetObject", "china-partition", { Bucket: "example-bucket", Key: "k" }, { region: "cn-north-1" }),
  c("S3", "GetObject", "fips", { Bucket: "example-bucket", Key: "k" }, { region: "us-gov-west-1", ...FIPS }),
  c("S3", "GetObject", "dualstack", { Bucket: "example-bucket", Key: "k" }, DUALSTACK),
  c("S3", "GetObject", "not-dns-compatible-bucket", { Bucket: "My_Bucket", Key: "k" }),
  c("S3", "HeadBucket", "owner", { Bucket: "example-bucket", ExpectedBucketOwner: "123456789012" }),
  c("S3", "ListObjects", "v1-marker", { Bucket: "example-bucket", Marker: "m/1 2", MaxKeys: 1000, Prefix: "p", Delimiter: "|" }),
  c("S3", "ListMultipartUploads", "markers", { Bucket: "example-bucket", KeyMarker: "k", UploadIdMarker: "u+1", MaxUploads: 3 }),
  c("S3", "AbortMultipartUpload", "upload-id", { Bucket: "example-bucket", Key: "big.bin", UploadId: "a b/c" }),
  c("S3", "PutBucketVersioning", "mfa", { Bucket: "example-bucket", MFA: "arn:aws:iam::123456789012:mfa/u 123456", VersioningConfiguration: { Status: "Enabled", MFADelete: "Disabled" } }),
  c("S3", "DeleteBucket", "basic", { Bucket: "example-bucket" }),
  c("S3", "WriteGetObjectResponse", "host-prefix-unsigned-payload", {
    RequestRoute: "io-use1-001",
    RequestToken: "token",
    Body: "transformed",
    StatusCode: 200,
    ContentType: "text/plain",
    Metadata: { a: "b" },
    LastModified: T1,
  }),
  c("S3", "SelectObjectContent", "event-stream-output", {
    Bucket: "example-bucket",
    Key: "data.csv",
    Expression: "SELECT * FROM S3Object s WHERE s._1 > '10'",
    ExpressionType: "SQL",
    InputSerialization: { CSV: { FileHeaderInfo: "USE", FieldDelimiter: "," }, CompressionType: "NONE" },
    OutputSerialization: { JSON: { RecordDelimiter: "\n" } },
    RequestProgress: { Enabled: true },
    ScanRange: { Start: 0, End: 1024 },
  }),

  // ---------------------------------------------------------------- SQS (awsJson1_0, awsQueryCompatible)
  c("SQS", "SendMessage", "attributes", {
    QueueUrl: QUEUE,
    MessageBody: "hello <world> & ü \u{1F600}",
    DelaySeconds: 5,
    MessageAttributes: {
      s: { DataType: "String", StringValue: "v" },
      n: { DataType: "Number", StringValue: "42" },
      b: { DataType: "Binary", BinaryValue: bytes(1, 2, 3) },
    },
    MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793" } },
  }),
  c("SQS", "SendMessage", "fifo", { QueueUrl: `${QUEUE}.fifo`, MessageBody: "m", MessageGroupId: "g", MessageDeduplicationId: "d" }),
  c("SQS", "ReceiveMessage", "all-options", {
    QueueUrl: QUEUE,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 20,
    VisibilityTimeout: 0,
    MessageAttributeNames: ["All"],
    MessageSystemAttributeNames: ["SenderId", "SentTimestamp"],
    ReceiveRequestAttemptId: "attempt-1",
  }),
  c("SQS", "SendMessageBatch", "entries", {
    QueueUrl: QUEUE,
    Entries: [
      { Id: "1", MessageBody: "a" },
      { Id: "2", MessageBody: "b", DelaySeconds: 1, MessageAttributes: { k: { DataType: "String", StringValue: "v" } } },
    ],
  }),
  c("SQS", "DeleteMessage", "basic", { QueueUrl: QUEUE, ReceiptHandle: "AQEB+/=abc" }),
  c("SQS", "ChangeMessageVisibilityBatch", "entries", {
    QueueUrl: QUEUE,
    Entries: [{ Id: "a", ReceiptHandle: "r1", VisibilityTimeout: 30 }],
  }),
  c("SQS", "CreateQueue", "attributes-tags", { QueueName: "q.fifo", Attributes: { FifoQueue: "true", VisibilityTimeout: "30" }, tags: { env: "prod" } }),
  c("SQS", "GetQueueUrl", "owner", { QueueName: "q", QueueOwnerAWSAccountId: "123456789012" }),
  c("SQS", "ListQueues", "empty", {}),
  c("SQS", "ListQueues", "gov-fips", {}, { region: "us-gov-west-1", ...FIPS }),
  c("SQS", "ListQueues", "dualstack", {}, DUALSTACK),
  c("SQS", "ListQueues", "prefix-paging", { QueueNamePrefix: "prod-", MaxResults: 100, NextToken: "tok/+=" }),
  c("SQS", "SetQueueAttributes", "redrive", {
    QueueUrl: QUEUE,
    Attributes: { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-west-2:123456789012:dlq","maxReceiveCount":"5"}', DelaySeconds: "0" },
  }),
  c("SQS", "DeleteMessageBatch", "entries", { QueueUrl: QUEUE, Entries: [{ Id: "1", ReceiptHandle: "r1" }, { Id: "2", ReceiptHandle: "r2" }] }),
  c("SQS", "TagQueue", "tags", { QueueUrl: QUEUE, Tags: { a: "1", "b c": "" } }),
  c("SQS", "GetQueueAttributes", "names", { QueueUrl: QUEUE, AttributeNames: ["ApproximateNumberOfMessages", "QueueArn"] }),
  c("SQS", "SendMessage", "legacy-queue-url-host", { QueueUrl: "https://us-west-2.queue.amazonaws.com/123456789012/q", MessageBody: "m" }),

  // ---------------------------------------------------------------- STS (awsQuery)
  c("STS", "GetCallerIdentity", "no-input", {}),
  c("STS", "AssumeRole", "everything", {
    RoleArn: "arn:aws:iam::123456789012:role/demo",
    RoleSessionName: "session@example.com",
    DurationSeconds: 3600,
    ExternalId: "ext id+/=",
    Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { arn: "arn:aws:iam::123456789012:policy/p" }],
    Tags: [
      { Key: "project", Value: "x y" },
      { Key: "cost", Value: "1" },
      { Key: "unicode", Value: "ü€ \u{1F600} ~*'()" },
    ],
    TransitiveTagKeys: ["project"],
    SerialNumber: "arn:aws:iam::123456789012:mfa/user",
    TokenCode: "123456",
    SourceIdentity: "me",
    ProvidedContexts: [{ ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion: "abc==" }],
  }),
  c("STS", "AssumeRole", "empty-list", { RoleArn: "arn:aws:iam::123456789012:role/demo", RoleSessionName: "s", PolicyArns: [] }),
  c("STS", "GetSessionToken", "mfa", { DurationSeconds: 900, SerialNumber: "arn:aws:iam::123456789012:mfa/u", TokenCode: "000000" }),
  c("STS", "AssumeRoleWithWebIdentity", "unsigned", {
    RoleArn: "arn:aws:iam::123456789012:role/web",
    RoleSessionName: "web",
    WebIdentityToken: "eyJhbGciOi.JIUzI1NiJ9.sig",
    DurationSeconds: 1800,
  }),
  c("STS", "GetFederationToken", "tags", { Name: "fed", DurationSeconds: 3600, Tags: [{ Key: "a", Value: "b" }] }),
  c("STS", "DecodeAuthorizationMessage", "basic", { EncodedMessage: "abc+def/ghi=" }),
  c("STS", "AssumeRoleWithSAML", "unsigned", {
    RoleArn: "arn:aws:iam::123456789012:role/saml",
    PrincipalArn: "arn:aws:iam::123456789012:saml-provider/idp",
    SAMLAssertion: "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm4=",
    PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
  }),
  c("STS", "GetAccessKeyInfo", "basic", { AccessKeyId: "AKIAIOSFODNN7EXAMPLE" }),
  c("STS", "GetCallerIdentity", "us-east-1", {}, { region: "us-east-1" }),
  c("STS", "GetCallerIdentity", "china-partition", {}, { region: "cn-northwest-1" }),
  c("STS", "GetCallerIdentity", "fips", {}, { region: "us-east-2", ...FIPS }),
  c("STS", "GetCallerIdentity", "iso-partition", {}, { region: "us-iso-east-1" }),
  c("STS", "GetCallerIdentity", "session-token", {}, { sessionToken: SESSION_TOKEN }),

  // ---------------------------------------------------------------- DynamoDB (awsJson1_0)
  c("DynamoDB", "PutItem", "every-attribute-type", {
    TableName: "Music",
    Item: {
      pk: { S: "artist#1" },
      n: { N: "123.45" },
      b: { B: bytes(0, 1, 2, 255) },
      ss: { SS: ["a", "b"] },
      ns: { NS: ["1", "2.5"] },
      bs: { BS: [bytes(1), bytes(2, 3)] },
      m: { M: { nested: { L: [{ S: "x" }, { NULL: true }, { BOOL: false }] } } },
      empty: { S: "" },
    },
    ConditionExpression: "attribute_not_exists(pk) AND #n > :v",
    ExpressionAttributeNames: { "#n": "n" },
    ExpressionAttributeValues: { ":v": { N: "1" } },
    ReturnValues: "ALL_OLD",
    ReturnConsumedCapacity: "TOTAL",
    ReturnItemCollectionMetrics: "SIZE",
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  }),
  c("DynamoDB", "GetItem", "consistent", {
    TableName: "Music",
    Key: { pk: { S: "a" }, sk: { N: "1" } },
    ConsistentRead: true,
    ProjectionExpression: "#a, b",
    ExpressionAttributeNames: { "#a": "a" },
  }),
  c("DynamoDB", "GetItem", "table-arn", {
    TableName: "arn:aws:dynamodb:us-west-2:123456789012:table/Music",
    Key: { pk: { S: "a" } },
  }),
  c("DynamoDB", "Query", "index-paging", {
    TableName: "Music",
    IndexName: "byYear",
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :a AND :b",
    FilterExpression: "contains(tags, :t)",
    ExpressionAttributeValues: { ":pk": { S: "x" }, ":a": { N: "1" }, ":b": { N: "9" }, ":t": { S: "rock" } },
    Limit: 25,
    ScanIndexForward: false,
    ExclusiveStartKey: { pk: { S: "x" }, sk: { N: "5" } },
    Select: "ALL_PROJECTED_ATTRIBUTES",
    ReturnConsumedCapacity: "INDEXES",
  }),
  c("DynamoDB", "BatchWriteItem", "two-tables", {
    RequestItems: {
      t1: [{ PutRequest: { Item: { pk: { S: "1" }, v: { N: "0" } } } }, { DeleteRequest: { Key: { pk: { S: "2" } } } }],
      t2: [{ PutRequest: { Item: { pk: { S: "3" }, l: { L: [] }, m: { M: {} } } } }],
    },
    ReturnConsumedCapacity: "NONE",
  }),
  c("DynamoDB", "UpdateItem", "expressions", {
    TableName: "Music",
    Key: { pk: { S: "a" } },
    UpdateExpression: "SET #c = #c + :one REMOVE old",
    ExpressionAttributeNames: { "#c": "count" },
    ExpressionAttributeValues: { ":one": { N: "1" } },
    ReturnValues: "UPDATED_NEW",
  }),
  c("DynamoDB", "TransactWriteItems", "all-kinds", {
    ClientRequestToken: "token-0001",
    TransactItems: [
      { Put: { TableName: "t", Item: { pk: { S: "1" } } } },
      { Update: { TableName: "t", Key: { pk: { S: "2" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { BOOL: true } } } },
      { ConditionCheck: { TableName: "t", Key: { pk: { S: "3" } }, ConditionExpression: "attribute_exists(pk)" } },
      { Delete: { TableName: "t", Key: { pk: { S: "4" } }, ReturnValuesOnConditionCheckFailure: "NONE" } },
    ],
  }),
  c("DynamoDB", "CreateTable", "gsi-stream-tags", {
    TableName: "Music",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "year", AttributeType: "N" },
    ],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [
      { IndexName: "byYear", KeySchema: [{ AttributeName: "year", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] } },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    SSESpecification: { Enabled: true, SSEType: "KMS" },
    Tags: [{ Key: "env", Value: "test" }],
    DeletionProtectionEnabled: false,
  }),
  c("DynamoDB", "Scan", "parallel", { TableName: "Music", Segment: 1, TotalSegments: 4, Limit: 0 }),
  c("DynamoDB", "DescribeTable", "basic", { TableName: "Music" }),
  c("DynamoDB", "DescribeTable", "fips-dualstack", { TableName: "Music" }, { config: { useFipsEndpoint: true, useDualstackEndpoint: true } }),
  c("DynamoDB", "DescribeTable", "local-region", { TableName: "Music" }, { region: "eu-central-1" }),
  c("DynamoDB", "ExecuteStatement", "partiql-parameters", {
    Statement: "SELECT * FROM Music WHERE pk = ? AND n > ?",
    Parameters: [{ S: "a" }, { N: "-1.5e10" }],
    ConsistentRead: false,
    Limit: 10,
  }),
  c("DynamoDB", "BatchGetItem", "projection", {
    RequestItems: { Music: { Keys: [{ pk: { S: "a" } }, { pk: { S: "b" } }], ProjectionExpression: "pk, #y", ExpressionAttributeNames: { "#y": "year" }, ConsistentRead: true } },
  }),
  c("DynamoDB", "TagResource", "resource-arn", { ResourceArn: "arn:aws:dynamodb:us-west-2:123456789012:table/Music", Tags: [{ Key: "k", Value: "v" }] }),
  c("DynamoDB", "UpdateTimeToLive", "spec", { TableName: "Music", TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }),
  c("DynamoDB", "ListTables", "paging", { ExclusiveStartTableName: "M", Limit: 5 }),

  // ---------------------------------------------------------------- Kinesis (awsJson1_1)
  c("Kinesis", "PutRecords", "stream-name", {
    StreamName: "events",
    Records: [
      { Data: utf8('{"a":1}'), PartitionKey: "p1" },
      { Data: bytes(0, 255, 128), PartitionKey: "p2", ExplicitHashKey: "340282366920938463463374607431768211455" },
      { Data: bytes(), PartitionKey: "p3" },
    ],
  }),
  c("Kinesis", "PutRecords", "stream-arn", {
    StreamARN: "arn:aws:kinesis:us-west-2:123456789012:stream/events",
    Records: [{ Data: utf8("x"), PartitionKey: "p" }],
  }),
  c("Kinesis", "PutRecord", "ordering", { StreamName: "events", Data: utf8("d"), PartitionKey: "k", SequenceNumberForOrdering: "495903382714902566085" }),
  c("Kinesis", "GetShardIterator", "at-timestamp", {
    StreamName: "events",
    ShardId: "shardId-000000000000",
    ShardIteratorType: "AT_TIMESTAMP",
    Timestamp: T2,
  }),
  c("Kinesis", "GetRecords", "arn", { ShardIterator: "AAAA/+==", Limit: 100, StreamARN: "arn:aws:kinesis:us-west-2:123456789012:stream/events" }),
  c("Kinesis", "ListShards", "filter", {
    StreamName: "events",
    MaxResults: 100,
    ShardFilter: { Type: "FROM_TIMESTAMP", Timestamp: T1 },
  }),
  c("Kinesis", "CreateStream", "on-demand", { StreamName: "s", StreamModeDetails: { StreamMode: "ON_DEMAND" }, Tags: { a: "b" } }),
  c("Kinesis", "AddTagsToStream", "map", { StreamName: "s", Tags: { k1: "v1", "k 2": "" } }),
  c("Kinesis", "DescribeStreamSummary", "basic", { StreamName: "s" }),
  c("Kinesis", "SubscribeToShard", "event-stream-output", {
    ConsumerARN: "arn:aws:kinesis:us-west-2:123456789012:stream/events/consumer/c1:1709528767",
    ShardId: "shardId-000000000001",
    StartingPosition: { Type: "AT_TIMESTAMP", Timestamp: T2 },
  }),
  c("Kinesis", "PutRecords", "stream-arn-fips", { StreamARN: "arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/events", Records: [{ Data: utf8("x"), PartitionKey: "p" }] }, { region: "us-gov-west-1", ...FIPS }),
  c("Kinesis", "DescribeStreamConsumer", "consumer-arn", {
    ConsumerARN: "arn:aws:kinesis:us-west-2:123456789012:stream/events/consumer/c1:1709528767",
  }),
  c("Kinesis", "IncreaseStreamRetentionPeriod", "hours", { StreamName: "s", RetentionPeriodHours: 48 }),
  c("Kinesis", "ListStreams", "paging", { Limit: 10, ExclusiveStartStreamName: "a", NextToken: "n" }),

  // ---------------------------------------------------------------- Lambda (restJson1)
  c("Lambda", "Invoke", "payload-headers-qualifier", {
    FunctionName: "my-function",
    InvocationType: "RequestResponse",
    LogType: "Tail",
    ClientContext: Buffer.from('{"custom":{"a":1}}').toString("base64"),
    Qualifier: "prod",
    Payload: utf8('{"key":"value"}'),
  }),
  c("Lambda", "Invoke", "function-arn-event", {
    FunctionName: "arn:aws:lambda:us-west-2:123456789012:function:my-fn:1",
    InvocationType: "Event",
  }),
  c("Lambda", "CreateFunction", "nested", {
    FunctionName: "fn",
    Runtime: "nodejs20.x",
    Role: "arn:aws:iam::123456789012:role/lambda",
    Handler: "index.handler",
    Code: { ZipFile: bytes(80, 75, 3, 4, 0, 255) },
    Description: "d",
    Timeout: 30,
    MemorySize: 256,
    Publish: true,
    VpcConfig: { SubnetIds: ["subnet-1", "subnet-2"], SecurityGroupIds: ["sg-1"] },
    Environment: { Variables: { A: "1", B: "x y" } },
    Tags: { team: "t" },
    Layers: ["arn:aws:lambda:us-west-2:123456789012:layer:l:1"],
    Architectures: ["arm64"],
    EphemeralStorage: { Size: 1024 },
    TracingConfig: { Mode: "Active" },
    PackageType: "Zip",
    LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "INFO" },
    SnapStart: { ApplyOn: "PublishedVersions" },
  }),
  c("Lambda", "ListFunctions", "query", { MasterRegion: "ALL", FunctionVersion: "ALL", Marker: "abc/=+", MaxItems: 50 }),
  c("Lambda", "GetFunction", "qualifier", { FunctionName: "fn", Qualifier: "$LATEST" }),
  c("Lambda", "GetFunction", "partial-arn-dualstack", { FunctionName: "123456789012:function:fn" }, { region: "ap-southeast-2", ...DUALSTACK }),
  c("Lambda", "UpdateFunctionConfiguration", "env", {
    FunctionName: "fn",
    Environment: { Variables: {} },
    Timeout: 0,
    DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-west-2:123456789012:dlq" },
  }),
  c("Lambda", "AddPermission", "s3-principal", {
    FunctionName: "fn",
    StatementId: "s1",
    Action: "lambda:InvokeFunction",
    Principal: "s3.amazonaws.com",
    SourceArn: "arn:aws:s3:::bucket",
    SourceAccount: "123456789012",
    Qualifier: "1",
    RevisionId: "r",
  }),
  c("Lambda", "TagResource", "arn-label", { Resource: "arn:aws:lambda:us-west-2:123456789012:function:fn", Tags: { a: "b" } }),
  c("Lambda", "ListTags", "arn-label", { Resource: "arn:aws:lambda:us-west-2:123456789012:function:fn" }),
  c("Lambda", "PutFunctionConcurrency", "zero", { FunctionName: "fn", ReservedConcurrentExecutions: 0 }),
  c("Lambda", "UpdateFunctionCode", "zip", { FunctionName: "fn", ZipFile: bytes(1, 2, 3), Publish: false, DryRun: true }),
  c("Lambda", "DeleteFunction", "qualifier", { FunctionName: "fn", Qualifier: "2" }),
  c("Lambda", "InvokeWithResponseStream", "payload", { FunctionName: "fn", InvocationType: "RequestResponse", LogType: "None", Payload: utf8("{}") }),
  c("Lambda", "CreateEventSourceMapping", "kinesis-timestamp", {
    FunctionName: "fn",
    EventSourceArn: "arn:aws:kinesis:us-west-2:123456789012:stream/events",
    StartingPosition: "AT_TIMESTAMP",
    StartingPositionTimestamp: T2,
    BatchSize: 100,
    Enabled: true,
    FilterCriteria: { Filters: [{ Pattern: '{"data":{"a":[1]}}' }] },
    DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-west-2:123456789012:dlq" } },
    FunctionResponseTypes: ["ReportBatchItemFailures"],
    MaximumRetryAttempts: -1,
  }),
  c("Lambda", "ListLayerVersions", "query-enums", { LayerName: "my-layer", CompatibleRuntime: "python3.12", CompatibleArchitecture: "x86_64", MaxItems: 5 }),
  c("Lambda", "CreateFunctionUrlConfig", "cors", {
    FunctionName: "fn",
    Qualifier: "live",
    AuthType: "AWS_IAM",
    Cors: { AllowCredentials: true, AllowHeaders: ["x-a"], AllowMethods: ["GET", "POST"], AllowOrigins: ["*"], MaxAge: 86400 },
    InvokeMode: "RESPONSE_STREAM",
  }),
  c("Lambda", "PublishLayerVersion", "zip", {
    LayerName: "my-layer",
    Description: "",
    Content: { ZipFile: bytes(9, 8, 7) },
    CompatibleRuntimes: ["nodejs20.x", "nodejs22.x"],
    CompatibleArchitectures: ["arm64", "x86_64"],
    LicenseInfo: "MIT",
  }),

  // ---------------------------------------------------------------- CloudWatch (awsQuery)
  c("CloudWatch", "PutMetricData", "datums", {
    Namespace: "App/Test",
    MetricData: [
      { MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "api" }, { Name: "Stage", Value: "prod & test" }], Timestamp: T2, Value: 1.5, Unit: "Seconds", StorageResolution: 1 },
      { MetricName: "Requests", StatisticValues: { SampleCount: 10, Sum: 100.5, Minimum: 0, Maximum: 50 }, Unit: "Count" },
      { MetricName: "Dist", Values: [1, 2.5, 3], Counts: [1, 1, 2] },
    ],
  }),
  c("CloudWatch", "PutMetricData", "number-formats", {
    Namespace: "N",
    MetricData: [{ MetricName: "m", Values: [0.1, 1e-7, 1e21, 123456789.125, -0, 9007199254740991, -2.5e-300] }],
  }),
  c("CloudWatch", "PutMetricData", "non-finite", { Namespace: "N", MetricData: [{ MetricName: "m", Values: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], Value: Number.NaN }] }),
  c("CloudWatch", "PutMetricData", "gzip-compressed", {
    Namespace: "Big",
    MetricData: Array.from({ length: 60 }, (_, i) => ({
      MetricName: `metric-${i}`,
      Dimensions: [{ Name: "Host", Value: `host-${i % 7}.example.com` }],
      Timestamp: T1,
      Values: [i, i + 0.5, i * 3],
      Counts: [1, 2, 3],
      Unit: "Milliseconds",
    })),
  }),
  c("CloudWatch", "PutMetricData", "entity-maps", {
    Namespace: "App",
    EntityMetricData: [
      {
        Entity: { KeyAttributes: { Type: "Service", Name: "checkout", Environment: "prod" }, Attributes: { "AWS.Cluster": "c 1" } },
        MetricData: [{ MetricName: "Errors", Value: 2, Unit: "Count" }],
      },
    ],
    StrictEntityValidation: true,
  }),
  c("CloudWatch", "PutAnomalyDetector", "excluded-ranges", {
    SingleMetricAnomalyDetector: { Namespace: "AWS/EC2", MetricName: "CPUUtilization", Stat: "Average", Dimensions: [{ Name: "InstanceId", Value: "i-1" }] },
    Configuration: { ExcludedTimeRanges: [{ StartTime: T1, EndTime: T2 }], MetricTimezone: "Europe/Paris" },
  }),
  c("CloudWatch", "DescribeAlarmHistory", "dates", { AlarmName: "a", HistoryItemType: "StateUpdate", StartDate: T1, EndDate: T2, MaxRecords: 5, ScanBy: "TimestampAscending" }),
  c("CloudWatch", "SetAlarmState", "reason", { AlarmName: "a", StateValue: "OK", StateReason: "manual", StateReasonData: '{"x":1}' }),
  c("CloudWatch", "GetMetricData", "queries", {
    MetricDataQueries: [
      {
        Id: "m1",
        MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: [{ Name: "InstanceId", Value: "i-1" }] }, Period: 60, Stat: "Average", Unit: "Percent" },
        ReturnData: false,
        Label: "cpu",
      },
      { Id: "e1", Expression: "m1 * 2", Label: "double", ReturnData: true, Period: 300 },
    ],
    StartTime: T1,
    EndTime: T2,
    ScanBy: "TimestampDescending",
    MaxDatapoints: 100,
    LabelOptions: { Timezone: "+0130" },
    NextToken: "n/=",
  }),
  c("CloudWatch", "PutMetricAlarm", "alarm", {
    AlarmName: "high cpu",
    ComparisonOperator: "GreaterThanThreshold",
    EvaluationPeriods: 3,
    MetricName: "CPUUtilization",
    Namespace: "AWS/EC2",
    Period: 60,
    Statistic: "Average",
    Threshold: 90.5,
    ActionsEnabled: false,
    AlarmActions: ["arn:aws:sns:us-west-2:123456789012:topic"],
    Dimensions: [{ Name: "InstanceId", Value: "i-1" }],
    Tags: [{ Key: "k", Value: "v" }],
    TreatMissingData: "notBreaching",
  }),
  c("CloudWatch", "DescribeAlarms", "filters", { AlarmNames: ["a", "b"], StateValue: "ALARM", AlarmTypes: ["CompositeAlarm", "MetricAlarm"], MaxRecords: 10 }),
  c("CloudWatch", "DescribeAlarms", "empty-list", { AlarmNames: [] }),
  c("CloudWatch", "DescribeAlarms", "fips", {}, { region: "us-west-1", ...FIPS }),
  c("CloudWatch", "ListMetrics", "dimension-filter", {
    Namespace: "AWS/EC2",
    MetricName: "CPUUtilization",
    Dimensions: [{ Name: "InstanceId", Value: "i-1" }, { Name: "AutoScalingGroupName" }],
    RecentlyActive: "PT3H",
    IncludeLinkedAccounts: true,
  }),
  c("CloudWatch", "GetMetricStatistics", "stats", {
    Namespace: "AWS/EC2",
    MetricName: "CPUUtilization",
    StartTime: T1,
    EndTime: T2,
    Period: 300,
    Statistics: ["Average", "Maximum"],
    ExtendedStatistics: ["p99"],
    Dimensions: [{ Name: "InstanceId", Value: "i-1" }],
  }),

  // ---------------------------------------------------------------- CloudWatch Logs (awsJson1_1)
  c("CloudWatchLogs", "PutLogEvents", "events", {
    logGroupName: "/aws/lambda/fn",
    logStreamName: "2024/03/04/[$LATEST]abc",
    logEvents: [
      { timestamp: 1709528767000, message: "first" },
      { timestamp: 1709528767891, message: "second \"quoted\" \n newline" },
    ],
    sequenceToken: "4963",
  }),
  c("CloudWatchLogs", "FilterLogEvents", "everything", {
    logGroupName: "/aws/lambda/fn",
    logStreamNames: ["a", "b"],
    startTime: 1709528767000,
    endTime: 1709615167891,
    filterPattern: '{ $.level = "ERROR" }',
    limit: 100,
    interleaved: true,
    nextToken: "t/+=",
    unmask: false,
  }),
  c("CloudWatchLogs", "CreateLogGroup", "tags-class", { logGroupName: "g", kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/k", tags: { a: "b" }, logGroupClass: "INFREQUENT_ACCESS" }),
  c("CloudWatchLogs", "DescribeLogStreams", "order", { logGroupName: "g", orderBy: "LastEventTime", descending: true, limit: 5 }),
  c("CloudWatchLogs", "GetLogEvents", "head", { logGroupName: "g", logStreamName: "s", startFromHead: true, startTime: 0, limit: 10 }),
  c("CloudWatchLogs", "StartQuery", "insights", { logGroupNames: ["g1", "g2"], startTime: 1709528767, endTime: 1709615167, queryString: "fields @timestamp | limit 5", limit: 5 }),
  c("CloudWatchLogs", "PutRetentionPolicy", "days", { logGroupName: "g", retentionInDays: 30 }),
  c("CloudWatchLogs", "DescribeLogGroups", "pattern", { logGroupNamePattern: "lambda", limit: 50 }),
  c("CloudWatchLogs", "PutMetricFilter", "transformations", {
    logGroupName: "g",
    filterName: "errors",
    filterPattern: "[ip, user, ts, request, status=5*, size]",
    metricTransformations: [{ metricName: "5xx", metricNamespace: "App", metricValue: "1", defaultValue: 0.5, dimensions: { status: "$status" }, unit: "Count" }],
  }),
  c("CloudWatchLogs", "PutMetricFilter", "non-finite-default", {
    logGroupName: "g",
    filterName: "f",
    filterPattern: "x",
    metricTransformations: [{ metricName: "m", metricNamespace: "n", metricValue: "1", defaultValue: Number.POSITIVE_INFINITY }],
  }),
  c("CloudWatchLogs", "FilterLogEvents", "big-longs", { logGroupName: "g", startTime: 0, endTime: 9007199254740991 }),
  c("CloudWatchLogs", "DescribeLogGroups", "gov", {}, { region: "us-gov-east-1" }),
  c("CloudWatchLogs", "PutSubscriptionFilter", "kinesis", {
    logGroupName: "g",
    filterName: "f",
    filterPattern: "",
    destinationArn: "arn:aws:kinesis:us-west-2:123456789012:stream/events",
    roleArn: "arn:aws:iam::123456789012:role/cwl",
    distribution: "ByLogStream",
  }),
  c("CloudWatchLogs", "StartLiveTail", "host-prefix-event-stream", {
    logGroupIdentifiers: ["arn:aws:logs:us-west-2:123456789012:log-group:g"],
    logStreamNamePrefixes: ["web-"],
    logEventFilterPattern: "ERROR",
  }),
  c("CloudWatchLogs", "TagResource", "arn", { resourceArn: "arn:aws:logs:us-west-2:123456789012:log-group:g", tags: { a: "b" } }),
  c("CloudWatchLogs", "GetQueryResults", "id", { queryId: "12ab3456-12ab-123a-789e-1234567890ab" }),
];
