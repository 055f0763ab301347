import { serviceSettings, type SecretField } from "../service-settings";

/** `services.externalSecrets` in the stack config. */
export const externalSecretsSettings = (_secret: SecretField) =>
  serviceSettings("External Secrets Operator: syncs Vault secrets into namespaces.", {});
