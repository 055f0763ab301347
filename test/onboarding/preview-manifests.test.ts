// The objects of a preview environment against their upstream models, and the admission facts
// that keep previews apart: unsigned preview images run only in preview namespaces, production
// namespaces still verify signatures, and each preview namespace gets its quota, limits, network
// policies and time to live.
import { parse } from "yaml";
import { configRepoFiles } from "../../components/onboarding/repositories/config-repo-files";
import {
  KYVERNO_TTL_LABEL,
  previewApplicationSet,
  previewNamespaceLabels,
  previewNamespacePolicy,
  previewProjectSpec,
} from "../../components/onboarding/previews/preview-manifests";
import { plannedImagePolicies } from "../../components/onboarding/image-policy-groups";
import { stackEnforcement } from "../../policies/enforcement/levels";
import { appImagePolicies } from "../../policies/kyverno/app-image-policy";
import { celRules } from "../../policies/kyverno/cel-rules";
import { exposureCelRules } from "../../policies/kyverno/exposure-rules";
import { validateManifests } from "../helpers/kubernetes-schema";
import { testApp, testNames } from "../helpers/onboarding-context";
import { evaluateCel } from "../policies/harness";
import { goodPod } from "../policies/pods";

const REGISTRY = "harbor.platform.example.test";
const spec = testApp({
  environments: ["dev", "prod"],
  previews: { enabled: true, ttlHours: 24, quota: { cpu: "500m", memory: "1Gi", pods: 3 } },
});
const names = testNames(spec);
const input = {
  spec,
  names,
  gitlabProjectId: "4711",
  gitlabApiUrl: "https://gitlab.example.test",
  tokenSecret: { secretName: "shop-preview-gitlab", key: "token" },
  configRepoUrl: "https://gitlab.example.test/delivery/apps/web/shop-config.git",
  configRevision: "main",
  destination: { server: "https://kubernetes.default.svc" },
  domain: "platform.example.test",
};

interface SetDoc {
  spec: {
    generators: { pullRequest: { gitlab: Record<string, unknown>; requeueAfterSeconds: number } }[];
    template: {
      metadata: { name: string; finalizers: string[] };
      spec: {
        project: string;
        source: { path: string; kustomize: { images: string[]; patches: { patch: string }[] } };
        destination: { namespace: string };
        syncPolicy: {
          automated: unknown;
          syncOptions: string[];
          managedNamespaceMetadata: { labels: Record<string, string>; annotations: Record<string, string> };
        };
      };
    };
  };
}

describe("the ApplicationSet of an app's previews", () => {
  const set = previewApplicationSet(input) as unknown as SetDoc & Record<string, unknown>;

  it("validates against @kubernetes-models/argo-cd, and a wrong generator field does not", () => {
    expect(validateManifests([set])).toEqual([{ status: "valid" }]);
    const broken = structuredClone(set);
    broken.spec.generators[0]!.pullRequest.gitlab.project = 4711;
    expect(validateManifests([broken])).toEqual([expect.objectContaining({ status: "invalid" })]);
  });

  it("uses the GitLab pull-request generator on the app's project, open merge requests only", () => {
    expect(set.spec.generators).toEqual([
      {
        pullRequest: {
          gitlab: { project: "4711", api: "https://gitlab.example.test", tokenRef: input.tokenSecret, pullRequestState: "opened" },
          requeueAfterSeconds: 300,
        },
      },
    ]);
  });

  it("puts merge request <IID> into <app>-preview-<IID>, in the preview project, with the merge request's image", () => {
    const { template } = set.spec;
    expect(template.metadata.name).toBe("shop-preview-{{.number}}");
    expect(template.metadata.finalizers).toEqual(["resources-finalizer.argocd.argoproj.io"]);
    expect(template.spec.project).toBe("shop-preview");
    expect(template.spec.destination.namespace).toBe("shop-preview-{{.number}}");
    expect(template.spec.source.path).toBe("overlays/preview");
    expect(template.spec.source.kustomize.images).toEqual([`${REGISTRY}/shop/shop=${REGISTRY}/shop-preview/shop:{{.head_sha}}`]);
    expect(JSON.parse(template.spec.source.kustomize.patches[0]!.patch)).toEqual([
      { op: "replace", path: "/spec/rules/0/host", value: "shop-preview-{{.number}}.platform.example.test" },
      { op: "replace", path: "/spec/tls/0/hosts/0", value: "shop-preview-{{.number}}.platform.example.test" },
    ]);
  });

  it("creates the namespace with the preview labels, the host annotation and the TTL; no self-heal after the TTL", () => {
    const { syncPolicy } = set.spec.template.spec;
    expect(syncPolicy.automated).toEqual({ prune: true, selfHeal: false });
    expect(syncPolicy.syncOptions).toContain("CreateNamespace=true");
    expect(syncPolicy.managedNamespaceMetadata.labels).toEqual(previewNamespaceLabels(spec, names));
    expect(syncPolicy.managedNamespaceMetadata.labels).toMatchObject({
      "platform.delivery/app": "shop-preview",
      "pod-security.kubernetes.io/enforce": "restricted",
      [KYVERNO_TTL_LABEL]: "24h",
    });
    expect(syncPolicy.managedNamespaceMetadata.annotations).toEqual({
      "platform.delivery/ingress-host": "shop-preview-{{.number}}.platform.example.test",
    });
  });

  it("its AppProject validates and allows the preview namespaces only, no cluster-scoped kinds", () => {
    const project = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: "shop-preview", namespace: "argocd" },
      spec: previewProjectSpec(input, [{ group: "", kind: "ResourceQuota" }]),
    };
    expect(validateManifests([project])).toEqual([{ status: "valid" }]);
    expect(project.spec).toMatchObject({
      destinations: [{ server: input.destination.server, namespace: "shop-preview-*" }],
      // CreateNamespace needs the Namespace kind: only the previews' own, by name.
      clusterResourceWhitelist: [{ group: "", kind: "Namespace", name: "shop-preview-*" }],
    });
  });
});

