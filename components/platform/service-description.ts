import type { ChartPin } from "../kubernetes/helm-release";
import type { Profile } from "../shared/profiles";
import type { ServiceName } from "../shared/service-names";
import type { ScrapeTarget } from "./scrape-target";

/** A service another one cannot run without, and what for. */
export interface ServiceRequirement {
  service: ServiceName;
  /** What the dependency provides, as a short noun phrase ("TLS certificates"). */
  for: string;
}

/**
 * What a platform service says about itself, as plain data. Each service folder exports one
 * (`<service>/service.ts`); the namespace table, the chart catalog, the VictoriaMetrics scrape
 * targets and the config rule on requirements are derived from them. These modules import no
 * resource SDK: the CrossGuard pack and the stack config load them.
 */
export interface ServiceDescription {
  /** The key under `services.<name>` in the stack config. */
  service: ServiceName;
  /** Name for people, in messages ("cert-manager", "Argo CD"). */
  title: string;
  /** Type name of the service's component (`delivery-platform:platform:<component>`), also the prefix of its alert names. */
  component: string;
  /** The namespace the service's component creates and installs into. */
  namespace: string;
  /** The pin of the service's main release (from its `chart.ts`). */
  chart: ChartPin;
  /** Further charts the service may install. */
  extraCharts: readonly ChartPin[];
  /** API groups whose CRDs `chart` installs: custom resources of these groups wait for its release. */
  crdGroups: readonly string[];
  /** The metrics Services to scrape, for a service running in `namespace` under `profile`. */
  metrics: (profile: Profile, namespace: string) => ScrapeTarget[];
  /** Services that must be enabled while this one is. */
  requires: readonly ServiceRequirement[];
  /**
   * First labels of the hosts its ingress answers on (`harbor` for `harbor.<domain>`): no app may
   * take them (app hosts are checked against them), and test/stacks/platform-hosts.test.ts checks
   * every host in the plans' Helm values is listed.
   */
  hosts?: readonly string[];
}
