// ConfigMaps an app team might sync into its namespace, shared by the CrossGuard and Kyverno (CEL)
// sides of the parity test of no-secrets-in-configmaps: secrets under their common names, inside
// files kept as values (properties, .env, YAML, JSON, XML), as credentialed URLs and private keys,
// and base64 in binaryData.
import type { Fixture } from "./fixtures";

const configMap = (data: Record<string, string>, binaryData?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "shop-settings", namespace: "shop-prod" },
  data,
  ...(binaryData ? { binaryData } : {}),
});
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const PEM_RSA = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
const OPENSSH = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n";
const PGP = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0=\n-----END PGP PRIVATE KEY BLOCK-----\n";

const denied = (title: string, data: Record<string, string>, binaryData?: Record<string, string>): Fixture => ({
  title,
  object: configMap(data, binaryData),
  allowed: false,
});

export const SECRET_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "no-secrets-in-configmaps": [
    {
      title: "plain settings, a file naming where the password is, placeholders and empty values",
      object: configMap(
        {
          LOG_LEVEL: "info",
          TOKEN_TTL: "3600",
          DB_SECRET_NAME: "shop-db",
          "application.properties":
            "server.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/shop\nspring.datasource.password-file=/run/secrets/db\n",
          ".env": "DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=\nexport PASSWORD_MIN_LENGTH=12\n",
          "config.yaml": 'db:\n  host: db\n  password: ""\n  passwordFile: /run/secrets/db\n',
        },
        { "banner.txt": base64("Welcome to the shop\n") },
      ),
      allowed: true,
    },
    denied("DB_PASS", { DB_PASS: "hunter22" }),
    denied("MYSQL_PWD", { MYSQL_PWD: "hunter22" }),
    denied("SECRET_KEY_BASE", { SECRET_KEY_BASE: "0a1b2c3d" }),
    denied("a *_TOKEN", { GITHUB_TOKEN: "abc123" }),
    denied("a *_API_KEY", { STRIPE_API_KEY: "sk_live_abc" }),
    denied("AWS_SECRET_ACCESS_KEY", { AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG" }),
    denied("application.properties with a password", {
      "application.properties": "server.port=8080\nspring.datasource.password=hunter22\n",
    }),
    denied(".env with an exported password", { ".env": "LOG_LEVEL=info\nexport DB_PASSWORD=hunter22\n" }),
    denied("a YAML blob", { "config.yaml": "db:\n  host: db\n  password: hunter22\n" }),
    denied("a JSON blob", { "config.json": '{"db":{"host":"db","password":"hunter22"}}' }),
    denied("an XML blob", { "context.xml": "<db><user>shop</user><password>hunter22</password></db>" }),
    denied("a credentialed URL under an innocent key", { DATABASE_URL: "postgres://shop:hunter22@db:5432/shop" }),
    denied("a PEM private key under an innocent key", { "tls.pem": PEM_RSA }),
    denied("an OpenSSH private key", { id_ed25519: OPENSSH }),
    denied("a PGP private key block", { "signing.asc": PGP }),
    denied("binaryData that decodes to a password file", {}, { "app.properties": base64("db.password=hunter22\n") }),
    denied("binaryData that decodes to a private key", {}, { id_rsa: base64(OPENSSH) }),
    denied("binaryData under a secret-looking key", {}, { "client-secret": base64("s3cr3t") }),
  ],
};
