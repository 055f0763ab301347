import { z } from "zod";
import { serviceSettings, type SecretField } from "../service-settings";

/** A CVE identifier as the NVD and CISA's KEV catalog write it (`cveID` in known_exploited_vulnerabilities.json). */
export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

const days = (fallback: number, description: string) =>
  z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(365, "must be at most 365 days")
    .default(fallback)
    .meta({ description });

/** An ISO 8601 date-time with a zone, such as 2026-11-30T14:05:00Z: when something happened. */
const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a zone, such as 2026-11-30T14:05:00Z" });

/**
 * One CRA Art. 14 reporting clock. The operator adds the entry when they become aware that a vulnerability
 * is actively exploited (14(1)-(2)) or of a severe incident (14(3)-(4)); its `awareAt` starts the 24 h and 72 h
 * clocks, and each `...SentAt` stops one (docs/vulnerability-response.md, docs/runbooks/cra-*.md).
 */
export const craReportSchema = z
  .strictObject({
    id: z
      .string()
      .max(40, "must be at most 40 characters")
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label such as cve-2026-1234 (it becomes an alert label)")
      .meta({ description: "Short name of the case, used in alert labels." }),
    kind: z
      .enum(["actively-exploited-vulnerability", "severe-incident"])
      .meta({ description: "What Art. 14 obliges: 14(2) for a vulnerability, 14(4) for a severe incident." }),
    vulnerability: z
      .string()
      .regex(CVE_ID, "must be a CVE id such as CVE-2026-12345")
      .optional()
      .meta({ description: "The CVE, for an actively exploited vulnerability (also treated as known exploited)." }),
    awareAt: instant.meta({ description: "When the manufacturer became aware (starts the clocks)." }),
    earlyWarningSentAt: instant.optional().meta({ description: "When the early warning (Art. 14(2)(a) / 14(4)(a), 24 h) was submitted." }),
    notificationSentAt: instant.optional().meta({ description: "When the notification (Art. 14(2)(b) / 14(4)(b), 72 h) was submitted." }),
    mitigationAvailableAt: instant.optional().meta({
      description: "Vulnerabilities: when a corrective or mitigating measure became available (starts the 14-day final report clock).",
    }),
    finalReportSentAt: instant
      .optional()
      .meta({ description: "When the final report (Art. 14(2)(c) / 14(4)(c)) was submitted: closes the case." }),
  })
  .superRefine((report, ctx) => {
    if (report.kind === "actively-exploited-vulnerability" && report.vulnerability === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["vulnerability"],
        message: `required for an actively exploited vulnerability (case '${report.id}')`,
      });
    if (report.kind === "severe-incident" && report.mitigationAvailableAt !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["mitigationAvailableAt"],
        message: `only for vulnerabilities: an incident's final report is due one month after its notification (case '${report.id}')`,
      });
    const aware = Date.parse(report.awareAt);
    for (const key of ["earlyWarningSentAt", "notificationSentAt", "mitigationAvailableAt", "finalReportSentAt"] as const) {
      const value = report[key];
      if (value !== undefined && Date.parse(value) < aware)
        ctx.addIssue({ code: "custom", path: [key], message: `must not be before awareAt (case '${report.id}')` });
    }
  });

export type CraReport = z.output<typeof craReportSchema>;

/** `services.trivyOperator` in the stack config. */
export const trivyOperatorSettings = (_secret: SecretField) =>
  serviceSettings("Trivy Operator: the vulnerability inventory of every running image, rescanned continuously.", {
    rescanInterval: z
      .string()
      .regex(/^\d+h$/, "must be a whole number of hours such as 24h")
      .default("24h")
      .meta({
        description: "Age after which a VulnerabilityReport is deleted and its workload rescanned (the chart's operator.scannerReportTTL).",
      }),
    registryPullSecret: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Secret name")
      .optional()
      .meta({
        description:
          "A kubernetes.io/dockerconfigjson Secret in trivy-system (for example a Harbor robot with pull rights on the app projects, synced by External Secrets) the scans pull private images with; without it only public images are scanned.",
      }),
    deadlines: z
      .strictObject({
        critical: days(7, "Days a Critical finding may run, counted from its first detection in a running image."),
        high: days(30, "Days a High finding may run."),
        medium: days(90, "Days a Medium finding may run."),
        low: days(180, "Days a Low finding may run."),
      })
      .prefault({})
      .superRefine((deadlines, ctx) => {
        const order = ["critical", "high", "medium", "low"] as const;
        order.slice(1).forEach((severity, i) => {
          if (deadlines[severity] < deadlines[order[i]!])
            ctx.addIssue({
              code: "custom",
              path: [severity],
              message: `must not be shorter than ${order[i]} (${deadlines[order[i]!]} days)`,
            });
        });
      })
      .meta({
        description: "Remediation deadlines per severity; alerts fire when a running image passes one (docs/vulnerability-response.md).",
      }),
    knownExploited: z
      .strictObject({
        cves: z
          .array(z.string().regex(CVE_ID, "must be a CVE id such as CVE-2026-12345"))
          .default([])
          .refine((cves) => new Set(cves).size === cves.length, "must not list a CVE twice")
          .meta({
            description: "Known exploited vulnerabilities (for example from CISA's KEV catalog): alerted at once, with their own deadline.",
          }),
        deadlineDays: days(2, "Days a known exploited vulnerability may run, whatever its severity."),
      })
      .prefault({})
      .meta({ description: "Known exploited vulnerabilities, prioritised over the severity deadlines." }),
    craReports: z
      .array(craReportSchema)
      .default([])
      .superRefine((reports, ctx) => {
        reports.forEach((report, i) => {
          if (reports.findIndex((other) => other.id === report.id) < i)
            ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate case id '${report.id}'` });
        });
      })
      .meta({ description: "CRA Art. 14 reporting clocks, one per actively exploited vulnerability or severe incident." }),
  });

export type TrivyOperatorSettings = z.output<ReturnType<typeof trivyOperatorSettings>>;
