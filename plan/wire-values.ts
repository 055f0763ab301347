import * as pulumi from "@pulumi/pulumi";

/** What a secret value is replaced with in every plan output. */
export const SECRET_PLACEHOLDER = "[secret]";
/** What a value unknown at plan time (computed by a provider) is shown as. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** A JSON value as it crosses the monitor boundary (secrets, resource refs and unknowns in signature form). */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

export type PlanValue = null | boolean | number | string | PlanValue[] | { [key: string]: PlanValue };

// Signatures of the other special values of Pulumi's wire protocol (sdk/nodejs/runtime/rpc.ts).
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

export interface Redacted {
  value: PlanValue;
  /** Paths of the redacted values (`a.b[0].c`, `a["x.y"]`), relative to the decoded root. */
  secretPaths: string[];
  /** Per secret path, the fingerprint `fingerprint` gave its value (plan/changes/secret-fingerprints.ts). */
  secretFingerprints?: Record<string, string>;
}

/**
 * Turns wire values into plain JSON for humans and tools: secrets become
 * `[secret]` (their paths collected), resource references become their URN.
 */
export function redactWire(value: WireValue, path = "", fingerprint?: (secret: WireValue) => string): Redacted {
  const secretPaths: string[] = [];
  const fingerprints: Record<string, string> = {};
  const walk = (v: WireValue, at: string): PlanValue => {
    if (v === pulumi.runtime.unknownValue) return UNKNOWN_PLACEHOLDER;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((item, index) => walk(item, `${at}[${index}]`));
    if (isSecretWire(v)) {
      secretPaths.push(at);
      if (fingerprint) fingerprints[at] = fingerprint(v.value as WireValue);
      return SECRET_PLACEHOLDER;
    }
    const sig = v[pulumi.runtime.specialSigKey];
    if (sig === pulumi.runtime.specialResourceSig) return typeof v.urn === "string" ? v.urn : UNKNOWN_PLACEHOLDER;
    if (sig === ASSET_SIG || sig === ARCHIVE_SIG) return sig === ASSET_SIG ? "[asset]" : "[archive]";
    const out: Record<string, PlanValue> = {};
    for (const key of Object.keys(v).sort()) {
      out[key] = walk(v[key] as WireValue, joinPath(at, key));
    }
    return out;
  };
  const redacted = walk(value, path);
  return fingerprint ? { value: redacted, secretPaths, secretFingerprints: fingerprints } : { value: redacted, secretPaths };
}

/** `a.b` for plain keys, `a["app.kubernetes.io/name"]` for keys that would be ambiguous. */
export function joinPath(base: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === "" ? key : `${base}.${key}`;
}

export function isSecretWire(value: WireValue): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}
