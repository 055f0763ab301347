import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/validation/issues";
import { loadPlatformConfig } from "../stacks/config/load";
import { PROJECT, type PlatformConfig } from "../stacks/config/schema";
import { deliveryPlatform } from "../stacks/program";
import { offlineMocks } from "./mock-resources";
import { buildPlanDocument, type PlanDocument } from "./plan-document";
import { captureRegistrations, type Capture } from "./registration-capture";
import type { StackConfig } from "./stack-config-file";

export interface OfflinePlanOptions {
  stack: string;
  stackConfig: Pick<StackConfig, "config" | "secretKeys">;
  /** The program to run; defaults to the real one (stacks/program.ts). */
  program?: (config: PlatformConfig) => Record<string, unknown>;
}

export type OfflinePlanOutcome =
  { kind: "planned"; plan: PlanDocument; capture: Capture } | { kind: "invalid-config"; problems: readonly string[]; capture: Capture };

/**
 * Runs the real program in-process under Pulumi's mock runtime: no engine,
 * provider plugins, cluster or network. Registrations are captured from the
 * start, so an invalid config provably registers nothing.
 */
export async function runOfflinePlan(options: OfflinePlanOptions): Promise<OfflinePlanOutcome> {
  pulumi.runtime.setAllConfig(options.stackConfig.config, options.stackConfig.secretKeys);
  await pulumi.runtime.setMocks(offlineMocks, PROJECT, options.stack, false);
  const capture = captureRegistrations();

  let config: PlatformConfig;
  try {
    config = loadPlatformConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await pulumi.runtime.disconnect();
    return { kind: "invalid-config", problems: error.problems, capture };
  }

  const program = options.program ?? deliveryPlatform;
  return { kind: "planned", ...(await runUnderCapture(options.stack, capture, options.stackConfig.config, () => program(config))) };
}

/**
 * Plans any program (a component under test, a benchmark) under the same mock
 * runtime and capture as the real one, without stack config validation.
 */
export async function planProgram(stack: string, program: () => Record<string, unknown>, config: Record<string, string> = {}) {
  pulumi.runtime.setAllConfig(config, []);
  await pulumi.runtime.setMocks(offlineMocks, PROJECT, stack, false);
  return runUnderCapture(stack, captureRegistrations(), config, program);
}

async function runUnderCapture(stack: string, capture: Capture, config: Record<string, string>, program: () => Record<string, unknown>) {
  await pulumi.runtime.runInPulumiStack(() => Promise.resolve(program()));
  await pulumi.runtime.disconnect();
  assertNoDisabledDefaultProviders(config, capture);
  return { plan: buildPlanDocument(PROJECT, stack, capture), capture };
}

/**
 * The engine, not the SDK, creates default providers and enforces
 * `pulumi:disable-default-providers`; mocks do neither. Emulate the check so a
 * resource that forgot its explicit provider fails here rather than at `pulumi up`.
 */
function assertNoDisabledDefaultProviders(config: Record<string, string>, capture: Capture): void {
  const disabled = JSON.parse(config["pulumi:disable-default-providers"] ?? "[]") as string[];
  const offenders = capture.registrations.filter((r) => {
    if (!r.custom || r.provider !== undefined || r.type.startsWith("pulumi:providers:")) return false;
    const pkg = r.type.split(":")[0] ?? "";
    return disabled.includes("*") || disabled.includes(pkg);
  });
  if (offenders.length > 0) {
    throw new Error(
      `default providers are disabled for this stack, but these resources have no explicit provider:\n${offenders.map((r) => `  - ${r.urn}`).join("\n")}`,
    );
  }
}
