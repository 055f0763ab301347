import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import { serviceSettings, type SecretField } from "../service-settings";
import { IN_CLUSTER } from "./destinations";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const httpsUrl = (example: string) => z.url({ protocol: /^https$/, message: `must be an absolute https URL, for example ${example}` });

const clusterName = z
  .string()
  .max(63, "must be at most 63 characters")
  .regex(DNS_LABEL, "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)")
  .refine((name) => name !== IN_CLUSTER, { message: `'${IN_CLUSTER}' is the platform's own cluster and is always registered` });

/** A base64-encoded PEM bundle, as kubeconfig's `certificate-authority-data`. */
const caData = z
  .base64("must be base64-encoded PEM (kubeconfig's certificate-authority-data)")
  .refine((value) => Buffer.from(value, "base64").toString("utf8").includes("-----BEGIN CERTIFICATE-----"), {
    message: "must decode to a PEM certificate (-----BEGIN CERTIFICATE-----)",
  });

/** `services.argocd` in the stack config. */
export const argocdSettings = (secret: SecretField) =>
  serviceSettings("Argo CD: GitOps delivery.", {
    oidc: z
      .strictObject({
        name: z.string().min(1).default("SSO").meta({ description: "Login button label in the Argo CD UI." }),
        issuer: httpsUrl("https://idp.example.com/realms/main").meta({ description: "OIDC issuer URL." }),
        clientId: z.string().min(1, "must not be empty").meta({ description: "OIDC client ID registered for Argo CD." }),
        clientSecret: secret(
          "services.argocd.oidc.clientSecret",
          "OIDC client secret; stored in a Kubernetes Secret, never in Helm values.",
        ),
        requestedScopes: z
          .array(z.string().min(1))
          .min(1, "must request at least the 'openid' scope")
          .refine((scopes) => scopes.includes("openid"), { message: "must include 'openid'" })
          .default(["openid", "profile", "email", "groups"])
          .meta({ description: "Scopes requested at login." }),
        groupsClaim: z
          .string()
          .min(1)
          .default("groups")
          .meta({ description: "ID token claim holding the user's groups; RBAC matches `adminGroups` against it." }),
      })
      .optional()
      .meta({
        description: "Single sign-on through an OIDC provider (Dex is not used). With OIDC set, prod disables the local admin.",
      }),
    adminGroups: z
      .array(z.string().min(1, "must not be empty"))
      .refine((groups) => new Set(groups).size === groups.length, { message: "must not list a group twice" })
      .default(["platform-admins"])
      .meta({ description: "SSO groups granted `role:admin`." }),
    readOnlyDefault: z.boolean().default(false).meta({
      description:
        "Give every authenticated user `role:readonly` (`policy.default`), which reads every app and its logs in every project. Default false: teams see their apps through their AppProject roles. dev only; refused in staging and prod.",
    }),
    clusters: z
      .array(
        z
          .strictObject({
            name: clusterName.meta({ description: "Cluster name, usable as an Application destination `name`." }),
            server: httpsUrl("https://cluster.example.com:6443").meta({ description: "Kubernetes API server URL." }),
            bearerToken: secret(
              "services.argocd.clusters[<index>].bearerToken",
              "Service account token Argo CD deploys with; stored in the cluster Secret.",
            ),
            caData: caData.optional().meta({ description: "Base64-encoded PEM CA bundle of the API server." }),
            insecure: z.boolean().default(false).meta({ description: "Skip TLS verification of the API server (test clusters only)." }),
            connection: z
              .strictObject({
                context: z.string().min(1).optional().meta({ description: "kubeconfig context of this cluster (developer machines)." }),
                kubeconfig: secret(
                  "services.argocd.clusters[<index>].connection.kubeconfig",
                  "Full kubeconfig contents for this cluster; use in CI instead of a local context.",
                ).optional(),
              })
              .refine((c) => (c.context === undefined) !== (c.kubeconfig === undefined), {
                message: "set exactly one of 'context' or 'kubeconfig'",
              })
              .optional()
              .meta({
                description:
                  "How Pulumi reaches this cluster, as `cluster` does for the platform's own: required when an environment runs here. Pulumi then installs what apps there rely on (docs/multi-cluster.md) and creates the apps' namespaces there.",
              }),
          })
          .refine((cluster) => !(cluster.insecure && cluster.caData !== undefined), {
            message: "set either 'caData' or 'insecure: true', not both",
            path: ["insecure"],
          })
          .meta({ description: "An additional cluster Argo CD deploys to." }),
      )
      .refine((clusters) => new Set(clusters.map((c) => c.name)).size === clusters.length, {
        message: "cluster names must be unique",
      })
      .default([])
      .meta({ description: "Additional clusters registered declaratively (the platform's own cluster is `in-cluster`)." }),
    notifications: z
      .strictObject({
        webhook: z
          .strictObject({
            url: httpsUrl("https://hooks.example.com/argocd")
              .refine((url) => !/^https:\/\/[^/]*@/.test(url) && !url.includes("?"), {
                message: "must not carry credentials (user info or query string); put them in 'authorization'",
              })
              .meta({ description: "Endpoint that receives a JSON POST per notification." }),
            authorization: secret(
              "services.argocd.notifications.webhook.authorization",
              "Authorization header value (for example `Bearer <token>`); stored in argocd-notifications-secret.",
            ).optional(),
          })
          .optional()
          .meta({ description: "Generic webhook target for sync-failed and degraded notifications." }),
        slack: z
          .strictObject({
            token: secret("services.argocd.notifications.slack.token", "Slack bot OAuth token; stored in argocd-notifications-secret."),
            channel: z.string().min(1, "must not be empty").meta({ description: "Channel that receives notifications." }),
          })
          .optional()
          .meta({ description: "Slack target for sync-failed and degraded notifications." }),
      })
      .prefault({})
      .meta({ description: "Where Argo CD reports failed syncs and degraded apps (all apps are subscribed)." }),
  });

export type ArgoCdSettings = z.output<ReturnType<typeof argocdSettings>>;
export type ArgoCdCluster = ArgoCdSettings["clusters"][number];

/**
 * Rules that need the profile as well as `services.argocd`; paths are relative to it. Argo CD's
 * built-in `role:readonly` may get logs of every project's every app (argo-cd assets/builtin-policy.csv), so as the
 * default role it would show every SSO user every tenant's production logs, past the per-app
 * project roles. dev clusters run Vault in dev mode and hold no production data.
 */
export function argocdProfileProblems(profile: Profile, settings: Pick<ArgoCdSettings, "readOnlyDefault">) {
  return profile !== "dev" && settings.readOnlyDefault
    ? [
        {
          path: ["readOnlyDefault"],
          message: `must be false in ${profile}: role:readonly lets every signed-in user read every app's logs; teams get access through their AppProject roles, platform operators through adminGroups`,
        },
      ]
    : [];
}
