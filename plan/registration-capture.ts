/**
 * The one place that touches SDK internals. Pulumi's Mocks API hides parents,
 * dependencies and resource options; the RegisterResourceRequest the SDK sends
 * to the (mock) monitor carries them. We wrap the mock monitor's methods to
 * record those requests, and emulate the one engine duty the mock skips:
 * marking `additionalSecretOutputs` secret in the returned state.
 *
 * test/plan/registration-capture.test.ts fails loudly if the SDK changes shape.
 */
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { newUrn, parseUrn, type AliasSpec } from "./aliases";
import { isSecretWire, redactWire, type PlanValue, type WireValue } from "./wire-values";

export interface CapturedRegistration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** Provider reference `<provider urn>::<id>`. */
  provider?: string;
  dependencies: string[];
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  /** Aliases as the SDK sent them; plan/aliases.ts resolves them to URNs as the engine does. */
  aliases: AliasSpec[];
  /** Provider plugin version and download URL the SDK asked for (set by provider packages and our bindings). */
  version?: string;
  pluginDownloadURL?: string;
  /** Inputs with secret values replaced by `[secret]`, redacted at capture so no plaintext copy is kept. */
  inputs: Record<string, PlanValue>;
  secretPaths: string[];
  /** Keyed fingerprints of the secret inputs, when the plan runs with the stack's passphrase. */
  secretFingerprints?: Record<string, string>;
}

export interface Capture {
  registrations: CapturedRegistration[];
  /** Stack outputs in wire form, once the root stack registered them. */
  stackOutputs?: Record<string, WireValue>;
}

