import { readFileSync } from "node:fs";
import { CONFIG_REFERENCE_PATH, renderConfigReference } from "../../docs/generate/config-reference";

describe("docs/configuration.md", () => {
  it("is exactly what the schema generates (run `npm run docs` after changing the schema)", () => {
    expect(readFileSync(CONFIG_REFERENCE_PATH, "utf8")).toBe(renderConfigReference());
  });

  it("documents secret keys as secrets", () => {
    expect(renderConfigReference()).toMatch(/\| `gitlab\.token` \| string \| no \| {2}\| \*\*secret\.\*\* /);
  });
});
