import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

type State = Record<string, unknown>;

/** 2026-01-01T00:00:00Z: when offline time resources were "created". */
export const OFFLINE_EPOCH = 1_767_225_600;

/**
 * What providers would compute, emulated deterministically so that plans are
 * reproducible: the same config always gives the same plan, byte for byte.
 * Everything else echoes the inputs, as a successful create would.
 */
const computedOutputs: Record<string, (args: pulumi.runtime.MockResourceArgs, inputs: State) => State> = {
  "random:index/randomPassword:RandomPassword": (args, inputs) => ({
    result: fakeSecret(args, Number(inputs.length ?? 32)),
    bcryptHash: `$2a$10$${fakeSecret(args, 53)}`,
  }),
  // GitLab and Harbor hand out numeric ids that other resources reference.
  "gitlab:index/group:Group": (args) => ({ groupId: numericId(args) }),
  "gitlab:index/project:Project": (args, inputs) => ({
    projectId: numericId(args),
    webUrl: `https://gitlab.offline/${typeof inputs.path === "string" ? inputs.path : args.name}`,
  }),
  "harbor:index/project:Project": (args) => ({ projectId: numericId(args) }),
  // Asymmetric transit keys expose their public key per version (Vault's transit key read API).
  "vault:transit/secretBackendKey:SecretBackendKey": (args) => ({
    keys: [{ name: "P-256", public_key: `-----BEGIN PUBLIC KEY-----\nOFFLINE${digest(args).slice(0, 48)}\n-----END PUBLIC KEY-----\n` }],
    latestVersion: 1,
  }),
  "harbor:index/registry:Registry": (args) => ({ registryId: numericId(args) }),
  // The control plane fills a service-account-token Secret's `data.token`; pulumi-kubernetes waits for it
  // (pulumi/pulumi-kubernetes#2048). Data is base64, as the API returns it.
  "kubernetes:core/v1:Secret": (args, inputs) =>
    inputs.type === "kubernetes.io/service-account-token"
      ? { data: { token: Buffer.from(`offline-token-${digest(args).slice(0, 32)}`).toString("base64") } }
      : {},
  // A rotation clock created at a fixed instant, so plans do not depend on the day they are made.
  "time:index/rotating:Rotating": (_args, inputs) => {
    const unix = OFFLINE_EPOCH;
    const days = Number(inputs.rotationDays ?? 0);
    return {
      rfc3339: new Date(unix * 1000).toISOString().replace(/\.000Z$/, "Z"),
      unix,
      rotationRfc3339: new Date((unix + days * 86_400) * 1000).toISOString().replace(/\.000Z$/, "Z"),
    };
  },
  // Key material a TLS provider would generate: recognisable placeholders, stable per resource.
  "tls:index/privateKey:PrivateKey": (args) => ({
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${fakeSecret(args, 64)}\n-----END PRIVATE KEY-----\n`,
  }),
  "tls:index/selfSignedCert:SelfSignedCert": (args) => ({
    certPem: `-----BEGIN CERTIFICATE-----\nOFFLINE${digest(args).slice(0, 48)}\n-----END CERTIFICATE-----\n`,
  }),
  "kubernetes:helm.sh/v3:Release": (args, inputs) => ({
    name: inputs.name ?? args.name,
    status: {
      name: inputs.name ?? args.name,
      namespace: inputs.namespace,
      status: "deployed",
      chart: inputs.chart,
      version: inputs.version,
    },
  }),
};

function digest(args: pulumi.runtime.MockResourceArgs): string {
  return createHash("sha256").update(`${args.type}::${args.name}`).digest("hex");
}

/** A stable positive number derived from a key, as providers that number their objects would return. */
const stableNumber = (key: string): number => Number.parseInt(createHash("sha256").update(key).digest("hex").slice(0, 6), 16) + 1;

const numericId = (args: pulumi.runtime.MockResourceArgs): number => stableNumber(`${args.type}::${args.name}`);

const FAKE_SECRET_PREFIX = "offline-";

function fakeSecret(args: pulumi.runtime.MockResourceArgs, length: number): string {
  return `${FAKE_SECRET_PREFIX}${digest(args)}`.slice(0, Math.max(8, length));
}

/** Whether a text holds one of the stand-ins above for a provider-generated secret (never a real value). */
export const isOfflineComputed = (text: string): boolean => new RegExp(`${FAKE_SECRET_PREFIX}[0-9a-f]{8}`).test(text);

/** Kubernetes auto-names objects without metadata.name; emulate it with a stable suffix. */
function kubernetesMetadata(args: pulumi.runtime.MockResourceArgs, inputs: State): State {
  if (!args.type.startsWith("kubernetes:") || args.type.startsWith("kubernetes:helm.sh")) return {};
  const metadata = (inputs.metadata ?? {}) as State;
  return { metadata: { ...metadata, name: metadata.name ?? `${args.name}-${digest(args).slice(0, 8)}` } };
}

/** Pulumi ids of resources whose providers derive them from the number they hand out. */
const resourceIds: Record<string, (computed: State) => string> = {
  "gitlab:index/group:Group": (c) => String(c.groupId),
  "gitlab:index/project:Project": (c) => String(c.projectId),
  "harbor:index/project:Project": (c) => `/projects/${String(c.projectId)}`,
  "harbor:index/registry:Registry": (c) => `/registries/${String(c.registryId)}`,
};

/** Data sources whose results later resources use. */
const invokeResults: Record<string, (inputs: State) => State> = {
  "gitlab:index/getGroup:getGroup": (inputs) => {
    const groupId = typeof inputs.groupId === "number" ? inputs.groupId : stableNumber(String(inputs.fullPath));
    return { ...inputs, id: String(groupId), groupId };
  },
  // The identity of the stack's GitLab token (the schema's getCurrentUser result fields).
  "gitlab:index/getCurrentUser:getCurrentUser": () => ({
    id: String(stableNumber("pulumi-automation")),
    username: "pulumi-automation",
    name: "Pulumi automation",
    bot: false,
  }),
};

export const offlineMocks: pulumi.runtime.Mocks = {
  newResource(args) {
    const inputs = args.inputs as State;
    const computed = computedOutputs[args.type]?.(args, inputs) ?? {};
    const id = resourceIds[args.type]?.(computed) ?? `${args.name}-id`;
    return { id: args.custom ? id : undefined, state: { ...inputs, ...kubernetesMetadata(args, inputs), ...computed } };
  },
  call(args) {
    const inputs = args.inputs as State;
    return invokeResults[args.token]?.(inputs) ?? inputs;
  },
};
