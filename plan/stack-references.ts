import { existsSync } from "node:fs";
import { PROJECT } from "../stacks/config/schema";
import { TENANT_CLAIMS_OUTPUT, tenantClaimsOutput } from "../stacks/tenant/claims";
import { parseTenantConfig, PLATFORM_STACK_KEY } from "../stacks/tenant/config";
import { ConfigError } from "../components/validation/issues";
import { readPlanFile } from "./plan-file";
import { OFFLINE_ORGANIZATION, runOfflinePlan } from "./run-offline-plan";
import { readStackConfig, stackFilePath, StackFileError, type StackConfig } from "./stack-config-file";

const TENANTS_KEY = `${PROJECT}:tenants`;

/**
 * A platform stack reads the `claims` of each tenant stack its registry lists. Offline the claim
 * is computed from the tenant's stack file with the function its program exports it with
 * (parsing its config, not planning it: the tenant's plan reads this platform's, so planning it
 * would go round in circles), which keeps the plans deterministic. A registered tenant without a
 * stack file here has no claim yet: the platform's plan says it waits for that tenant's first up.
 */
export function tenantClaimOutputs(stackConfig: StackConfig, stacksDir: string): Record<string, Record<string, unknown>> {
  const raw = stackConfig.config[TENANTS_KEY];
  if (raw === undefined) return {};
  let tenants: unknown;
  try {
    tenants = JSON.parse(raw);
  } catch {
    return {}; // the platform's config validation names the key
  }
  if (!Array.isArray(tenants)) return {};
  const parentGroup = (() => {
    try {
      return (JSON.parse(stackConfig.config[`${PROJECT}:gitlab`] ?? "{}") as { parentGroup?: string }).parentGroup ?? "";
    } catch {
      return "";
    }
  })();
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const tenant of tenants as { stack?: unknown }[]) {
    const stack = typeof tenant.stack === "string" ? tenant.stack : undefined;
    if (stack === undefined || !existsSync(stackFilePath(stacksDir, stack))) continue;
    const tenantStack = readStackConfig(stacksDir, stack);
    try {
      const config = parseTenantConfig(tenantStack.config, tenantStack.secretKeys);
      outputs[`${OFFLINE_ORGANIZATION}/${PROJECT}/${stack}`] = { [TENANT_CLAIMS_OUTPUT]: tenantClaimsOutput(config, parentGroup) };
    } catch (error) {
      // A tenant whose config does not parse could not run `up`, so it exports no claim: the platform's
      // plan says it waits for it, and the tenant's own plan names the problems.
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return outputs;
}

/**
 * A tenant stack reads the platform stack's outputs. Offline they come from a
 * plan file, or from planning the platform's stack file when the stacks directory
 * has it (`organization/project/<stack>` → `Pulumi.<stack>.yaml`). A platform stack reads
 * its tenants' claims (tenantClaimOutputs).
 */
export async function referencedStackOutputs(
  stackConfig: StackConfig,
  stacksDir: string,
  platformPlanFile?: string,
  /** The stack being planned: a tenant whose claim the platform refuses reports its own problems. */
  stack?: string,
): Promise<Record<string, Record<string, unknown>>> {
  const platformStack = stackConfig.config[PLATFORM_STACK_KEY];
  if (platformStack === undefined) return tenantClaimOutputs(stackConfig, stacksDir);
  if (platformPlanFile !== undefined) {
    if (!existsSync(platformPlanFile)) throw new StackFileError(`--platform-plan: no file ${platformPlanFile}`);
    const file = readPlanFile(platformPlanFile);
    if (file.kind === "plan") return { [platformStack]: file.plan.outputs };
    if (file.value === null || typeof file.value !== "object" || Array.isArray(file.value))
      throw new StackFileError(`--platform-plan: ${platformPlanFile} is neither a plan (--json) nor a JSON object of stack outputs`);
    return { [platformStack]: file.value as Record<string, unknown> };
  }
  const referenced = platformStack.split("/").pop() ?? platformStack;
  if (!existsSync(stackFilePath(stacksDir, referenced))) {
    throw new StackFileError(
      `references platform stack '${platformStack}', but there is no ${stackFilePath(stacksDir, referenced)} to plan; pass --platform-plan <plan.json>`,
    );
  }
  const platformConfig = readStackConfig(stacksDir, referenced);
  const claims = tenantClaimOutputs(platformConfig, stacksDir);
  let outcome = await runOfflinePlan({ stack: referenced, stackConfig: platformConfig, stackReferences: claims });
  // The platform refuses this tenant's claim: plan it without the claim, so that this stack's own
  // checks name its problems by its own keys (the platform's refusal says the same from its side).
  const own = stack === undefined ? undefined : `${OFFLINE_ORGANIZATION}/${PROJECT}/${stack}`;
  if (outcome.kind !== "planned" && own !== undefined && own in claims) {
    const others = Object.fromEntries(Object.entries(claims).filter(([name]) => name !== own));
    outcome = await runOfflinePlan({ stack: referenced, stackConfig: platformConfig, stackReferences: others });
  }
  if (outcome.kind !== "planned") {
    throw new StackFileError(
      `the referenced platform stack '${referenced}' has an invalid configuration:\n  - ${outcome.problems.join("\n  - ")}`,
    );
  }
  return { [platformStack]: outcome.plan.outputs };
}
