import { z } from "zod";
import { serviceSettings } from "../service-settings";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An IPv4 or IPv6 CIDR, as NetworkPolicy ipBlock.cidr takes it. */
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;
const port = z.int().min(1).max(65535);
const cidrs = z.array(z.string().regex(CIDR, "must be a CIDR such as 10.0.0.0/16")).min(1, "must list at least one CIDR");

/**
 * The PostgreSQL image as the operator pulls it (Cluster.spec.imageName): CloudNativePG's own
 * image, a tag and optionally a digest. Onboarding rewrites it through the registry's ghcr.io proxy
 * cache, and admission admits exactly that repository in app namespaces (backing-service-images.ts).
 */
const IMAGE = /^ghcr\.io\/cloudnative-pg\/postgresql:[A-Za-z0-9._-]+(@sha256:[a-f0-9]{64})?$/;

/** `services.cloudnativePg` in the stack config. */
export const cloudnativePgSettings = () =>
  serviceSettings("CloudNativePG: the PostgreSQL operator and its Barman Cloud backup plugin (apps' `services.postgres`).", {
    // Off unless some app asks for a database: the operator watches every namespace.
    enabled: z.boolean().default(false).meta({ description: "Install this service (needed by apps with `services.postgres`)." }),
    postgresImage: z
      .string()
      .regex(IMAGE, "must be ghcr.io/cloudnative-pg/postgresql:<tag>, optionally @sha256:<digest> (the repository admission admits)")
      // The operator 1.30.0 default (cloudnative-pg/cloudnative-pg@v1.30.0 pkg/versions/versions.go).
      .default("ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie")
      .meta({
        description:
          "PostgreSQL image of every app database (upstream reference; pulled through the registry's proxy cache). Pin a digest (`…@sha256:`) where admission requires digests.",
      }),
    backups: z
      .strictObject({
        bucket: z
          .string()
          .min(3)
          .max(63)
          .regex(DNS_LABEL, "must be a bucket name (DNS-1123 label)")
          .meta({ description: "Bucket of the databases' base backups and WAL; each database writes below `postgres/<app>/<env>`." }),
        endpointURL: z
          .url({ protocol: /^https?$/ })
          .optional()
          .meta({ description: "S3 endpoint of a non-AWS store." }),
        egress: z
          .union([
            z.strictObject({
              namespace: z.string().regex(DNS_LABEL).meta({ description: "Namespace of an in-cluster store." }),
              port: port.meta({ description: "Its S3 port." }),
            }),
            z.strictObject({
              cidrs: cidrs.meta({ description: "Addresses of an external store." }),
              port: port.default(443).meta({ description: "Its port." }),
            }),
          ])
          .meta({ description: "Where database pods may connect to reach the store (their NetworkPolicy egress)." }),
      })
      .optional()
      .meta({ description: "The object store of the databases' backups (required when enabled)." }),
    apiServer: z
      .strictObject({
        cidrs: cidrs.meta({
          description: "Addresses of the Kubernetes API server as pods reach it (endpoints of the `kubernetes` Service).",
        }),
        ports: z.array(port).min(1).default([443, 6443]).meta({ description: "Its ports (Service port and endpoint port)." }),
      })
      .optional()
      .meta({
        description:
          "The API server, which each database pod's instance manager watches its Cluster through: the one egress besides the store (required when enabled).",
      }),
  });

export type CloudnativePgSettings = z.output<ReturnType<typeof cloudnativePgSettings>>;

/** Problems of an enabled service's settings: the backup store and the API server must be described; prod stores use https. */
export function cloudnativePgProblems(
  environment: string,
  settings: CloudnativePgSettings,
): { path: (string | number)[]; message: string }[] {
  if (!settings.enabled) return [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  const at = (...path: (string | number)[]) => ["services", "cloudnativePg", ...path];
  if (settings.backups === undefined)
    problems.push({ path: at("backups"), message: "required when the service is enabled: every database archives WAL to it" });
  if (settings.apiServer === undefined)
    problems.push({
      path: at("apiServer"),
      message: "required when the service is enabled: database pods may reach only the API server and the store",
    });
  if (environment === "prod" && settings.backups?.endpointURL?.startsWith("http:"))
    problems.push({ path: at("backups", "endpointURL"), message: "must be https in prod: backups and WAL cross the network" });
  return problems;
}
