/**
 * Protocols known by name, for clients built without naming theirs. Generated packages import their
 * one protocol module and hand it to `Client` directly, so a JSON service never loads the XML parser;
 * `protocols/index.ts` registers every protocol here for everything else.
 */
import type { Protocol } from "./protocol.js";

const registry = new Map<string, Protocol>();

export function registerProtocol(protocol: Protocol, name = protocol.name): void {
  registry.set(name, protocol);
}

/** The protocol module, or undefined when none of that name is loaded. */
export function protocolFor(name: string): Protocol | undefined {
  return registry.get(name);
}
