// Starts lib/server-main.mjs in its own process and returns its URL and a stop function.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export async function startServer() {
  const child = fork(fileURLToPath(new URL("./server-main.mjs", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const url = await new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}
