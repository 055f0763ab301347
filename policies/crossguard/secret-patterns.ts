/**
 * What a secret looks like, as regular expressions in the common subset of JavaScript and RE2, so
 * CrossGuard and Kyverno's CEL (`matches()`, RE2) run the very same patterns. Written here rather
 * than taken from a detector library: the maintained ones on npm (secretlint's rules) are ESM-only
 * and asynchronous, which the policy pack's CommonJS analyzer cannot load, and their patterns would
 * still have to be restated for CEL. Keys and embedded files are matched lower-cased.
 */

/** Words that make a key name a secret's; `-`, `_` or `.` may separate their parts. */
const SECRET_WORDS = [
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "pass",
  "secret",
  "token",
  "api key",
  "private key",
  "access key",
  "credential",
  "creds",
  "kubeconfig",
  "docker auth config",
  "dockerconfigjson",
  "dockercfg",
  "signing key",
  "encryption key",
  "master key",
  "session key",
];
/** What may follow the word and keep it a secret (`SECRET_KEY_BASE`, `API_TOKEN_2`); anything else (`_FILE`, `Name`, `Ttl`) names something else. */
const SECRET_TAILS = [
  "key",
  "base",
  "id",
  "value",
  "data",
  "hash",
  "salt",
  "b64",
  "base64",
  "hex",
  "plain",
  "plaintext",
  "raw",
  "string",
  "json",
  "[0-9]+",
];

const SEPARATOR = "[-_.]?";
const WORD = `(${SECRET_WORDS.map((w) => w.split(" ").join(SEPARATOR)).join("|")})`;
const TAIL = `(${SEPARATOR}(${SECRET_TAILS.join("|")}))*`;

/** A key that names a secret (matched lower-case): the word, then only allowed tails. */
export const SECRET_KEY_PATTERN = `^.*${WORD}${TAIL}$`;
/**
 * Keys that name where a secret is kept (`existingSecret`), never the secret itself; plus chart keys
 * that take a Secret's name: VMAlertmanager `spec.configSecret` (victoria-metrics-k8s-stack) and
 * Grafana's `envFromSecret` (grafana chart values.yaml), and prefixed forms such as the valkey chart's
 * `auth.usersExistingSecret` (valkey-io/valkey-helm valkey/values.yaml @ valkey-0.11.0).
 */
export const REFERENCE_KEY_PATTERN = "^existing|existingsecret$|^(configsecret|envfromsecret)$";

/** Values that are secrets whatever their key (matched as written). */
export const SECRET_VALUE_PATTERNS: readonly string[] = [
  // PEM private keys of any kind (RSA, EC, DSA, OPENSSH, ENCRYPTED) and PGP private key blocks.
  "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----",
  "PuTTY-User-Key-File-[0-9]+:",
  // A URL with a password: postgres://user:password@host (a `$VAR` or `{{ }}` placeholder is not one).
  "[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^/\\s@${}][^/\\s@]*@",
  // A Docker config with registry logins (`.dockerconfigjson`, DOCKER_AUTH_CONFIG).
  '"auths"\\s*:\\s*\\{',
  "glpat-[0-9A-Za-z_-]{20,}", // GitLab personal/project access token
  "gh[pousr]_[A-Za-z0-9]{36,}", // GitHub tokens
  "AKIA[0-9A-Z]{16}", // AWS access key id
  "xox[abprs]-[0-9A-Za-z-]{10,}", // Slack tokens
  "eyJ[0-9A-Za-z_-]{10,}\\.eyJ[0-9A-Za-z_-]{10,}\\.[0-9A-Za-z_-]{10,}", // JWT
];

const ASSIGNED_VALUE = "[^\\s\"'$<{},;#]";
/**
 * A secret assigned inside a file kept as a value (matched per line, lower-cased): properties and
 * `.env` files (`db.password=...`, `export DB_PASS=...`), YAML (`password: ...`), JSON
 * (`"password": "..."`) and XML (`<password>...</password>`). Empty values and placeholders
 * (`${VAR}`, `{{ .Values.x }}`, `<redacted>`) are not secrets.
 */
export const EMBEDDED_SECRET_PATTERNS: readonly string[] = [
  `(^|[\\s{,;(])(export\\s+)?["']?[a-z0-9_.-]*${WORD}${TAIL}["']?\\s*(=|:|=>)\\s*["']?${ASSIGNED_VALUE}`,
  `<[a-z0-9_.-]*${WORD}${TAIL}>\\s*${ASSIGNED_VALUE}`,
];

const compiled = (patterns: readonly string[]) => patterns.map((p) => new RegExp(p));
const SECRET_KEY = new RegExp(SECRET_KEY_PATTERN);
const REFERENCE_KEY = new RegExp(REFERENCE_KEY_PATTERN);
const SECRET_VALUES = compiled(SECRET_VALUE_PATTERNS);
const EMBEDDED = compiled(EMBEDDED_SECRET_PATTERNS);

export function isSecretLookingKey(key: string): boolean {
  const k = key.toLowerCase();
  return SECRET_KEY.test(k) && !REFERENCE_KEY.test(k);
}

/** A value that is a secret by its format, or a file (properties, .env, YAML, JSON, XML) that assigns one. */
export function isSecretLookingValue(value: string): boolean {
  if (SECRET_VALUES.some((pattern) => pattern.test(value))) return true;
  return value
    .toLowerCase()
    .split("\n")
    .some((line) => EMBEDDED.some((pattern) => pattern.test(line)));
}
