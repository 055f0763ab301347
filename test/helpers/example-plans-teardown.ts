// jest globalTeardown: stops the planning process if tests ended before it did, and removes its directory.
import { rmSync } from "node:fs";
import { planning } from "./example-plans-process";

export default async function teardown(): Promise<void> {
  const current = planning.get();
  if (current === undefined) return;
  const { child, dir } = current;
  if (child.exitCode === null && child.signalCode === null) {
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
