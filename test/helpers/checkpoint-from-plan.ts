// Builds a `pulumi stack export` (deployment version 3) from a plan the way the engine stores a
// stack after `pulumi up` of it (pulumi/pulumi pkg/resource/stack/deployment.go SerializeResource):
// provider ids are UUIDs and references `<urn>::<uuid>`; Terraform-bridged resources carry
// `__defaults: []`; outputs are inputs plus what the provider computed, with ids the real provider
// would hand out (not the offline mock's); secrets are `{sig, ciphertext}` encrypted with the
// stack's passphrase crypto; resource references are ref objects.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../../plan/mock-resources";
import { passphraseEncrypter, passphraseKey } from "../../plan/passphrase-secrets";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";

export interface CheckpointSecrets {
  passphrase: string;
  /** The stack's encryptionsalt (`v1:<salt>:v1:<check>`). */
  salt: string;
  /** Plaintext per `<urn>|<secret path>`; other secrets get a stand-in. */
  values?: Record<string, unknown>;
}

const BRIDGED = ["vault:", "gitlab:", "harbor:", "random:"];
const uuid = (seed: string) => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function checkpointFromPlan(plan: PlanDocument, secrets: CheckpointSecrets) {
  const encrypt = passphraseEncrypter(passphraseKey(secrets.passphrase, secrets.salt));
  const providerIds = new Map(plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, uuid(r.urn)]));
  // What the mock computed -> what a real provider would have (a different, stable number or text).
  const realOf = new Map<string, string | number>();
  const mock = (r: PlanResource) =>
    offlineMocks.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: r.custom }) as {
      id?: string;
      state: Record<string, unknown>;
    };
  for (const resource of plan.resources.filter((r) => r.custom)) {
    const { id, state } = mock(resource);
    for (const [key, value] of Object.entries(state)) {
      if (typeof value === "number" && value >= 100 && resource.inputs[key] !== value) realOf.set(String(value), 900_000 + realOf.size);
    }
    if (id !== undefined && /^\d+$/.test(id)) realOf.set(id, 900_000 + realOf.size);
  }
  const real = (value: unknown): unknown => {
    if (typeof value === "number") return realOf.get(String(value)) ?? value;
    if (typeof value === "string") return realOf.has(value) ? String(realOf.get(value)) : value;
    if (Array.isArray(value)) return value.map(real);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, real(v)]));
    return value;
  };
  const urns = new Set(plan.resources.map((r) => r.urn));
  const serialise = (resource: PlanResource, value: unknown, path: string): unknown => {
    if (resource.secretPaths.includes(path)) {
      const plaintext = secrets.values?.[`${resource.urn}|${path}`] ?? `stand-in for ${path}`;
      return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, ciphertext: encrypt(JSON.stringify(plaintext)) };
    }
    if (typeof value === "string" && urns.has(value) && path !== "")
      return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig, urn: value, packageVersion: "" };
    if (Array.isArray(value)) return value.map((item, index) => serialise(resource, item, `${path}[${index}]`));
    if (value !== null && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          serialise(resource, item, /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`),
        ]),
      );
    return value;
  };
  const resources = plan.resources.map((resource) => {
    const inputs = serialise(resource, real(resource.inputs), "") as Record<string, unknown>;
    if (BRIDGED.some((prefix) => resource.type.startsWith(prefix))) inputs.__defaults = [];
    if (resource.type.startsWith("pulumi:providers:") && resource.pluginVersion) inputs.version = resource.pluginVersion;
    const computed = resource.custom ? (real(mock(resource).state) as Record<string, unknown>) : {};
    const id = resource.type.startsWith("pulumi:providers:")
      ? providerIds.get(resource.urn)
      : resource.custom
        ? String(real(mock(resource).id))
        : undefined;
    const providerUrn = resource.provider?.slice(0, resource.provider.lastIndexOf("::"));
    return {
      urn: resource.urn,
      custom: resource.custom,
      ...(id !== undefined ? { id } : {}),
      type: resource.type,
      inputs,
      outputs: { ...computed, ...inputs },
      ...(resource.parent ? { parent: resource.parent } : {}),
      ...(resource.protect ? { protect: true } : {}),
      ...(resource.retainOnDelete ? { retainOnDelete: true } : {}),
      dependencies: resource.dependencies,
      ...(providerUrn ? { provider: `${providerUrn}::${providerIds.get(providerUrn) ?? uuid(providerUrn)}` } : {}),
      created: "2026-11-20T10:00:00.000Z",
      modified: "2026-11-20T10:00:00.000Z",
    };
  });
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-20T10:00:00.000Z", magic: "0f5e4c1a", version: "v3.200.0" },
      secrets_providers: { type: "passphrase", state: { salt: secrets.salt } },
      resources,
    },
  };
}
