import { stringify } from "yaml";

/** YAML for a ConfigMap value (oidc.config, notification services): unfolded lines keep it readable. */
export const embeddedYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
