import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import type { ServiceName } from "../../shared/service-names";
import { SERVICE_DESCRIPTIONS } from "../service-catalog";
import type { ScrapeTarget } from "../scrape-target";

export type { ScrapeTarget } from "../scrape-target";

export const scrapeTargetSchema = z.strictObject({
  name: z
    .string()
    .max(54, "must be at most 54 characters (the VMServiceScrape name adds 'platform-')")
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label"),
  namespace: z.custom<pulumi.Input<string>>((v) => (typeof v === "string" && v.length > 0) || pulumi.Output.isInstance(v), {
    message: "must be a namespace name or a Pulumi Output",
  }),
  selector: z.record(z.string().min(1), z.string()).refine((m) => Object.keys(m).length > 0, "must select by at least one label"),
  port: z.string().min(1, "must name a Service port"),
  path: z.string().startsWith("/", "must start with '/'").optional(),
  scheme: z.enum(["http", "https"]).optional(),
  tlsServerName: z.string().min(1).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
}) satisfies z.ZodType<ScrapeTarget>;

/**
 * Default scrape targets of the enabled platform services (`namespaces` maps each enabled service to
 * its namespace): each service's own description says where its chart exposes metrics, so the values
 * that enable an endpoint and the scrape that reads it have one source. Selectors are scoped by namespace.
 */
export function platformScrapeTargets(profile: Profile, namespaces: Partial<Record<ServiceName, string>>): ScrapeTarget[] {
  return (Object.entries(namespaces) as [ServiceName, string][]).flatMap(([service, namespace]) =>
    SERVICE_DESCRIPTIONS[service].metrics(profile, namespace),
  );
}
