import { readFileSync } from "node:fs";
import { appNameClaims } from "../../components/onboarding/app-name-collisions";
import { appNames } from "../../components/onboarding/app-names";
import { PHYSICAL_NAME_KINDS } from "../../components/onboarding/physical-name-kinds";
import { NAMING_REFERENCE_PATH, renderNamingReference } from "../../docs/generate/naming-reference";

describe("docs/naming.md", () => {
  it("is exactly what the naming module generates (run `npm run docs` after changing it)", () => {
    expect(readFileSync(NAMING_REFERENCE_PATH, "utf8")).toBe(renderNamingReference());
  });

  it("records replacement facts for exactly the kinds of names an app claims", () => {
    const names = appNames(
      { name: "shop", team: "web", formerNames: ["old"], environments: ["dev"] },
      { gitlabParentGroup: "g", registryHost: "h", domain: "d.example" },
    );
    const claimed = new Set(appNameClaims(names, () => "in-cluster").map((claim) => claim.kind));
    expect([...claimed].sort()).toEqual(Object.keys(PHYSICAL_NAME_KINDS).sort());
  });
});
