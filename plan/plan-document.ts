import { z } from "zod";
import { resolveAliases } from "./aliases";
import { changeSetSchema } from "./changes/change-document";
import type { CapturedRegistration, Capture } from "./registration-capture";
import { redactWire, type PlanValue } from "./wire-values";

const planValue: z.ZodType<PlanValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(planValue), z.record(z.string(), planValue)]),
);

export const policyViolationSchema = z.strictObject({
  policy: z.string(),
  enforcementLevel: z.enum(["advisory", "mandatory"]),
  urn: z.string(),
  message: z.string(),
  /** The exception record that waives this violation (then advisory): who owns it, where it was decided, until when. */
  waiver: z
    .strictObject({ id: z.string(), owner: z.string(), ticket: z.string(), expires: z.string(), reason: z.string(), scope: z.string() })
    .optional(),
});

export const planResourceSchema = z.strictObject({
  urn: z.string().startsWith("urn:pulumi:"),
  type: z.string(),
  name: z.string(),
  custom: z.boolean(),
  parent: z.string().nullable(),
  /** Provider reference `<provider urn>::<id>`, for custom resources. */
  provider: z.string().nullable(),
  /** URNs the engine would wait for: explicit `dependsOn` plus those implied by inputs. */
  dependencies: z.array(z.string()),
  protect: z.boolean(),
  retainOnDelete: z.boolean(),
  ignoreChanges: z.array(z.string()),
  /**
   * URNs of an earlier state this resource takes over, resolved as the engine does: its own
   * aliases and those it inherits from its parent's (`formerNames` of an app become these).
   */
  aliases: z.array(z.string()),
  /** Provider plugin version requested for this resource (null when the engine picks it). */
  pluginVersion: z.string().nullable(),
  /** Where the engine downloads the provider plugin from (null for Pulumi's default source). */
  pluginDownloadURL: z.string().nullable(),
  inputs: z.record(z.string(), planValue),
  /** Paths (`a.b[0].c`) of inputs whose values were secret and are shown as `[secret]`. */
  secretPaths: z.array(z.string()),
  /**
   * Only when planned with the stack's passphrase: per secret path, a keyed fingerprint of the value
   * (`hmac-sha256:<hex>`, or `computed` for values a provider generates), so `--compare` can tell a
   * changed secret without showing it (plan/changes/secret-fingerprints.ts).
   */
  secretFingerprints: z.record(z.string(), z.string()).optional(),
});

/**
 * The machine-readable plan: the contract that CI, benchmarks, policy checks
 * and evidence reports read (and validate with this schema). Secret values
 * never appear; their paths do.
 */
export const planDocumentSchema = z.strictObject({
  project: z.string(),
  stack: z.string(),
  resources: z.array(planResourceSchema),
  outputs: z.record(z.string(), planValue),
  /** Paths of secret stack outputs (their values are `[secret]`). */
  outputSecretPaths: z.array(z.string()),
  policies: z.strictObject({ violations: z.array(policyViolationSchema) }),
  /** Only with `--compare <baseline>`: what `pulumi up` would change (plan/changes/change-document.ts). */
  changes: changeSetSchema.optional(),
});

export type PlanDocument = z.infer<typeof planDocumentSchema>;
export type PlanResource = z.infer<typeof planResourceSchema>;
export type PolicyViolation = z.infer<typeof policyViolationSchema>;

export function toPlanResource(registration: CapturedRegistration, aliases: readonly string[] = []): PlanResource {
  return {
    urn: registration.urn,
    type: registration.type,
    name: registration.name,
    custom: registration.custom,
    parent: registration.parent ?? null,
    provider: registration.provider ?? null,
    dependencies: [...registration.dependencies].sort(),
    protect: registration.protect,
    retainOnDelete: registration.retainOnDelete,
    ignoreChanges: registration.ignoreChanges,
    aliases: [...aliases],
    pluginVersion: registration.version ?? null,
    pluginDownloadURL: registration.pluginDownloadURL ?? null,
    inputs: registration.inputs,
    secretPaths: registration.secretPaths,
    ...(registration.secretFingerprints ? { secretFingerprints: registration.secretFingerprints } : {}),
  };
}

export function buildPlanDocument(project: string, stack: string, capture: Capture, violations: PolicyViolation[] = []): PlanDocument {
  const outputs = redactWire(capture.stackOutputs ?? {});
  const aliases = resolveAliases(capture.registrations);
  return {
    project,
    stack,
    // Registration order depends on promise scheduling; URN order does not.
    resources: capture.registrations
      .map((registration) => toPlanResource(registration, aliases.get(registration.urn)))
      .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
    outputs: outputs.value as Record<string, PlanValue>,
    outputSecretPaths: outputs.secretPaths,
    policies: { violations },
  };
}
