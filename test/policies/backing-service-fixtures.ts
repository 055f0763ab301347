/**
 * Fixtures of guardrail backing-services-private-encrypted as an attacker writes them (a database
 * behind a LoadBalancer, plaintext pg_hba, the superuser switched on), shared by the CrossGuard and
 * Kyverno (CEL) sides of the parity tests. The passing one is what app onboarding renders.
 */
import { appNames } from "../../components/onboarding/app-names";
import { appSpecSchema } from "../../components/onboarding/app-spec";
import { postgresCluster } from "../../components/onboarding/backing-services/postgres-manifests";
import type { Fixture } from "./fixtures";
import { appNamespace } from "./exposure-fixtures";

const spec = appSpecSchema.parse({ name: "shop", team: "web", environments: ["prod"], services: { postgres: {} } });
const names = appNames(spec, { gitlabParentGroup: "apps", registryHost: "harbor.example.com", domain: "example.com" });
/** The Cluster onboarding creates for `shop` in production. */
export const renderedCluster = () =>
  postgresCluster(
    spec.services.postgres!,
    { imageName: "harbor.example.com/ghcr-proxy/cloudnative-pg/postgresql:18.4-system-trixie", backup: { bucket: "pg" } },
    { names, environment: { name: "prod", production: true }, namespace: "shop-prod", labels: names.labels.app },
  );
type ClusterSpec = Record<string, unknown> & { postgresql: { pg_hba: string[]; parameters: Record<string, string> } };
const clusterWith = (change: (spec: ClusterSpec) => void) => {
  const cluster = structuredClone(renderedCluster());
  change(cluster.spec as ClusterSpec);
  return cluster;
};
const inApp = (title: string, object: unknown, allowed: boolean): Fixture => ({ title, object, allowed, namespace: appNamespace() });
const service = (type: string) => ({ selectorType: "rw", serviceTemplate: { metadata: { name: "shop-db-public" }, spec: { type } } });

export const BACKING_SERVICE_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "backing-services-private-encrypted": [
    inApp("the Cluster onboarding renders", renderedCluster(), true),
    inApp(
      "an extra ClusterIP Service",
      clusterWith((s) => (s.managed = { services: { additional: [service("ClusterIP")] } })),
      true,
    ),
    inApp(
      "TLS 1.2 at the least",
      clusterWith((s) => (s.postgresql.parameters.ssl_min_protocol_version = "TLSv1.2")),
      true,
    ),
    inApp(
      "an extra LoadBalancer Service",
      clusterWith((s) => (s.managed = { services: { additional: [service("LoadBalancer")] } })),
      false,
    ),
    inApp(
      "an extra NodePort Service",
      clusterWith((s) => (s.managed = { services: { additional: [service("NodePort")] } })),
      false,
    ),
    inApp(
      "no pg_hba: the operator's catch-all admits plaintext",
      clusterWith((s) => (s.postgresql.pg_hba = [])),
      false,
    ),
    inApp(
      "a plaintext rule before the reject lines",
      clusterWith((s) => (s.postgresql.pg_hba = ["host all all 0.0.0.0/0 scram-sha-256", ...s.postgresql.pg_hba])),
      false,
    ),
    inApp(
      "only the IPv4 reject line",
      clusterWith((s) => (s.postgresql.pg_hba = s.postgresql.pg_hba.slice(0, 1))),
      false,
    ),
    inApp(
      "no postgresql section",
      clusterWith((s) => delete (s as Record<string, unknown>).postgresql),
      false,
    ),
    inApp(
      "the superuser switched on",
      clusterWith((s) => (s.enableSuperuserAccess = true)),
      false,
    ),
    inApp(
      "TLS 1.0 allowed",
      clusterWith((s) => (s.postgresql.parameters.ssl_min_protocol_version = "TLSv1")),
      false,
    ),
  ],
};