interface Generate {
  synchronize: boolean;
  clone?: unknown;
  data?: { spec: { hard?: unknown; podSelector?: unknown; policyTypes?: unknown } };
}

describe("each preview namespace, as Kyverno shapes it", () => {
  const policy = previewNamespacePolicy(
    spec,
    names,
    { ingressNamespace: "ingress-nginx", monitoringNamespace: "monitoring" },
    { namespace: "kyverno", name: "shop-preview-registry" },
  );
  const rules = (policy.spec as { rules: { name: string; match: unknown; generate: Generate }[] }).rules;

  it("validates against @kubernetes-models/kyverno", () => {
    expect(validateManifests([policy])).toEqual([{ status: "valid" }]);
  });

  it("gets the preview quota (no volumes, no LoadBalancer), the app's limits, default-deny network policies and the pull Secret", () => {
    const byName = Object.fromEntries(rules.map((r) => [r.name, r.generate]));
    expect(byName["preview-quota"]!.data!.spec.hard).toEqual({
      "requests.cpu": "500m",
      "limits.cpu": "500m",
      "requests.memory": "1Gi",
      "limits.memory": "1Gi",
      pods: "3",
      persistentvolumeclaims: "0",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
    expect(byName["tenant-default-deny"]!.data!.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(byName["pull-secret"]!.clone).toEqual({ namespace: "kyverno", name: "shop-preview-registry" });
    for (const generate of Object.values(byName)) expect(generate.synchronize).toBe(true);
  });

  it("matches only the app's preview namespaces, by name and label", () => {
    for (const rule of rules)
      expect(rule.match).toEqual({
        any: [
          {
            resources: {
              kinds: ["Namespace"],
              names: ["shop-preview-*"],
              selector: { matchLabels: { "platform.delivery/preview-of": "shop" } },
            },
          },
        ],
      });
  });
});

describe("admission keeps preview images in preview namespaces", () => {
  const rule = celRules({ registryHost: REGISTRY, requireDigest: false, requiredLabels: [] })["app-images-own-project"]!;
  const namespace = (name: string, labels: Record<string, string>) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  const preview = namespace("shop-preview-7", previewNamespaceLabels(spec, names));
  const production = namespace("shop-prod", {
    "platform.delivery/app": "shop",
    "platform.delivery/team": "web",
    "platform.delivery/environment": "prod",
  });
  const pod = (image: string) => {
    const p = goodPod();
    p.spec.containers[0]!.image = image;
    return p;
  };

  it("an unsigned preview image is admitted in a preview namespace and refused in production; the production image stays out of previews", () => {
    const previewImage = `${REGISTRY}/shop-preview/shop:0a1b2c`;
    const productionImage = `${REGISTRY}/shop/shop:1.2.3`;
    const verdicts = evaluateCel([
      { rule, object: pod(previewImage), namespaceObject: preview },
      { rule, object: pod(previewImage), namespaceObject: production },
      { rule, object: pod(productionImage), namespaceObject: production },
      { rule, object: pod(productionImage), namespaceObject: preview },
    ]);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, false, true, false]);
  });

  it("the production namespace still requires the pipeline's signature, which no preview namespace is asked for", () => {
    const policies = plannedImagePolicies(
      names,
      spec.environments,
      appImagePolicies(
        stackEnforcement("prod", [
          { name: "dev", production: false },
          { name: "prod", production: true },
        ]),
      ),
    );
    const prod = policies.find((p) => p.environments.includes("prod"))!;
    expect(prod.namespaces).toContain("shop-prod");
    expect(prod.validationActions).toContain("Deny");
    expect(policies.flatMap((p) => p.namespaces).filter((ns) => ns.includes("preview"))).toEqual([]);
  });

  it("the preview Ingress passes the exposure rules with the host Argo CD patches in, and no other host", () => {
    const overlay = configRepoFiles({ spec, names, environments: [{ name: "dev", production: false, cluster: "in-cluster" }] });
    const ingress = parse(overlay.find((f) => f.path === "overlays/preview/ingress.yaml")!.content) as {
      spec: { rules: { host: string }[]; tls: { hosts: string[] }[] };
    };
    const withHost = (host: string) => {
      const copy = structuredClone(ingress);
      copy.spec.rules[0]!.host = host;
      copy.spec.tls[0]!.hosts[0] = host;
      return { ...copy, metadata: { name: "shop", namespace: "shop-preview-7" } };
    };
    const ns = {
      ...preview,
      metadata: { ...preview.metadata, annotations: { "platform.delivery/ingress-host": "shop-preview-7.platform.example.test" } },
    };
    const ingressRule = Object.values(exposureCelRules()).find(
      (r) => r.resource === "app-namespaced" && r.kinds.some((k) => k.resources.includes("ingresses")),
    )!;
    const verdicts = evaluateCel([
      { rule: ingressRule, object: withHost("shop-preview-7.platform.example.test"), namespaceObject: ns },
      { rule: ingressRule, object: withHost("shop-prod.platform.example.test"), namespaceObject: ns },
    ]);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, false]);
  });
});
