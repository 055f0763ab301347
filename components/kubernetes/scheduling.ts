/**
 * Prefer one replica per node. "Preferred" rather than "required", so a small
 * staging cluster still schedules every replica.
 */
export function preferSpreadAcrossNodes(matchLabels: Record<string, string>) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels } } },
      ],
    },
  };
}
