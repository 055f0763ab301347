import { ALWAYS_MANDATORY, guardrail, type Guardrail } from "./types";

export const RESILIENCE_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "stateful-resources-protected",
    title: "Resources that hold data are protected from deletion",
    area: "resilience",
    rationale:
      "A refactoring or a wrong stack selection must not delete registries, repositories, volumes, signing keys or secret mounts, nor PersistentVolumes whose reclaim policy deletes the data or StatefulSets whose claims go with them.",
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
    rationale:
      "Backups that do not cover a namespace, or expire too early, cannot restore it after an incident; a schedule that is paused, never fires (0 0 31 2 *), runs outside Velero's namespace, excludes the namespace or filters its resources counts for nothing.",
    fix: "Onboard the app with backup enabled (backupSchedule from components/platform/velero): a daily, unpaused schedule in the velero namespace with the whole namespace, its volumes and a ttl of at least the required retention.",
    severity: "high",
    regulations: [
      { framework: "DORA", article: "Art. 12" },
      { framework: "NIS2", article: "Art. 21(2)(c)" },
    ],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "drill-restores-confined",
    title: "Restore drills restore only into drill namespaces, and no cluster-scoped resources",
    area: "resilience",
    rationale:
      "Velero restores with its own cluster-wide rights, so the right to create Restores is the right to restore any backup anywhere: a drill Restore without a namespace mapping (or with an empty or globbed namespace list) restores over production, one with includeClusterResources restores ClusterRoleBindings and webhooks, and hooks or resource modifiers run or rewrite whatever they like.",
    fix: "Let the drill runner create only what components/platform/restore-drills/restore-spec.ts builds: includedNamespaces by name, each mapped into its <app>-drill-<environment> namespace, includeClusterResources: false, no hooks or resource modifiers, existingResourcePolicy none.",
    severity: "critical",
    regulations: [
      { framework: "DORA", article: "Art. 12" },
      { framework: "DORA", article: "Art. 9(4)(c)" },
    ],
    enforcement: ALWAYS_MANDATORY,
    implementations: ["kyverno"],
  }),
  guardrail({
    id: "vault-transit-keys-retained",
    title: "Vault transit keys can be neither deleted nor exported",
    area: "resilience",
    rationale:
      "A transit key with deletionAllowed can be deleted with everything it signed or encrypted; exportable and allowPlaintextBackup hand out the key material for good, and minAvailableVersion above 1 deletes old versions.",
    fix: "Leave deletionAllowed, exportable and allowPlaintextBackup false and minAvailableVersion unset on every transit key.",
    severity: "critical",
    regulations: [
      { framework: "DORA", article: "Art. 12" },
      { framework: "NIS2", article: "Art. 21(2)(h)" },
    ],
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard"],
  }),
];
