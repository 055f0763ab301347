/**
 * What a secret value looks like in a plan document (plan/wire-values.ts
 * SECRET_PLACEHOLDER). For the guardrails it means "present, and secret".
 */
export const SECRET_MARKER = "[secret]";

export const isSecretMarker = (value: unknown): boolean => value === SECRET_MARKER;
