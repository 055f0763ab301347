import { guardrail, type Guardrail, type Regulation } from "./types";

const SUPPLY_CHAIN: Regulation[] = [
  { framework: "NIS2", article: "Art. 21(2)(d)" },
  { framework: "CRA", article: "Annex I Part I (2)(f)" },
];

export const SUPPLY_CHAIN_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "image-tag-pinned",
    title: "Images are pinned: a tag other than latest, and a digest in prod",
    area: "supply-chain",
    rationale: "A mutable tag can change under a running deployment; only a digest guarantees the reviewed, scanned and signed image runs.",
    fix: "Reference images as <registry>/<project>/<app>:<version>@sha256:<digest> (the pipeline bumps the digest in the config repo).",
    severity: "high",
    regulations: [...SUPPLY_CHAIN, { framework: "DORA", article: "RTS 2024/1774 Art. 17" }],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "images-from-platform-registry",
    title: "App images come from the platform registry",
    area: "supply-chain",
    rationale: "Only the platform registry scans, signs and retains images; anything else bypasses the vulnerability gate.",
    fix: "Push the image to the app's Harbor project (or pull it through a Harbor proxy-cache project) and reference it by the registry host.",
    severity: "high",
    regulations: [...SUPPLY_CHAIN, { framework: "CRA", article: "Annex I Part I (2)(a)" }],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-images-own-project",
    title: "App namespaces run only images of the app's own Harbor project",
    area: "supply-chain",
    rationale:
      "An image of another app's project is signed by that app's pipeline and a proxy-cache image is not signed at all; the app's signature policy matches only its own project, so both would run unverified.",
    fix: "Reference images as <registry>/<app>/<image>; build third-party images in the app's pipeline (scanned and signed) instead of pulling them through a proxy cache. The one exception is the platform's backing-service images (PostgreSQL, the CloudNativePG operator and backup sidecar, Valkey: components/onboarding/backing-services/images.ts), exact repositories through the proxy caches.",
    severity: "high",
    regulations: [...SUPPLY_CHAIN, { framework: "CRA", article: "Annex I Part II (7)" }],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "image-signature-verified",
    title: "App images are signed by the platform pipeline",
    area: "supply-chain",
    rationale: "A signature proves the image was built and scanned by the app's pipeline and not pushed by hand or altered later.",
    fix: "Sign the image in the pipeline (cosign) with the platform signing identity; admission verifies it against the ImageValidatingPolicy.",
    severity: "critical",
    regulations: [...SUPPLY_CHAIN, { framework: "CRA", article: "Annex I Part II (7)" }],
    implementations: ["kyverno"],
  }),
  guardrail({
    id: "helm-chart-pinned",
    title: "Helm releases and charts pin an exact chart version",
    area: "supply-chain",
    rationale: "A range or missing version installs whatever the repository serves today, so two deploys of one commit can differ.",
    fix: "Pin the chart version exactly (ChartPin in the service's chart.ts, or services.<name>.chartVersion) and cite its source.",
    severity: "high",
    regulations: [...SUPPLY_CHAIN, { framework: "DORA", article: "RTS 2024/1774 Art. 17" }],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "helm-repository-allowed",
    title: "Helm charts are the reviewed charts of the platform's chart sources",
    area: "supply-chain",
    rationale:
      "Each chart source is a supplier; only the reviewed charts of the chart catalog may install software into the cluster, through a Release or a v3/v4 Chart alike (a chart URL names its own source, a chart without a repository is a local directory).",
    fix: "Add the chart to components/platform/chart-catalog.ts (reviewed) and install it from the repository listed there.",
    severity: "high",
    regulations: SUPPLY_CHAIN,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "harbor-project-private-scanned",
    title: "Harbor projects are private and scan on push",
    area: "supply-chain",
    rationale: "Public projects leak images; without scan on push vulnerable images are not found until the nightly scan.",
    fix: "Set public: false and vulnerabilityScanning: true on the Harbor project.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part II (1)" },
      { framework: "DORA", article: "RTS 2024/1774 Art. 10" },
      { framework: "NIS2", article: "Art. 21(2)(e)" },
    ],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "harbor-deployment-security",
    title: "Harbor prevents pulling images with high or critical vulnerabilities",
    area: "supply-chain",
    rationale:
      "Deployment security makes Harbor refuse to serve images at or above the severity, so a known-vulnerable image cannot start.",
    fix:
      "Set deploymentSecurity to high (or stricter: medium, low) on every app project; proxy-cache projects are exempt " +
      "(they scan without blocking; the pipeline's Trivy gate is the control, docs/services/harbor.md).",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(a)" },
      { framework: "DORA", article: "RTS 2024/1774 Art. 10" },
    ],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "harbor-cosign-enforced",
    title: "Harbor serves only cosign-signed images in app projects",
    area: "supply-chain",
    rationale: "Content trust in the registry is a second signature gate besides admission, also covering pulls outside Kubernetes.",
    fix: "Set enableContentTrustCosign: true on the app's Harbor project (proxy-cache projects are exempt).",
    severity: "medium",
    regulations: SUPPLY_CHAIN,
    implementations: ["crossguard"],
  }),
];
