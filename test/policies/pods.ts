/** The pods the parity fixtures start from: one that every workload guardrail admits, and copies changed from it. */
export const REGISTRY = "harbor.platform.example.com";
export const DIGEST = `@sha256:${"a".repeat(64)}`;

export type Pod = {
  apiVersion: "v1";
  kind: "Pod";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
};

export function goodPod(): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "shop", namespace: "shop-prod", labels: { "app.kubernetes.io/name": "shop" } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: `${REGISTRY}/shop/shop:1.2.3${DIGEST}`,
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
          readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        },
      ],
    },
  };
}

/** A good pod changed by `mutate` (on a deep copy). */
export function podWith(mutate: (pod: Pod) => void): Pod {
  const pod = structuredClone(goodPod());
  mutate(pod);
  return pod;
}
