import { serviceSettings, type SecretField } from "../service-settings";

/** `services.certManager` in the stack config. */
export const certManagerSettings = (_secret: SecretField) => serviceSettings("cert-manager: certificates for every ingress.", {});
