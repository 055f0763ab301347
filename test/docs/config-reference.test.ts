import { readFileSync } from "node:fs";
import { CONFIG_REFERENCE_PATH, renderConfigReference } from "../../docs/generate/config-reference";
import { tenantConfigSchema } from "../../stacks/tenant/config";

describe("docs/configuration.md", () => {
  it("is exactly what the schema generates (run `npm run docs` after changing the schema)", () => {
    expect(readFileSync(CONFIG_REFERENCE_PATH, "utf8")).toBe(renderConfigReference());
  });

  it("documents every key of a tenant stack in its own section", () => {
    const tenant = renderConfigReference().split("## Tenant stacks")[1] ?? "";
    for (const key of Object.keys(tenantConfigSchema(new Set()).shape)) expect(tenant).toContain(`### \`${key}\``);
    // A tenant's GitLab token is required; the platform's is optional (dev may rely on GITLAB_TOKEN).
    expect(tenant).toMatch(/\| `gitlab\.token` \| string \| yes \| {2}\| \*\*secret\.\*\* /);
  });

  it("documents secret keys as secrets", () => {
    expect(renderConfigReference()).toMatch(/\| `gitlab\.token` \| string \| no \| {2}\| \*\*secret\.\*\* /);
  });
});