// Minimal views of the generated protobuf classes we read (resource_pb.d.ts).
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProtect(): boolean;
  getDependenciesList(): string[];
  getProvider(): string;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getRetainondelete(): boolean;
  getAliasesList(): AliasMessage[];
  getVersion(): string;
  getPlugindownloadurl(): string;
}
interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        hasParenturn(): boolean;
        getParenturn(): string;
        hasNoparent(): boolean;
        getNoparent(): boolean;
      }
    | undefined;
}
interface RegisterResourceResponse {
  getUrn(): string;
  getObject(): Struct | undefined;
  setObject(value: Struct): void;
}
/** Reads of existing resources (`get`, StackReference): recorded so the plan shows what the program reads. */
interface ReadResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): Struct | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getVersion(): string;
  getPlugindownloadurl(): string;
  getAdditionalsecretoutputsList(): string[];
}
interface ReadResourceResponse {
  getUrn(): string;
}
interface RegisterResourceOutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}
type Callback<T> = (err: Error | null, response?: T) => void;
interface MonitorMethods {
  registerResource(req: RegisterResourceRequest, cb: Callback<RegisterResourceResponse>): void;
  registerResourceOutputs(req: RegisterResourceOutputsRequest, cb: Callback<unknown>): void;
  readResource(req: ReadResourceRequest, cb: Callback<ReadResourceResponse>): void;
  /** MockMonitor's store of every registered resource's state (urn -> { state }). */
  resources?: Map<string, { state: unknown }>;
  /** MockMonitor's URN scheme, which keeps only the parent's last type and prefixes the root stack's. */
  newUrn?(parent: string, type: string, name: string): string;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Wraps the current (mock) monitor; call right after `pulumi.runtime.setMocks`. With a
 * `fingerprint`, secret inputs also get a keyed fingerprint (plan/changes/secret-fingerprints.ts).
 */
export function captureRegistrations(fingerprint?: (secret: WireValue) => string): Capture {
  const monitor = pulumi.runtime.getMonitor() as unknown as Partial<MonitorMethods> | undefined;
  if (
    !monitor ||
    typeof monitor.registerResource !== "function" ||
    typeof monitor.registerResourceOutputs !== "function" ||
    typeof monitor.readResource !== "function" ||
    typeof monitor.newUrn !== "function"
  ) {
    throw new Error(
      "@pulumi/pulumi mock monitor no longer exposes registerResource/registerResourceOutputs/readResource/newUrn; update plan/registration-capture.ts",
    );
  }
  // URNs as the engine builds them (pulumi pkg/resource/urn.go NewURN, the SDK's createUrn): the
  // parent's whole qualified type, nothing for the root stack. The mock's shorter scheme would make
  // the plan's URNs differ from those in a real stack's state for every nested resource.
  monitor.newUrn = (parent, type, name) =>
    newUrn(pulumi.getStack(), pulumi.getProject(), parent ? parseUrn(parent).qualifiedType : "", type, name);
  const capture: Capture = { registrations: [] };
  // Root stack URN, for its outputs; a lookup by URN over all registrations would make a plan quadratic in its size.
  let rootStackUrn: string | undefined;
  const registerResource = monitor.registerResource.bind(monitor);
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  const readResource = monitor.readResource.bind(monitor);

  monitor.registerResource = (req, cb) => {
    const secretOutputs = req.getAdditionalsecretoutputsList();
    registerResource(req, (err, resp) => {
      if (!err && resp) {
        // Re-encoding the state costs a copy per resource; only the few with secret outputs need it.
        if (secretOutputs.length > 0) resp.setObject(Struct.fromJavaScript(markSecret(structToWire(resp.getObject()), secretOutputs)));
        if (req.getType() === ROOT_STACK_TYPE) rootStackUrn = resp.getUrn();
        // The mock monitor keeps every resource's state for lookups the plan never makes (`get`, `exists`); only
        // components need their entry, for registerResourceOutputs. Custom resources' entries were a third of its memory.
        if (req.getCustom()) monitor.resources?.delete(resp.getUrn());
        capture.registrations.push({
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          provider: req.getProvider() || undefined,
          dependencies: [...new Set(req.getDependenciesList())],
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          ignoreChanges: req.getIgnorechangesList(),
          additionalSecretOutputs: secretOutputs,
          aliases: req.getAliasesList().map(aliasSpec),
          version: req.getVersion() || undefined,
          pluginDownloadURL: req.getPlugindownloadurl() || undefined,
          ...redactedInputs(req.getObject(), fingerprint),
        });
      }
      cb(err, resp);
    });
  };

  monitor.readResource = (req, cb) => {
    readResource(req, (err, resp) => {
      if (!err && resp) {
        capture.registrations.push({
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: true,
          parent: req.getParent() || undefined,
          provider: req.getProvider() || undefined,
          dependencies: [...new Set(req.getDependenciesList())],
          protect: false,
          retainOnDelete: false,
          ignoreChanges: [],
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          aliases: [],
          version: req.getVersion() || undefined,
          pluginDownloadURL: req.getPlugindownloadurl() || undefined,
          ...redactedInputs(req.getProperties(), fingerprint),
        });
      }
      cb(err, resp);
    });
  };

  monitor.registerResourceOutputs = (req, cb) => {
    if (req.getUrn() === rootStackUrn) capture.stackOutputs = structToWire(req.getOutputs());
    registerResourceOutputs(req, (err, resp) => {
      // The monitor stores a component's outputs as its state; the capture already has what the plan shows.
      const stored = monitor.resources?.get(req.getUrn());
      if (stored) stored.state = {};
      cb(err, resp);
    });
  };
  return capture;
}

function redactedInputs(
  struct: Struct | undefined,
  fingerprint?: (secret: WireValue) => string,
): Pick<CapturedRegistration, "inputs" | "secretPaths" | "secretFingerprints"> {
  const { value, secretPaths, secretFingerprints } = redactWire(structToWire(struct), "", fingerprint);
  return { inputs: value as Record<string, PlanValue>, secretPaths, ...(secretFingerprints ? { secretFingerprints } : {}) };
}

function structToWire(struct: Struct | undefined): Record<string, WireValue> {
  return struct?.toJavaScript() ?? {};
}

function markSecret(state: Record<string, WireValue>, keys: readonly string[]): Record<string, WireValue> {
  const result = { ...state };
  for (const key of keys) {
    const value = result[key];
    if (value === undefined || isSecretWire(value)) continue;
    result[key] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
  }
  return result;
}

/** An Alias message as plain data; empty strings are the proto's unset fields. */
function aliasSpec(alias: AliasMessage): AliasSpec {
  if (alias.hasUrn()) return { urn: alias.getUrn() };
  const spec = alias.getSpec();
  const set = (value: string | undefined) => (value ? value : undefined);
  return {
    name: set(spec?.getName()),
    type: set(spec?.getType()),
    stack: set(spec?.getStack()),
    project: set(spec?.getProject()),
    parentUrn: spec?.hasParenturn() ? spec.getParenturn() : undefined,
    noParent: spec?.hasNoparent() ? spec.getNoparent() : undefined,
  };
}
