import { existsSync } from "node:fs";
import { PLATFORM_STACK_KEY } from "../stacks/tenant/config";
import { readPlanFile } from "./plan-file";
import { runOfflinePlan } from "./run-offline-plan";
import { readStackConfig, stackFilePath, StackFileError, type StackConfig } from "./stack-config-file";

/**
 * A tenant stack reads the platform stack's outputs. Offline they come from a
 * plan file, or from planning the platform's stack file when the stacks directory
 * has it (`organization/project/<stack>` → `Pulumi.<stack>.yaml`).
 */
export async function referencedStackOutputs(
  stackConfig: StackConfig,
  stacksDir: string,
  platformPlanFile?: string,
): Promise<Record<string, Record<string, unknown>>> {
  const platformStack = stackConfig.config[PLATFORM_STACK_KEY];
  if (platformStack === undefined) return {};
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
  const outcome = await runOfflinePlan({ stack: referenced, stackConfig: readStackConfig(stacksDir, referenced) });
  if (outcome.kind !== "planned") {
    throw new StackFileError(
      `the referenced platform stack '${referenced}' has an invalid configuration:\n  - ${outcome.problems.join("\n  - ")}`,
    );
  }
  return { [platformStack]: outcome.plan.outputs };
}
