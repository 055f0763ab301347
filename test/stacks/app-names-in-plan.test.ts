// The naming module's names are the ones the plan really uses: every kind of name it records
// replacement facts for is carried, in the prod plan, by the resource type and property it names,
// with the value appNames derives for the app.
import * as path from "node:path";
import { admissionVariantName, appNames } from "../../components/onboarding/app-names";
import { PHYSICAL_NAME_KINDS } from "../../components/onboarding/physical-name-kinds";
import { hostFor } from "../../components/platform/platform-context";
import type { PlanDocument } from "../../plan/plan-document";
import { readStackConfig } from "../../plan/stack-config-file";
import { parsePlatformConfig } from "../../stacks/config/load";
import { examplePlan } from "../helpers/example-plans";
import { inputAt } from "../helpers/plan-component";

const STACKS = path.join(__dirname, "../../stacks");

let plan: PlanDocument;
beforeAll(async () => {
  plan = await examplePlan("prod");
});

describe("names in the prod plan", () => {
  const { config: raw, secretKeys } = readStackConfig(STACKS, "prod", undefined);
  const config = parsePlatformConfig(raw, secretKeys);

  it.each(config.apps.map((app) => [app.name, app] as const))("%s: each kind of name is carried where the naming table says", (_, app) => {
    const names = appNames(app, {
      gitlabParentGroup: config.gitlab.parentGroup,
      registryHost: hostFor(config, "harbor"),
      domain: config.domain,
    });
    const derived = new Set([
      ...JSON.stringify(names)
        .match(/"[^"]*"/g)!
        .map((quoted) => JSON.parse(quoted) as string),
      // Per-environment enforcement splits the image policy by the actions its environments get.
      ...["audit", "audit-warn", "warn"].map((variant) => admissionVariantName(names.kubernetes.imagePolicy, variant)),
    ]);
    const resources = plan.resources.filter((r) => r.urn.includes(`::${app.name}`) || r.urn.includes(`::${app.name}-`));
    for (const [kind, facts] of Object.entries(PHYSICAL_NAME_KINDS)) {
      for (const { type, property } of facts.carriedBy) {
        if (type.startsWith("(")) continue; // the Pulumi name is the URN's, checked by the URN tests
        const carrying = resources.filter((r) => r.type === type);
        if (kind === "Velero schedule" && !app.environments.some((env) => config.environments.find((e) => e.name === env)?.production))
          continue;
        if (kind === "Argo CD application set" && !app.previews.enabled) continue;
        expect({ kind, type, found: carrying.length > 0 }).toEqual({ kind, type, found: true });
        for (const resource of carrying) {
          const value = inputAt(resource, property);
          // GitLab file targets are the project's ID, known only once it exists.
          if (property === "project") continue;
          expect({ kind, urn: resource.urn, value, derived: derived.has(value as string) }).toEqual({
            kind,
            urn: resource.urn,
            value,
            derived: true,
          });
        }
      }
    }
  });
});
