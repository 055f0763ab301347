import { z } from "zod";

/**
 * The OpenVEX fields the platform writes and Trivy reads, as the project's own schema: no npm package
 * validates OpenVEX. Each field cites the specification: OPENVEX-SPEC.md and openvex_json_schema.json of
 * github.com/openvex/spec @ d29fab0c81cfea04159436d54c3edc32947039ac (v0.2.0), "Document" and "Statement" sections. Trivy's use of them:
 * aquasecurity/trivy v0.74.0 docs/guide/supply-chain/vex/file.md (OpenVEX on image scans: products are
 * PURLs, `pkg:oci/<name>?repository_url=<registry>/<repository>`; `not_affected` and `fixed` filter findings).
 */

/** OPENVEX-SPEC.md "Document": `@context` is the namespace of the spec version. */
export const OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0";

/** OPENVEX-SPEC.md "Status Labels": the four statuses. */
export const VEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"] as const;

/** OPENVEX-SPEC.md "Status Justifications": the machine-readable reasons for `not_affected`. */
export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;

/** RFC 3339 date-time, as the spec's `timestamp` fields require (json schema `"format": "date-time"`). */
const timestamp = z.iso.datetime({ offset: true });
/** Package URL (github.com/package-url/purl-spec), the identifier Trivy matches products and subcomponents by. */
const purl = z.string().regex(/^pkg:[a-z][a-z0-9.+-]*\/\S+$/, "must be a package URL such as pkg:oci/app?repository_url=registry/app");

/** json schema `component`: `@id` is "an IRI identifying the component"; the spec recommends a PURL. */
const component = z.strictObject({ "@id": purl });

/** json schema `statement`. */
export const openVexStatementSchema = z
  .strictObject({
    /** "vulnerability": required; `name` is the vulnerability's identifier (a CVE here). */
    vulnerability: z.strictObject({ name: z.string().min(1) }),
    /** "products": the software the statement is about, with `subcomponents` narrowing it to packages inside. */
    products: z.array(component.extend({ subcomponents: z.array(component).optional() })).min(1),
    /** "status": required, one of the status labels. */
    status: z.enum(VEX_STATUSES),
    /** "justification": for `not_affected` only. */
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    /** "impact_statement": free-form explanation of why the product is not affected. */
    impact_statement: z.string().min(1).optional(),
    /** "action_statement": what the reader should do, for `affected`. */
    action_statement: z.string().min(1).optional(),
    /** "status_notes": more on the status (the platform records who accepted it and until when). */
    status_notes: z.string().min(1).optional(),
    /** "timestamp": when the statement was made, if later than the document's. */
    timestamp: timestamp.optional(),
  })
  .superRefine((statement, ctx) => {
    // OPENVEX-SPEC.md "Statement": "For statements conveying a not_affected status, a VEX statement MUST include
    // either a status justification or an impact_statement"; "For a statement with affected status, a VEX
    // statement MUST include an action statement".
    if (statement.status === "not_affected" && statement.justification === undefined && statement.impact_statement === undefined)
      ctx.addIssue({ code: "custom", path: ["justification"], message: "not_affected needs a justification or an impact_statement" });
    if (statement.status === "affected" && statement.action_statement === undefined)
      ctx.addIssue({ code: "custom", path: ["action_statement"], message: "affected needs an action_statement" });
    if (statement.justification !== undefined && statement.status !== "not_affected")
      ctx.addIssue({ code: "custom", path: ["justification"], message: "only not_affected statements carry a justification" });
  });

/** json schema top level: `@context`, `@id`, `author`, `timestamp`, `version` and `statements` are required. */
export const openVexDocumentSchema = z.strictObject({
  "@context": z.literal(OPENVEX_CONTEXT),
  /** "@id": the IRI identifying the document. */
  "@id": z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/, "must be an IRI"),
  /** "author": who issued the document. */
  author: z.string().min(1),
  /** "timestamp": when it was issued. */
  timestamp,
  /** "version": integer, incremented whenever the document changes. */
  version: z.int().min(1),
  statements: z.array(openVexStatementSchema).min(1),
});

export type OpenVexDocument = z.output<typeof openVexDocumentSchema>;
export type OpenVexStatement = z.output<typeof openVexStatementSchema>;
