import { serviceSettings, type SecretField } from "../service-settings";

/** `services.victoriaLogs` in the stack config. */
export const victoriaLogsSettings = (_secret: SecretField) => serviceSettings("VictoriaLogs and a log collector.", {});
