import type { Profile } from "../../shared/profiles";

/** `spec.validationActions` values of a policies.kyverno.io ValidatingPolicy. */
export const VALIDATION_ACTIONS = ["Deny", "Audit", "Warn"] as const;
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];

/**
 * What guardrail policies do on a violation. dev records violations in policy
 * reports only; staging also warns the client (kubectl prints it) so teams see
 * what prod would reject, without blocking them; prod denies the request.
 * `override` is `services.kyverno.validationActions`.
 */
export function validationActions(profile: Profile, override?: readonly ValidationAction[]): ValidationAction[] {
  if (override !== undefined) return [...override];
  switch (profile) {
    case "dev":
      return ["Audit"];
    case "staging":
      return ["Audit", "Warn"];
    case "prod":
      return ["Deny"];
  }
}
