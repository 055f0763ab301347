import { serviceSettings, type SecretField } from "../service-settings";

/** `services.argocd` in the stack config. */
export const argocdSettings = (_secret: SecretField) => serviceSettings("Argo CD: GitOps delivery.", {});
