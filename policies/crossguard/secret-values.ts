import { isSecretMarker } from "./plan-markers";

// Keys whose value is a secret, compared without separators and case: "adminPassword", "API_TOKEN", "secret-key".
const SECRET_KEY = /(password|passwd|passphrase|secret|token|apikey|privatekey|accesskey|secretkey|clientsecret|credentials?)$/;
// Keys that name where a secret is (a Secret, a key in it, a file), not the secret itself; plus chart keys
// that take a Secret's name: VMAlertmanager `configSecret` (victoria-metrics-k8s-stack) and Grafana's `envFromSecret`.
const REFERENCE_KEY = /^existing|(name|ref|file|path)$|^(configsecret|envfromsecret)$/;
// Values that are secrets whatever their key: private keys and well-known token formats.
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bglpat-[\w-]{20,}/, // GitLab personal/project access token
  /\bgh[pousr]_[A-Za-z0-9]{36,}/, // GitHub tokens
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bxox[abprs]-[\w-]{10,}/, // Slack tokens
  /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/, // JWT
];

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

export function isSecretLookingKey(key: string): boolean {
  const k = normalise(key);
  return SECRET_KEY.test(k) && !REFERENCE_KEY.test(k);
}

export const isSecretLookingValue = (value: string): boolean => SECRET_VALUE.some((pattern) => pattern.test(value));

/** An object that points at a Secret (`{secretName, secretKey}`, `{existingSecret, ...}`): its keys are references. */
const isSecretReference = (object: Record<string, unknown>) =>
  Object.keys(object).some((key) => /^(secretname|existingsecret|secretref|secretkeyref|valuefrom)$/.test(normalise(key)));

/**
 * Paths of values that look like secrets: a non-empty string under a secret
 * key, or a string that is a secret by its format. A secret Output shows as
 * the plan's secret marker and still counts: it ends up in the release's
 * stored values all the same.
 */
export function findSecretLookingValues(value: unknown, path = ""): string[] {
  const found: string[] = [];
  const walk = (v: unknown, at: string, key: string | undefined, inReference: boolean) => {
    if (typeof v === "string") {
      const underSecretKey = key !== undefined && !inReference && isSecretLookingKey(key) && v !== "";
      if (underSecretKey || isSecretLookingValue(v) || (isSecretMarker(v) && key !== undefined && !inReference)) found.push(at);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, index) => walk(item, `${at}[${index}]`, key, inReference));
      return;
    }
    if (v !== null && typeof v === "object") {
      const object = v as Record<string, unknown>;
      const reference = isSecretReference(object);
      for (const [k, child] of Object.entries(object)) walk(child, at === "" ? k : `${at}.${k}`, k, reference);
    }
  };
  walk(value, path, undefined, false);
  return found;
}
