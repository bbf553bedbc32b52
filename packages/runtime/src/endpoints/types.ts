/** Public types of the endpoint rules engine (`smithy.rules#endpointRuleSet`). */

/** The endpoint a rule set resolved to. Treat it as read-only: cached results are shared. */
export interface ResolvedEndpoint {
  url: string;
  properties?: Record<string, unknown>;
  headers?: Record<string, string[]>;
}

/** Contents of `partitions.json` (only what the engine reads). */
export interface PartitionsData {
  version?: string;
  partitions: PartitionEntry[];
}

export interface PartitionEntry {
  id: string;
  regionRegex: string;
  regions: Record<string, Record<string, unknown> | undefined>;
  outputs: PartitionOutputs;
}

/** The value `aws.partition` returns. */
export interface PartitionOutputs {
  name: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  supportsFIPS: boolean;
  supportsDualStack: boolean;
  implicitGlobalRegion?: string;
  [key: string]: unknown;
}

/**
 * Thrown when resolution fails: an error rule matched (the message is the rule's text exactly),
 * no rule matched, or a parameter is missing or has the wrong type.
 */
export class EndpointResolutionError extends Error {
  override name = "EndpointResolutionError";
  /** `rule`: an error rule matched; `no-match`: no rule matched; `parameter`: invalid parameters. */
  readonly kind: "rule" | "no-match" | "parameter";
  constructor(message: string, kind: "rule" | "no-match" | "parameter" = "rule") {
    super(message);
    this.kind = kind;
  }
}

/** Thrown when a rule set itself is malformed (unknown function, bad template, ...). */
export class EndpointRuleSetError extends Error {
  override name = "EndpointRuleSetError";
}
