import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import { runsIn } from "./sizing";

/** Where the workload finds the CA certificates that verify the backing services' TLS certificates. */
export const POSTGRES_CA_MOUNT = "/etc/platform/postgres-ca";
export const CACHE_CA_MOUNT = "/etc/platform/cache-ca";
export const POSTGRES_PORT = 5432;
export const VALKEY_PORT = 6379;

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };

/**
 * The overlay patch that hands one environment's backing services to the workload: connection
 * settings as environment variables (libpq's `PG*` names, which most PostgreSQL drivers read),
 * credentials straight from the Secrets the operator and the platform create in the namespace
 * (never copied through Vault, never in the repository) and the CA certificates to verify TLS with.
 * `verify-full` refuses a plaintext or impersonated server. Undefined when no service runs there.
 * A strategic-merge patch: it merges into the container named like the app, for every workload kind.
 */
export function backingServiceEnv(spec: AppSpec, names: AppNames, environment: string): Record<string, unknown> | undefined {
  const postgres = runsIn(spec.services.postgres, environment) ? spec.services.postgres : undefined;
  const cache = runsIn(spec.services.cache, environment) ? spec.services.cache : undefined;
  if (postgres === undefined && cache === undefined) return undefined;
  const pg = names.backingServices.postgres;
  const valkey = names.backingServices.cache;
  const env: EnvVar[] = [];
  const mounts: { name: string; mountPath: string; readOnly: true }[] = [];
  const volumes: { name: string; secret: { secretName: string; items: { key: string; path: string }[] } }[] = [];
  if (postgres) {
    env.push(
      { name: "PGHOST", value: pg.readWriteService },
      { name: "PGPORT", value: String(POSTGRES_PORT) },
      { name: "PGDATABASE", value: postgres.database },
      { name: "PGUSER", valueFrom: { secretKeyRef: { name: pg.appSecret, key: "username" } } },
      { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: pg.appSecret, key: "password" } } },
      { name: "PGSSLMODE", value: "verify-full" },
      { name: "PGSSLROOTCERT", value: `${POSTGRES_CA_MOUNT}/ca.crt` },
    );
    mounts.push({ name: "postgres-ca", mountPath: POSTGRES_CA_MOUNT, readOnly: true });
    volumes.push({ name: "postgres-ca", secret: { secretName: pg.caSecret, items: [{ key: "ca.crt", path: "ca.crt" }] } });
  }
  if (cache) {
    env.push(
      // The name its certificate carries (the namespace's own Service names only: guardrail app-ingress-hosts).
      { name: "CACHE_HOST", value: `${valkey.release}.${names.kubernetes.namespaces[environment]!}.svc` },
      { name: "CACHE_PORT", value: String(VALKEY_PORT) },
      { name: "CACHE_TLS", value: "true" },
      { name: "CACHE_USERNAME", value: "default" },
      { name: "CACHE_PASSWORD", valueFrom: { secretKeyRef: { name: valkey.usersSecret, key: "default" } } },
      { name: "CACHE_CA_FILE", value: `${CACHE_CA_MOUNT}/ca.crt` },
    );
    mounts.push({ name: "cache-ca", mountPath: CACHE_CA_MOUNT, readOnly: true });
    volumes.push({ name: "cache-ca", secret: { secretName: valkey.tlsSecret, items: [{ key: "ca.crt", path: "ca.crt" }] } });
  }
  const podSpec = {
    containers: [{ name: names.kubernetes.workload, env, volumeMounts: mounts }],
    volumes,
  };
  const batch = spec.workload.kind === "batch";
  return {
    apiVersion: batch ? "batch/v1" : "apps/v1",
    kind: batch ? "CronJob" : "Deployment",
    metadata: { name: names.kubernetes.workload },
    spec: batch ? { jobTemplate: { spec: { template: { spec: podSpec } } } } : { template: { spec: podSpec } },
  };
}
