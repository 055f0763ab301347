// The background planning process, from jest's globalSetup to its globalTeardown. Both run in jest's
// main process but may not share modules, so it is kept where jest says their state lives: a global.
import type { ChildProcess } from "node:child_process";

interface Planning {
  child: ChildProcess;
  dir: string;
}

const KEY = Symbol.for("delivery-platform:example-planning");
const store = globalThis as { [KEY]?: Planning };

export const planning = {
  set: (value: Planning) => {
    store[KEY] = value;
  },
  get: (): Planning | undefined => store[KEY],
};
