import { serviceSettings, type SecretField } from "../service-settings";

/** `services.harbor` in the stack config. */
export const harborSettings = (_secret: SecretField) => serviceSettings("Harbor: registry, Trivy scanning, signatures.", {});
