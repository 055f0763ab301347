/**
 * One benchmark measurement in a fresh process (spawned by bench/benchmark.ts), so
 * that peak memory belongs to this run alone. Prints one JSON line (result.ts).
 *   --mode program --apps N [--stack dev]   the real program with N synthetic apps
 *   --mode floor --resources R              R plain resources, no component logic
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as random from "@pulumi/random";
import { buildAccessGraph } from "../access/access-graph";
import { evaluateRules } from "../access/rules";
import type { AppSpecInput } from "../components/onboarding/app-spec";
import { comparePlan } from "../plan/changes/compare-plan";
import { baselineOf } from "../plan/changes/read-baseline";
import { renderChangeTree } from "../plan/changes/render-changes";
import { evaluatePlanPolicies } from "../plan/policy-evaluation";
import { planProgram, runOfflinePlan } from "../plan/run-offline-plan";
import { readStackConfig } from "../plan/stack-config-file";
import { PROJECT } from "../stacks/config/schema";
import { criticalPath, subtree } from "./critical-path";
import { estimatedSeconds } from "./durations";
import type { Measurement } from "./result";
import { appName, syntheticApps } from "./synthetic-apps";

const STACKS = path.resolve(__dirname, "..", "stacks");
const APP_TYPE = "delivery-platform:onboarding:AppOnboarding";

const peakRssMiB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const since = (start: number) => Math.round((performance.now() - start) / 10) / 100;

async function program(stack: string, apps: number): Promise<Measurement> {
  // No passphrase: secure values become placeholders, which plan exactly like decrypted ones.
  const base = readStackConfig(STACKS, stack, undefined);
  const environments = (JSON.parse(base.config[`${PROJECT}:environments`] ?? "[]") as { name: string }[]).map((e) => e.name);
  const synthetic: AppSpecInput[] = syntheticApps(apps, environments.length > 0 ? environments : ["dev"]);
  const config = { ...base.config, [`${PROJECT}:apps`]: JSON.stringify(synthetic) };

  const start = performance.now();
  const outcome = await runOfflinePlan({ stack, stackConfig: { config, secretKeys: base.secretKeys } });
  const seconds = since(start);
  const peak = peakRssMiB();
  if (outcome.kind !== "planned") throw new Error(`synthetic config rejected:\n${outcome.problems.join("\n")}`);
  const { plan } = outcome;

  const policyStart = performance.now();
  await evaluatePlanPolicies(plan);
  const policySeconds = since(policyStart);

  // The access graph of the same plan: build it and evaluate the isolation rules (npm run access).
  const accessStart = performance.now();
  const access = await buildAccessGraph(plan);
  evaluateRules(access.graph, access.tenantApps);
  const accessSeconds = since(accessStart);

  // --compare against the plan's own JSON: every resource is matched and diffed, the worst case per resource.
  const baselineJson = JSON.stringify(plan);
  const compareStart = performance.now();
  const baseline = baselineOf(JSON.parse(baselineJson));
  const changes = comparePlan(plan, baseline);
  renderChangeTree(plan, changes, new Map(baseline.resources.map((r) => [r.urn, r.parent])));
  const compareSeconds = since(compareStart);

  const whole = criticalPath(plan.resources, estimatedSeconds);
  const firstApp = plan.resources.find((r) => r.type === APP_TYPE && r.name === appName(0));
  const app = firstApp && criticalPath(subtree(plan.resources, firstApp.urn), estimatedSeconds);
  return {
    mode: "program",
    apps,
    seconds,
    peakRssMiB: peak,
    resources: plan.resources.length,
    policySeconds,
    accessSeconds,
    accessEdges: access.graph.edgeCount,
    compareSeconds,
    plan: { criticalSeconds: whole.criticalSeconds, sequentialSeconds: whole.sequentialSeconds },
    app: app && { criticalSeconds: app.criticalSeconds, sequentialSeconds: app.sequentialSeconds },
  };
}

async function floor(apps: number, resources: number): Promise<Measurement> {
  const start = performance.now();
  const { plan } = await planProgram("bench-floor", () => {
    // The root stack and this provider count towards `resources`, as the program's do.
    const provider = new random.Provider("floor");
    for (let i = 0; i < resources - 2; i++) new random.RandomPet(`pet-${i}`, { length: 2 }, { provider });
    return {};
  });
  return { mode: "floor", apps, seconds: since(start), peakRssMiB: peakRssMiB(), resources: plan.resources.length };
}

async function main() {
  const { values } = parseArgs({
    options: { mode: { type: "string" }, apps: { type: "string" }, resources: { type: "string" }, stack: { type: "string" } },
    strict: true,
  });
  const apps = Number(values.apps ?? "0");
  const measurement = values.mode === "floor" ? await floor(apps, Number(values.resources)) : await program(values.stack ?? "dev", apps);
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
