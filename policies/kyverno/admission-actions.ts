import type { ValidationAction } from "../../components/platform/kyverno/validation-actions";
import type { Enforcement, Guardrail } from "../catalog";
import { guardrailLevel, tierOf, type EnforcementTier, type StackEnforcement } from "../enforcement/levels";

/** What a mandatory guardrail does at admission: reject the request. */
export const MANDATORY_ACTIONS: readonly ValidationAction[] = ["Deny"];

/**
 * What an advisory guardrail does at admission, per tier: dev records violations in policy reports
 * only; staging (and a prod tier's advisory guardrails) also warn the client, so teams see in
 * kubectl and CI what would be rejected, without being blocked.
 */
export const ADVISORY_ACTIONS: Readonly<Record<EnforcementTier, readonly ValidationAction[]>> = {
  dev: ["Audit"],
  staging: ["Audit", "Warn"],
  prod: ["Audit", "Warn"],
};

/** How the stack's Kyverno policies act: the tiers, and `services.kyverno.validationActions` (advisory actions). */
export interface AdmissionEnforcement extends StackEnforcement {
  advisoryActions?: readonly ValidationAction[];
}

/** `spec.validationActions` for a level in a tier: Deny when mandatory, else the advisory actions. */
export function admissionActions(
  level: Enforcement,
  tier: EnforcementTier,
  advisoryActions?: readonly ValidationAction[],
): ValidationAction[] {
  return [...(level === "mandatory" ? MANDATORY_ACTIONS : (advisoryActions ?? ADVISORY_ACTIONS[tier]))];
}

/** Environments that get the same actions from one policy. */
export interface AdmissionGroup {
  actions: ValidationAction[];
  environments: string[];
  /** The group that keeps the policy's base name; other groups' names get `.<variant>`. */
  base: boolean;
  /** Lower-case actions joined by '-' (`audit-warn`): the variant name of a non-base group. */
  variant: string;
}

const variantOf = (actions: readonly string[]) => actions.map((a) => a.toLowerCase()).join("-");
const strictness = (actions: readonly ValidationAction[]) => (actions.includes("Deny") ? 2 : actions.includes("Warn") ? 1 : 0);

/**
 * Splits environments into groups with the same actions for a guardrail. The base group is the one
 * with the stack profile's actions (platform policies: it also covers namespaces of undeclared
 * environments) or, when none of the environments has them, the strictest group, so a policy keeps
 * its name as long as any environment keeps it.
 */
export function admissionGroups(
  guardrail: Pick<Guardrail, "enforcement">,
  enforcement: AdmissionEnforcement,
  environments: readonly string[] = enforcement.environments.map((env) => env.name),
  { alwaysBase = false }: { alwaysBase?: boolean } = {},
): AdmissionGroup[] {
  const actionsIn = (tier: EnforcementTier) => admissionActions(guardrailLevel(guardrail, tier), tier, enforcement.advisoryActions);
  const stackActions = actionsIn(enforcement.profile);
  const byVariant = new Map<string, AdmissionGroup>();
  for (const environment of environments) {
    const actions = actionsIn(tierOf(enforcement, environment));
    const variant = variantOf(actions);
    const group = byVariant.get(variant) ?? { actions, environments: [], base: false, variant };
    group.environments.push(environment);
    byVariant.set(variant, group);
  }
  if (alwaysBase && !byVariant.has(variantOf(stackActions)))
    byVariant.set(variantOf(stackActions), { actions: stackActions, environments: [], base: false, variant: variantOf(stackActions) });
  const groups = [...byVariant.values()];
  const base =
    groups.find((g) => g.variant === variantOf(stackActions)) ??
    [...groups].sort((a, b) => strictness(b.actions) - strictness(a.actions))[0];
  if (base !== undefined) base.base = true;
  return groups.sort((a, b) => Number(b.base) - Number(a.base) || a.variant.localeCompare(b.variant));
}

/** The name of a group's policy: the base name, or `<base>.<variant>` (a '.' no app or guardrail name contains). */
export const groupPolicyName = (baseName: string, group: Pick<AdmissionGroup, "base" | "variant">) =>
  group.base ? baseName : `${baseName}.${group.variant}`;
