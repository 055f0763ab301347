import { z } from "zod";

const httpUrl = z.url({
  protocol: /^https?$/,
  message: "must be an absolute http(s) URL, for example https://acme-v02.api.letsencrypt.org/directory",
});

/** `tls` in the stack config: who signs the certificates of every ingress. */
export const tlsSettings = z
  .discriminatedUnion("issuer", [
    z.strictObject({
      issuer: z.literal("self-signed").meta({ description: "A platform CA, itself self-signed (local clusters)." }),
    }),
    z.strictObject({
      issuer: z.literal("acme").meta({ description: "An ACME CA such as Let's Encrypt, HTTP-01 through the ingress class." }),
      email: z.email("must be an e-mail address").meta({ description: "ACME account e-mail for expiry notices." }),
      server: httpUrl.default("https://acme-v02.api.letsencrypt.org/directory").meta({ description: "ACME directory URL." }),
    }),
  ])
  .prefault({ issuer: "self-signed" })
  .meta({ description: "Who signs the certificates of every ingress." });

export type TlsSettings = z.output<typeof tlsSettings>;
