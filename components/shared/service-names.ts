/** The platform services, by the key each has under `services.<name>` in the stack config. */
export const SERVICE_NAMES = [
  "certManager",
  "externalSecrets",
  "harbor",
  "argocd",
  "kyverno",
  "vault",
  "victoriaMetrics",
  "victoriaLogs",
  "velero",
  "identity",
  "trivyOperator",
  "cloudnativePg",
  "argoRollouts",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
