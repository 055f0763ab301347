// The hosts the platform's services answer on, as the service descriptions list them
// (PLATFORM_HOST_LABELS, which app hosts are checked against), are the hosts the example plans
// really configure in the charts' values: a service that gains an ingress host without listing it
// would leave that host open to an app of the same name.
import * as path from "node:path";
import { PLATFORM_HOST_LABELS } from "../../components/platform/service-catalog";
import { TELEMETRY_HOST_PREFIX } from "../../components/platform/victoria-metrics/service";
import type { PlanDocument } from "../../plan/plan-document";
import { readStackConfig } from "../../plan/stack-config-file";
import { parsePlatformConfig } from "../../stacks/config/load";
import { examplePlan } from "../helpers/example-plans";

const STACKS = path.join(__dirname, "../../stacks");
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
const VM_OPERATOR = "kubernetes:operator.victoriametrics.com/";

/**
 * First labels of every `<label>.<domain>` host in the inputs of the plan's Helm releases (chart
 * values) and VictoriaMetrics operator objects (the telemetry gateway's VMAuth ingress).
 */
function hostLabelsInPlan(plan: PlanDocument, domain: string): Set<string> {
  const host = new RegExp(`(?:^|[^a-z0-9.-])([a-z0-9-]+)\\.${domain.replace(/\./g, "\\.")}(?![a-z0-9.-])`, "g");
  const labels = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") for (const match of value.matchAll(host)) labels.add(match[1]!);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const release of plan.resources.filter((r) => r.type === HELM_RELEASE)) walk(release.inputs.values);
  for (const object of plan.resources.filter((r) => r.type.startsWith(VM_OPERATOR))) walk(object.inputs.spec);
  return labels;
}

const hostsOf = async (stack: string) => {
  const { config, secretKeys } = readStackConfig(STACKS, stack, undefined);
  const { domain } = parsePlatformConfig(config, secretKeys);
  return hostLabelsInPlan(await examplePlan(stack), domain);
};

test.each(["dev", "prod"])(
  "the %s plan's charts answer on exactly the platform hosts the services list, but the telemetry gateway's",
  async (stack) => {
    // Both stacks run every service that has an ingress; the gateway exists only with other clusters.
    expect([...(await hostsOf(stack))].sort()).toEqual(PLATFORM_HOST_LABELS.filter((label) => label !== TELEMETRY_HOST_PREFIX).sort());
  },
);

test("the prod-eu plan (prod on another cluster) answers on every platform host, the telemetry gateway's included", async () => {
  expect([...(await hostsOf("prod-eu"))].sort()).toEqual([...PLATFORM_HOST_LABELS].sort());
});
