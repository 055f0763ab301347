import { z } from "zod";

/**
 * GitLab's Code Quality report: a JSON array of issues with the fields GitLab documents as required
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): `description`,
 * `check_name`, `fingerprint` (unique per issue), `severity` (info, minor, major, critical or
 * blocker), `location.path` (a file in the repository, relative) and `location.lines.begin`.
 */
export const CODE_QUALITY_SEVERITIES = ["info", "minor", "major", "critical", "blocker"] as const;
export type CodeQualitySeverity = (typeof CODE_QUALITY_SEVERITIES)[number];

export const codeQualityIssueSchema = z.object({
  description: z.string().min(1),
  check_name: z.string().min(1),
  fingerprint: z.string().min(1),
  severity: z.enum(CODE_QUALITY_SEVERITIES),
  location: z.object({
    path: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "must be a path relative to the repository root"),
    lines: z.object({ begin: z.int().min(1) }),
  }),
});

export const codeQualityReportSchema = z
  .array(codeQualityIssueSchema)
  .refine((issues) => new Set(issues.map((i) => i.fingerprint)).size === issues.length, "fingerprints must be unique");

export type CodeQualityIssue = z.infer<typeof codeQualityIssueSchema>;
