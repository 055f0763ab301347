import { serviceSettings, type SecretField } from "../service-settings";

/** `services.kyverno` in the stack config. */
export const kyvernoSettings = (_secret: SecretField) => serviceSettings("Kyverno: admission guardrails.", {});
