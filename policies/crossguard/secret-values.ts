import { isSecretMarker } from "./plan-markers";
import { isSecretLookingKey, isSecretLookingValue } from "./secret-patterns";

export { isSecretLookingKey, isSecretLookingValue } from "./secret-patterns";

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/** An object that points at a Secret (`{secretName, secretKey}`, `{existingSecret, passwordKey}`, `valueFrom`). */
const isSecretReference = (object: Record<string, unknown>) =>
  Object.keys(object).some((key) => /^(secretname|existingsecret|secretref|secretkeyref|valuefrom)$/.test(normalise(key)));

/**
 * Inside a reference object only the keys that say where the secret is are references
 * (`secretName`, `passwordKey`, `secretKey`, `existingSecret`): a literal `password` or `apiKey`
 * beside them is still a secret, and so is everything in nested objects.
 */
const isReferenceField = (key: string) => {
  const k = normalise(key);
  return /^existing|(name|ref)$/.test(k) || (k.endsWith("key") && !/(api|access|private|signing|encryption|master|session)key$/.test(k));
};

/**
 * Paths of values that look like secrets: a non-empty string under a secret key, a string that is
 * a secret by its format or a file that assigns one, an env-style `{name: <secret key>, value}`
 * pair. A secret Output shows as the plan's secret marker and still counts: it ends up in the
 * release's stored values all the same.
 */
export function findSecretLookingValues(value: unknown, path = ""): string[] {
  const found: string[] = [];
  const walk = (v: unknown, at: string, key: string | undefined, referenceField: boolean) => {
    if (typeof v === "string") {
      const underSecretKey = key !== undefined && !referenceField && isSecretLookingKey(key);
      if ((underSecretKey && v !== "") || isSecretLookingValue(v) || (isSecretMarker(v) && key !== undefined && !referenceField))
        found.push(at);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, index) => walk(item, `${at}[${index}]`, key, referenceField));
      return;
    }
    if (v !== null && typeof v === "object") {
      const object = v as Record<string, unknown>;
      const reference = isSecretReference(object);
      const envName = typeof object.name === "string" && isSecretLookingKey(object.name) && !reference;
      for (const [k, child] of Object.entries(object)) {
        const childAt = at === "" ? k : `${at}.${k}`;
        // `{name: DB_PASSWORD, value: hunter2}` (container env in chart values): the name says what the value is.
        if (envName && k === "value" && typeof child === "string" && child !== "") found.push(childAt);
        else walk(child, childAt, k, reference && isReferenceField(k));
      }
    }
  };
  walk(value, path, undefined, false);
  return found;
}
