import type * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../../shared/profiles";
import { highlyAvailable } from "../platform-context";
import { VAULT_LISTENER_TLS, vaultServiceHost } from "./listener-tls";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * vault 0.34.1 outside dev: the headless `vault-internal` Service (publishNotReadyAddresses) reaches
 * every pod, standby and sealed ones included, on port `https` (the chart names the port after the
 * scheme, global.tlsDisable false), verified against the internal CA for the name every pod's
 * certificate carries (listener-tls.ts). The listener
 * allows unauthenticated metrics, which each node answers for itself, so VaultSealed can name the
 * sealed pod (the chart's own ServiceMonitor selects `vault-active` in HA: the active pod only).
 * Dev mode has no telemetry stanza (metrics would need a token): nothing to scrape.
 */
export function vaultMetricsEndpoints(profile: Profile, namespace: pulumi.Input<string>): MetricsEndpoint[] {
  if (!highlyAvailable(profile)) return [];
  const tls = VAULT_LISTENER_TLS[profile];
  return [
    {
      name: "vault",
      namespace,
      selector: { "app.kubernetes.io/name": "vault", "vault-internal": "true" },
      port: tls ? "https" : "http",
      scheme: tls ? "https" : "http",
      ...(tls ? { tlsServerName: vaultServiceHost("vault") } : {}),
      path: "/v1/sys/metrics",
      params: { format: ["prometheus"] },
    },
  ];
}
