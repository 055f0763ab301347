import { serviceSettings, type SecretField } from "../service-settings";

/** `services.vault` in the stack config. */
export const vaultSettings = (_secret: SecretField) => serviceSettings("Vault: secrets.", {});
