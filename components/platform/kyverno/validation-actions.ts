/** `spec.validationActions` values of a policies.kyverno.io ValidatingPolicy. */
export const VALIDATION_ACTIONS = ["Deny", "Audit", "Warn"] as const;
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];
