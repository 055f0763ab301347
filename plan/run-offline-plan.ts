import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError, ConfigError } from "../components/validation/issues";
import { loadPlatformConfig } from "../stacks/config/load";
import { PROJECT, type PlatformConfig } from "../stacks/config/schema";
import { deliveryPlatform } from "../stacks/program";
import { tenantDeliveryPlatform } from "../stacks/tenant";
import { isTenantStack, parseTenantConfig, type TenantConfig } from "../stacks/tenant/config";
import { PlatformReferenceError } from "../stacks/tenant/platform-outputs";
import { offlineMocks } from "./mock-resources";
import { buildPlanDocument, type PlanDocument } from "./plan-document";
import { captureRegistrations, type Capture } from "./registration-capture";
import type { StackConfig } from "./stack-config-file";
import type { WireValue } from "./wire-values";

/** The organization the offline plan runs in: what `pulumi.getOrganization()` returns under the mocks. */
export const OFFLINE_ORGANIZATION = "organization";

export interface OfflinePlanOptions {
  stack: string;
  stackConfig: Pick<StackConfig, "config" | "secretKeys">;
  /** The program to run; defaults to the real one (stacks/program.ts). */
  program?: (config: PlatformConfig) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Outputs of the stacks a tenant stack references, by fully qualified stack
   * name: what `pulumi.StackReference` reads from the backend during `pulumi up`.
   */
  stackReferences?: Readonly<Record<string, Record<string, unknown>>>;
  /** Fingerprints secret inputs (plan/changes/secret-fingerprints.ts); set when the passphrase is known. */
  secretFingerprint?: (secret: WireValue) => string;
}

export type OfflinePlanOutcome =
  { kind: "planned"; plan: PlanDocument; capture: Capture } | { kind: "invalid-config"; problems: readonly string[]; capture: Capture };

/**
 * Runs the real program in-process under Pulumi's mock runtime: no engine,
 * provider plugins, cluster or network. Registrations are captured from the
 * start, so an invalid config provably registers nothing.
 */
export async function runOfflinePlan(options: OfflinePlanOptions): Promise<OfflinePlanOutcome> {
  const { config: raw, secretKeys } = options.stackConfig;
  pulumi.runtime.setAllConfig(raw, secretKeys);
  await pulumi.runtime.setMocks(
    withStackReferences(offlineMocks, options.stackReferences ?? {}),
    PROJECT,
    options.stack,
    false,
    OFFLINE_ORGANIZATION,
  );
  const capture = captureRegistrations(options.secretFingerprint);
  const tenant = isTenantStack(raw);

  let config: PlatformConfig | TenantConfig;
  try {
    config = tenant ? parseTenantConfig(raw, secretKeys) : loadPlatformConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await pulumi.runtime.disconnect();
    return { kind: "invalid-config", problems: error.problems, capture };
  }

  // A tenant stack learns the platform's environments from the reference, so some config errors surface only
  // while the program runs; a component refusing its arguments is a config problem the stack rules missed.
  // Caught here: a rejection inside the mock runtime would escape as unhandled (exit 1, read as a policy failure).
  // Any other error is a bug: it is rethrown once the runtime is done, so the CLI reports a crash (exit 3).
  let programProblems: readonly string[] | undefined;
  let programError: { error: unknown } | undefined;
  const asProblems = (error: unknown) => {
    if (error instanceof ConfigError) programProblems = error.problems;
    else if (error instanceof PlatformReferenceError) programProblems = [error.message];
    else if (error instanceof ComponentArgsError) programProblems = error.problems.map((p) => `${error.component}: ${p}`);
    else programError = { error };
    return {};
  };
  const program = tenant
    ? () => tenantDeliveryPlatform(config as TenantConfig).catch(asProblems)
    : () => (async () => (options.program ?? deliveryPlatform)(config as PlatformConfig))().catch(asProblems);
  const planned = await runUnderCapture(options.stack, capture, raw, program);
  if (programError !== undefined) throw programError.error;
  if (programProblems !== undefined) return { kind: "invalid-config", problems: programProblems, capture };
  return { kind: "planned", ...planned };
}

const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** Answers StackReference reads with the given outputs, as the engine answers them from the referenced stack's state. */
function withStackReferences(
  mocks: pulumi.runtime.Mocks,
  outputs: Readonly<Record<string, Record<string, unknown>>>,
): pulumi.runtime.Mocks {
  return {
    ...mocks,
    newResource(args) {
      if (args.type !== STACK_REFERENCE_TYPE) return mocks.newResource(args);
      const input = (args.inputs as { name?: unknown }).name;
      const name = typeof input === "string" ? input : args.name;
      return { id: name, state: { name, outputs: outputs[name] ?? {}, secretOutputNames: [] } };
    },
  };
}

/**
 * Plans any program (a component under test, a benchmark) under the same mock
 * runtime and capture as the real one, without stack config validation.
 */
export async function planProgram(
  stack: string,
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  config: Record<string, string> = {},
  /** Run as `pulumi preview` does: outputs the mocks do not compute are unknown (tests of unknown handling). */
  options: { preview?: boolean } = {},
) {
  pulumi.runtime.setAllConfig(config, []);
  await pulumi.runtime.setMocks(offlineMocks, PROJECT, stack, options.preview ?? false, OFFLINE_ORGANIZATION);
  return runUnderCapture(stack, captureRegistrations(), config, program);
}

async function runUnderCapture(
  stack: string,
  capture: Capture,
  config: Record<string, string>,
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
) {
  // The SDK formats and keeps a stack trace for every promise it creates (runtime/debuggable.js, for leak
  // reports the offline plan never prints) and one per resource (source positions), each frame mapped through
  // source maps under tsx and jest: that was over half of the plan's time and a third of its memory
  // (docs/performance.md). OFFLINE_PLAN_STACK_TRACES=1 keeps them, for debugging the program.
  const keepTraces = process.env.OFFLINE_PLAN_STACK_TRACES === "1";
  const [sourceMaps, stackTraceLimit] = [process.sourceMapsEnabled, Error.stackTraceLimit];
  if (!keepTraces) {
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = 0;
  }
  try {
    await pulumi.runtime.runInPulumiStack(() => Promise.resolve(program()));
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    Error.stackTraceLimit = stackTraceLimit;
    await pulumi.runtime.disconnect();
  }
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
    // pulumi:pulumi:* (StackReference) is built into the engine and has no provider plugin.
    if (!r.custom || r.provider !== undefined || r.type.startsWith("pulumi:providers:") || r.type.startsWith("pulumi:pulumi:"))
      return false;
    const pkg = r.type.split(":")[0] ?? "";
    return disabled.includes("*") || disabled.includes(pkg);
  });
  if (offenders.length > 0) {
    throw new Error(
      `default providers are disabled for this stack, but these resources have no explicit provider:\n${offenders.map((r) => `  - ${r.urn}`).join("\n")}`,
    );
  }
}
