import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { HarborSettings } from "./settings";
import { REGISTRY_USER, type HarborSecretRefs } from "./values";

export interface HarborCredentials {
  /** The initial admin password (secret). */
  adminPassword: pulumi.Output<string>;
  /** Secret names for the chart's `existingSecret*` values. */
  refs: HarborSecretRefs;
  /** The Secrets, so the release can wait for them (the chart `lookup`s some at render time). */
  secrets: k8s.core.v1.Secret[];
}

/**
 * Generates Harbor's credentials and stores every credential in a Kubernetes
 * Secret in Harbor's namespace, so none of them reaches the Helm values.
 */
export function harborCredentials(
  name: string,
  args: { namespace: pulumi.Input<string>; settings: HarborSettings },
  parent: pulumi.Resource,
): HarborCredentials {
  const secrets: k8s.core.v1.Secret[] = [];
  const secret = (suffix: string, secretName: string, stringData: Record<string, pulumi.Input<string>>): string => {
    secrets.push(
      new k8s.core.v1.Secret(
        `${name}-${suffix}`,
        {
          metadata: { name: secretName, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "harbor" } },
          type: "Opaque",
          stringData: Object.fromEntries(Object.entries(stringData).map(([key, value]) => [key, pulumi.secret(value)])),
        },
        { parent },
      ),
    );
    return secretName;
  };
  // Letters and digits only: satisfies Harbor's password policy and survives every shell and URL.
  const password = (suffix: string, length: number, opts: pulumi.CustomResourceOptions = {}) =>
    new random.RandomPassword(
      `${name}-${suffix}`,
      { length, special: false, minUpper: 1, minLower: 1, minNumeric: 1 },
      { parent, ...opts },
    );

  const adminPassword = pulumi.secret(args.settings.adminPassword ?? password("admin-password", 32).result);
  // Harbor encrypts stored credentials (registry endpoints, robot secrets) with this key: a new key loses them.
  const secretKey = password("secret-key", 16, { protect: true });
  const registryPassword = password("registry-password", 32);

  const { database, redis, storage } = args.settings;
  const refs: HarborSecretRefs = {
    adminPassword: secret("admin-password", "harbor-admin-password", { HARBOR_ADMIN_PASSWORD: adminPassword }),
    secretKey: secret("secret-key", "harbor-secret-key", { secretKey: secretKey.result }),
    registryCredentials: secret("registry-credentials", "harbor-registry-credentials", {
      REGISTRY_PASSWD: registryPassword.result,
      // A fixed bcrypt line: the chart's own htpasswd() would change on every render.
      REGISTRY_HTPASSWD: pulumi.interpolate`${REGISTRY_USER}:${registryPassword.bcryptHash}`,
    }),
    tls: "harbor-tls",
  };
  if (database.kind === "external")
    refs.database = secret("external-database", "harbor-external-database", { password: database.password });
  if (redis.kind === "external" && redis.password !== undefined)
    refs.redis = secret("external-redis", "harbor-external-redis", {
      REDIS_PASSWORD: redis.password,
      ...(redis.username === undefined ? {} : { REDIS_USERNAME: redis.username }),
    });
  if (storage.kind === "s3")
    refs.s3 = secret("s3-credentials", "harbor-s3-credentials", {
      REGISTRY_STORAGE_S3_ACCESSKEY: storage.accessKeyId,
      REGISTRY_STORAGE_S3_SECRETKEY: storage.secretAccessKey,
    });
  return { adminPassword, refs, secrets };
}
