import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import * as time from "@pulumiverse/time";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { planProgram } from "../../plan/run-offline-plan";
import type { PlatformContext } from "../../components/platform/platform-context";
import type { Profile } from "../../components/shared/profiles";

/**
 * Plans a component under the offline mock runtime, with explicit Kubernetes
 * and random providers (default providers are disabled, as in the real stacks).
 */
export async function planComponent(
  build: (opts: { providers: { kubernetes: k8s.Provider; random: random.Provider; tls: tls.Provider; time: time.Provider } }) => unknown,
): Promise<PlanDocument> {
  const { plan } = await planProgram(
    "test",
    () => {
      const kubernetes = new k8s.Provider("test-cluster", { context: "test" });
      const randomProvider = new random.Provider("test-random");
      const tlsProvider = new tls.Provider("test-tls");
      const timeProvider = new time.Provider("test-time");
      build({ providers: { kubernetes, random: randomProvider, tls: tlsProvider, time: timeProvider } });
      return {};
    },
    { "pulumi:disable-default-providers": JSON.stringify(["*"]) },
  );
  return plan;
}

export function testContext(profile: Profile): PlatformContext {
  return {
    profile,
    domain: "platform.example.test",
    ingressClassName: "nginx",
    clusterIssuer: "platform-issuer",
  };
}

export const ofType = (plan: PlanDocument, type: string): PlanResource[] => plan.resources.filter((r) => r.type === type);

export function one(plan: PlanDocument, type: string, name?: string): PlanResource {
  const found = ofType(plan, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0]!;
}

/** Whether `from` waits for `to`, directly or through other resources' dependencies. */
export function dependsTransitively(plan: PlanDocument, from: string, to: string): boolean {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const stack = [...(byUrn.get(from)?.dependencies ?? [])];
  while (stack.length > 0) {
    const urn = stack.pop()!;
    if (urn === to) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    stack.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return false;
}

/** Reads a nested input by a dotted path (`values.server.replicas`); a key with dots goes in brackets (`metadata.annotations[example.com/key]`). */
export function inputAt(resource: PlanResource, dotted: string): unknown {
  return (dotted.match(/\[[^\]]+\]|[^.[\]]+/g) ?? [])
    .map((key) => (key.startsWith("[") ? key.slice(1, -1) : key))
    .reduce<unknown>(
      (value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined),
      resource.inputs,
    );
}

const CREDENTIAL_KEY = /(password|passwd|token|secretkey|privatekey|apikey|credentials?)$/i;

/** Dotted paths of string values under credential-looking keys (Helm values must hold none). */
export function credentialLookingValues(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    ...(CREDENTIAL_KEY.test(key) && typeof child === "string" ? [`${path}${key}`] : []),
    ...credentialLookingValues(child, `${path}${key}.`),
  ]);
}
