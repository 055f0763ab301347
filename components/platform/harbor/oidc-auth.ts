import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigAuth } from "../../providers/harbor";

/** Harbor's side of single sign-on: the realm it trusts and the client it signs in with. */
export interface HarborOidc {
  issuer: string;
  clientId: string;
  clientSecret: pulumi.Output<string>;
  /** Claim holding group names (`ProjectMemberGroup.groupName` matches it). */
  groupsClaim: string;
  /** Members become Harbor system admins. */
  adminGroup: string;
}

export const harborOidcSchema = z
  .object({
    issuer: z.url({ protocol: /^https$/ }),
    clientId: z.string().min(1),
    clientSecret: z.custom<pulumi.Output<string>>((v) => pulumi.Output.isInstance(v), "must be a Pulumi secret Output"),
    groupsClaim: z.string().min(1),
    adminGroup: z.string().min(1),
  })
  .optional();

/**
 * Switches Harbor to OIDC (goharbor.io/docs/2.8.0/administration/configure-authentication): users
 * are onboarded from the ID token, the `groups` claim makes group memberships, and the local
 * database keeps only `admin` (break-glass, docs/runbooks/break-glass.md). Harbor locks itself in
 * database mode once any other local user exists, so this runs before any user is created.
 */
export function harborOidcAuth(name: string, oidc: HarborOidc, opts: pulumi.CustomResourceOptions, verifyCert = true): ConfigAuth {
  return new ConfigAuth(
    name,
    {
      authMode: "oidc_auth",
      primaryAuthMode: true,
      oidcName: "SSO",
      oidcEndpoint: oidc.issuer,
      oidcClientId: oidc.clientId,
      oidcClientSecret: oidc.clientSecret,
      oidcScope: "openid,profile,email,offline_access",
      oidcVerifyCert: verifyCert,
      oidcAutoOnboard: true,
      oidcUserClaim: "preferred_username",
      oidcGroupsClaim: oidc.groupsClaim,
      oidcAdminGroup: oidc.adminGroup,
    },
    opts,
  );
}
