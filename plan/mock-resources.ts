import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

type State = Record<string, unknown>;

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

function fakeSecret(args: pulumi.runtime.MockResourceArgs, length: number): string {
  return `offline-${digest(args)}`.slice(0, Math.max(8, length));
}

/** Kubernetes auto-names objects without metadata.name; emulate it with a stable suffix. */
function kubernetesMetadata(args: pulumi.runtime.MockResourceArgs, inputs: State): State {
  if (!args.type.startsWith("kubernetes:") || args.type.startsWith("kubernetes:helm.sh")) return {};
  const metadata = (inputs.metadata ?? {}) as State;
  return { metadata: { ...metadata, name: metadata.name ?? `${args.name}-${digest(args).slice(0, 8)}` } };
}

export const offlineMocks: pulumi.runtime.Mocks = {
  newResource(args) {
    const inputs = args.inputs as State;
    const computed = computedOutputs[args.type]?.(args, inputs) ?? {};
    return { id: args.custom ? `${args.name}-id` : undefined, state: { ...inputs, ...kubernetesMetadata(args, inputs), ...computed } };
  },
  call(args) {
    return args.inputs as State;
  },
};
