import type * as pulumi from "@pulumi/pulumi";

/**
 * A Service that exposes Prometheus metrics. Service components describe their own
 * metrics this way; the VictoriaMetrics component turns each into a VMServiceScrape.
 */
export interface ScrapeTarget {
  /** Unique name of the target; the VMServiceScrape is called `platform-<name>`. */
  name: string;
  /** Namespace of the Service. */
  namespace: pulumi.Input<string>;
  /** Labels that select the metrics Service (only Services with `port` are scraped). */
  selector: Record<string, string>;
  /** Service port name. */
  port: string;
  path?: string;
  scheme?: "http" | "https";
  /**
   * https only: the name the scraper verifies the serving certificate for, against the platform's
   * internal CA (the VictoriaMetrics component keeps a copy of the CA next to its scrapes).
   */
  tlsServerName?: string;
  /** Query parameters, such as Vault's `format=prometheus`. */
  params?: Record<string, string[]>;
}
