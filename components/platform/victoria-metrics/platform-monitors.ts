import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceAlerts } from "./alert-rules";
import { vmRule, vmServiceScrape } from "./operator-resources";
import type { ScrapeTarget } from "./scrape-targets";

export interface PlatformMonitorsArgs {
  /** Where the VMServiceScrapes and VMRules live (the monitoring namespace). */
  namespace: pulumi.Input<string>;
  targets: readonly ScrapeTarget[];
  alerts: readonly ServiceAlerts[];
  /** Secret (in `namespace`, key `ca.crt`) with the internal CA that https targets are verified against. */
  internalCaSecret?: string;
}

export interface PlatformMonitors {
  scrapes: Record<string, k8s.apiextensions.CustomResource>;
  rules: Record<string, k8s.apiextensions.CustomResource>;
}

/** Verify the target against the internal CA; without the CA there is nothing to verify with, so refuse. */
function scrapeTls(serverName: string, caSecret: string | undefined, target: string) {
  if (caSecret === undefined)
    throw new Error(`scrape target '${target}' serves https with the internal CA, but VictoriaMetrics got no internalCaCertificate`);
  return { ca: { secret: { name: caSecret, key: "ca.crt" } }, serverName };
}

const kebab = (service: string) => service.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * One VMServiceScrape per target and one VMRule per service, all in the monitoring namespace
 * (targets are reached through namespaceSelector, so they need nothing in the services'
 * namespaces). Each waits only for `crdRelease`, so they are created in parallel.
 */
export function platformMonitors(
  name: string,
  args: PlatformMonitorsArgs,
  opts: { parent: pulumi.Resource; crdRelease: pulumi.Resource },
): PlatformMonitors {
  const resourceOpts = { parent: opts.parent, dependsOn: [opts.crdRelease] };
  const labels = { "platform.delivery/monitoring": "platform" };
  const scrapes = Object.fromEntries(
    args.targets.map((target) => [
      target.name,
      vmServiceScrape(
        `${name}-scrape-${target.name}`,
        {
          name: `platform-${target.name}`,
          namespace: args.namespace,
          labels,
          spec: {
            selector: { matchLabels: target.selector },
            namespaceSelector: { matchNames: [target.namespace] },
            endpoints: [
              {
                port: target.port,
                path: target.path ?? "/metrics",
                scheme: target.scheme ?? "http",
                ...(target.params ? { params: target.params } : {}),
                ...(target.tlsServerName ? { tlsConfig: scrapeTls(target.tlsServerName, args.internalCaSecret, target.name) } : {}),
              },
            ],
          },
        },
        resourceOpts,
      ),
    ]),
  );
  const rules = Object.fromEntries(
    args.alerts.map(({ service, rules: serviceRules }) => [
      service,
      vmRule(
        `${name}-alerts-${kebab(service)}`,
        {
          name: `platform-${kebab(service)}`,
          namespace: args.namespace,
          labels,
          spec: { groups: [{ name: `platform-${kebab(service)}`, rules: serviceRules }] },
        },
        resourceOpts,
      ),
    ]),
  );
  return { scrapes, rules };
}
