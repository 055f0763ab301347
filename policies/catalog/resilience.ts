import { ALWAYS_MANDATORY, guardrail, type Guardrail } from "./types";

export const RESILIENCE_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "stateful-resources-protected",
    title: "Resources that hold data are protected from deletion",
    area: "resilience",
    rationale: "A refactoring or a wrong stack selection must not delete registries, repositories, volumes or secret mounts.",
    fix: "Set the resource option protect: true (and retainOnDelete where Pulumi may need to replace it).",
    severity: "critical",
    regulations: [
      { framework: "DORA", article: "Art. 12" },
      { framework: "NIS2", article: "Art. 21(2)(c)" },
    ],
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "crd-release-dependency",
    title: "Custom resources wait for the release that installs their CRD",
    area: "resilience",
    rationale: "Without the dependency a first deploy races the CRD installation and fails half-way.",
    fix: "Add dependsOn: [<the release installing the CRD>] (see CRD_SOURCES in components/platform/chart-catalog.ts).",
    severity: "medium",
    regulations: [{ framework: "DORA", article: "RTS 2024/1774 Art. 17" }],
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "prod-namespaces-backed-up",
    title: "Every production app namespace is in a Velero schedule with the required retention",
    area: "resilience",
    rationale: "Backups that do not cover a namespace, or expire too early, cannot restore it after an incident.",
    fix: "Onboard the app with backup enabled (backupSchedule from components/platform/velero) and a ttl of at least the required retention.",
    severity: "high",
    regulations: [
      { framework: "DORA", article: "Art. 12" },
      { framework: "NIS2", article: "Art. 21(2)(c)" },
    ],
    implementations: ["crossguard"],
  }),
];
