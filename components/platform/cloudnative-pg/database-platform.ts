import type * as pulumi from "@pulumi/pulumi";

/** What the platform's CloudNativePG gives app onboarding to create databases with (OnboardingContext.backingServices.postgres). */
export interface DatabasePlatform {
  operatorNamespace: string;
  /** Installs postgresql.cnpg.io (Cluster, ScheduledBackup). */
  crdRelease: pulumi.Resource;
  /** Installs barmancloud.cnpg.io (ObjectStore). */
  pluginCrdRelease: pulumi.Resource;
  /** Upstream image reference (`ghcr.io/...`); onboarding pulls it through the registry's proxy cache. */
  image: string;
  backup: {
    bucket: string;
    endpointURL?: string;
    egress: { namespace: string; port: number } | { cidrs: readonly string[]; port: number };
  };
  apiServer: { cidrs: readonly string[]; ports: readonly number[] };
}
