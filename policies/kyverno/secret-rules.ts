import { EMBEDDED_SECRET_PATTERNS, REFERENCE_KEY_PATTERN, SECRET_KEY_PATTERN, SECRET_VALUE_PATTERNS } from "../crossguard/secret-patterns";
import { celString } from "./cel-literals";
import type { CelRule } from "./cel-rules";

/** A secret-looking key with a value (`k` lower-cased, as CrossGuard matches it). */
const secretKey = (key: string, value: string) =>
  `(${key}.lowerAscii().matches(${celString(SECRET_KEY_PATTERN)}) && !${key}.lowerAscii().matches(${celString(REFERENCE_KEY_PATTERN)}) && ${value} != '')`;

/** A text that is a secret by its format or a file that assigns one, line by line (crossguard/secret-patterns.ts). */
const secretText = (text: string) =>
  [
    ...SECRET_VALUE_PATTERNS.map((pattern) => `${text}.matches(${celString(pattern)})`),
    `${text}.lowerAscii().split('\\n').exists(line, ${EMBEDDED_SECRET_PATTERNS.map((p) => `line.matches(${celString(p)})`).join(" || ")})`,
  ].join(" || ");

/**
 * ConfigMaps an app's config repository syncs into its namespaces hold no secrets: the same
 * patterns as CrossGuard's no-secrets-in-configmaps, over `data` and over `binaryData` decoded
 * (Kyverno's CEL has cel-go's encoders library, base64.decode: kyverno pkg/cel/compiler/env.go;
 * binary that is not UTF-8 fails `string()`, and the failure policy refuses it).
 */
export function secretCelRules(): Readonly<Record<string, CelRule>> {
  const binary = "string(base64.decode(object.binaryData[k]))";
  return {
    "no-secrets-in-configmaps": {
      resource: "app-namespaced",
      kinds: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"] }],
      variables: [{ name: "data", expression: "object.?data.orValue({})" }],
      validations: [
        {
          expression: `!variables.data.exists(k, ${secretKey("k", "variables.data[k]")} || ${secretText("variables.data[k]")})`,
          message:
            "ConfigMaps hold no secrets (a secret-looking key, a private key, a token, a credentialed URL or a file assigning a password): use a Secret synced from Vault.",
        },
        {
          expression: `!object.?binaryData.orValue({}).exists(k, ${secretKey("k", "object.binaryData[k]")} || ${secretText(binary)})`,
          message: "ConfigMap binaryData holds no secrets: use a Secret synced from Vault.",
        },
      ],
    },
  };
}
