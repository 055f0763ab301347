import { z } from "zod";
import { OPENVEX_CONTEXT, openVexDocumentSchema, type OpenVexDocument, VEX_JUSTIFICATIONS, VEX_STATUSES } from "./openvex";

/** The longest an accepted risk stays valid after its review: then it must be reviewed again. */
export const MAX_VEX_VALIDITY_DAYS = 180;

const DAY_MS = 86_400_000;
const isoDate = z.iso.date({ message: "must be a date such as 2026-12-01" });
const CVE = /^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3})$/;

/**
 * One accepted risk as a team writes it under `apps[].vex.statements`: an OpenVEX statement about the
 * app's image (openvex.ts) plus what makes it an accepted, reviewed and expiring risk: who reviewed it,
 * when, and until when it holds. Expired statements stop the plan (exit 2, naming the app).
 */
export const vexStatementSpec = z
  .strictObject({
    vulnerability: z
      .string()
      .regex(CVE, "must be a CVE or GHSA id such as CVE-2026-12345")
      .meta({ description: "The finding (CVE or GHSA id)." }),
    status: z.enum(VEX_STATUSES).meta({ description: "OpenVEX status; Trivy filters not_affected and fixed findings." }),
    justification: z.enum(VEX_JUSTIFICATIONS).optional().meta({ description: "Why the image is not affected (not_affected only)." }),
    impactStatement: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "OpenVEX impact_statement: why the image is not affected, in words." }),
    actionStatement: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "OpenVEX action_statement: what is done about it (required for affected)." }),
    subcomponents: z
      .array(z.string().regex(/^pkg:[a-z][a-z0-9.+-]*\/\S+$/, "must be a package URL such as pkg:npm/lodash@4.17.20"))
      .default([])
      .meta({ description: "Package URLs inside the image the statement is limited to; the whole image when empty." }),
    reviewedBy: z.string().min(1).meta({ description: "Who reviewed and accepted the risk (a person or the security team)." }),
    reviewedAt: isoDate.meta({ description: "When it was reviewed (UTC date)." }),
    expires: isoDate.meta({ description: `Last day it holds (UTC date), at most ${MAX_VEX_VALIDITY_DAYS} days after reviewedAt.` }),
  })
  .superRefine((statement, ctx) => {
    const reviewed = Date.parse(statement.reviewedAt);
    const expires = Date.parse(statement.expires);
    if (expires < reviewed) ctx.addIssue({ code: "custom", path: ["expires"], message: "must not be before reviewedAt" });
    else if (expires - reviewed > MAX_VEX_VALIDITY_DAYS * DAY_MS)
      ctx.addIssue({
        code: "custom",
        path: ["expires"],
        message: `must be at most ${MAX_VEX_VALIDITY_DAYS} days after reviewedAt (${statement.reviewedAt}): accepted risks are reviewed again`,
      });
    if (statement.status === "not_affected" && statement.justification === undefined && statement.impactStatement === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["justification"],
        message: "not_affected needs a justification or an impactStatement (OpenVEX)",
      });
    if (statement.status === "affected" && statement.actionStatement === undefined)
      ctx.addIssue({ code: "custom", path: ["actionStatement"], message: "affected needs an actionStatement (OpenVEX)" });
    if (statement.justification !== undefined && statement.status !== "not_affected")
      ctx.addIssue({ code: "custom", path: ["justification"], message: "only not_affected statements carry a justification (OpenVEX)" });
  });

export type VexStatementSpec = z.output<typeof vexStatementSpec>;

/** The UTC date of `now`, as the expiry check compares it. */
export const utcDate = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * `apps[].vex`: accepted risks of the app's image. The check against today's date runs here, at the
 * config boundary, so a plan with an expired statement stops with exit 2 before anything is created.
 * `now` is injectable for tests.
 */
export const appVexSpec = (now: () => Date = () => new Date()) =>
  z
    .strictObject({
      statements: z
        .array(vexStatementSpec)
        .default([])
        .superRefine((statements, ctx) => {
          const today = utcDate(now());
          statements.forEach((statement, index) => {
            if (statement.expires < today)
              ctx.addIssue({
                code: "custom",
                path: [index, "expires"],
                message: `the accepted risk ${statement.vulnerability} expired on ${statement.expires}: review it again (new reviewedAt and expires) or remove it`,
              });
            if (
              statements.findIndex(
                (other) => other.vulnerability === statement.vulnerability && other.subcomponents.join() === statement.subcomponents.join(),
              ) < index
            )
              ctx.addIssue({
                code: "custom",
                path: [index, "vulnerability"],
                message: `${statement.vulnerability} is stated twice for the same scope`,
              });
          });
        })
        .meta({ description: "OpenVEX statements about the app's image: accepted risks, each reviewed and expiring." }),
    })
    .prefault({})
    .meta({ description: "Accepted risks the pipeline's Trivy gate reads as OpenVEX (docs/vulnerability-response.md)." });

export interface AppVexInput {
  app: string;
  statements: readonly VexStatementSpec[];
  /** `<registry host>/<repository>` of the app's image. */
  imageRepository: string;
  /** Who issues the document (the platform on the team's behalf). */
  author: string;
}

/**
 * The image as OpenVEX product for Trivy: `pkg:oci/<name>?repository_url=<registry>/<repository>`, no tag, so it
 * holds for every digest (trivy v0.74.0 docs/guide/supply-chain/vex/oci.md writes the qualifier unencoded).
 */
export const imageProduct = (imageRepository: string): string =>
  `pkg:oci/${imageRepository.split("/").pop()}?repository_url=${imageRepository}`;

/**
 * The app's OpenVEX document, or undefined without statements. Pure: the timestamp is the latest review, the
 * `@id` names the app; the result is checked against the project's OpenVEX schema before it is returned.
 */
export function openVexDocument(input: AppVexInput): OpenVexDocument | undefined {
  if (input.statements.length === 0) return undefined;
  const product = imageProduct(input.imageRepository);
  const latest = input.statements
    .map((s) => s.reviewedAt)
    .sort()
    .at(-1)!;
  return openVexDocumentSchema.parse({
    "@context": OPENVEX_CONTEXT,
    "@id": `urn:delivery-platform:vex:${input.app}`,
    author: input.author,
    timestamp: `${latest}T00:00:00Z`,
    // The platform rewrites the whole document from the spec; consumers compare statements, not versions.
    version: 1,
    statements: input.statements.map((s) => ({
      vulnerability: { name: s.vulnerability },
      products: [
        { "@id": product, ...(s.subcomponents.length > 0 ? { subcomponents: s.subcomponents.map((id) => ({ "@id": id })) } : {}) },
      ],
      status: s.status,
      ...(s.justification ? { justification: s.justification } : {}),
      ...(s.impactStatement ? { impact_statement: s.impactStatement } : {}),
      ...(s.actionStatement ? { action_statement: s.actionStatement } : {}),
      status_notes: `accepted by ${s.reviewedBy} on ${s.reviewedAt}, expires ${s.expires}`,
      timestamp: `${s.reviewedAt}T00:00:00Z`,
    })),
  });
}
