/**
 * Node's built-in modules, loaded with `process.getBuiltinModule` (or `require` before Node 20.16)
 * instead of `import`.
 *
 * Why, for a cold start: an ES `import` of a built-in builds its ES module facade (every export read and
 * copied), which can cost more than the module when Node has loaded it already: ~1.5 ms for `node:util`,
 * ~0.4 ms for `node:fs`, ~0.3 ms for `node:crypto`. This hands back the loaded module. And a module a
 * call may not need is loaded where it is first used: `node:https` (with TLS, ~2 ms) only for an https
 * endpoint, `node:http` only by the default HTTP handler, `node:os` only when `HOME` is unset.
 */
import { createRequire } from "node:module";

/** `builtin("node:crypto")`: the module, typed. */
export const builtin: typeof process.getBuiltinModule =
  // not bound to `process`: Node's getBuiltinModule does not use `this`
  process.getBuiltinModule ?? (createRequire(import.meta.url) as typeof process.getBuiltinModule);

/** `util.inspect.custom`, without loading `node:util`: the symbol is registered under this name. */
export const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom");
