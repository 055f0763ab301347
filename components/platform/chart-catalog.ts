import type { ChartPin } from "../kubernetes/helm-release";
import { SERVICES } from "./service-catalog";

/**
 * Every Helm chart the platform can install, exactly pinned (each pin cites its source next to it),
 * from the service descriptions. Pins and descriptions are data-only modules: the CrossGuard pack
 * reads this catalog and must not load the components (nor the Kubernetes SDK) into the policy analyzer.
 */
export const PLATFORM_CHARTS: readonly ChartPin[] = SERVICES.flatMap((service) => [service.chart, ...service.extraCharts]);

/**
 * Which chart installs the CRDs of an API group (a service's main chart): custom resources of that
 * group must wait for the chart's release (test/stacks/platform-plans.test.ts checks every custom
 * resource in the dev and prod plans).
 */
export const CRD_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  SERVICES.flatMap((service) => service.crdGroups.map((group) => [group, service.chart.chart])),
);
