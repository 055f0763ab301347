import type { AppSpec } from "../app-spec";
import type { OnboardingBackingServices } from "../onboarding-context";
import { runsIn } from "./sizing";

/** The CIDRs an environment's database pods must reach outside the cluster's pod network: the API server and an external store. */
export function egressCidrs(spec: AppSpec, backingServices: OnboardingBackingServices | undefined, environment: string): string[] {
  const postgres = backingServices?.postgres;
  if (postgres === undefined || !runsIn(spec.services.postgres, environment)) return [];
  const store = postgres.backup.egress;
  return [...new Set([...postgres.apiServer.cidrs, ...("cidrs" in store ? store.cidrs : [])])];
}
