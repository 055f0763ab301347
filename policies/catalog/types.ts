import type { Profile } from "../../components/shared/profiles";

export type { Profile };
export const PROFILES: readonly Profile[] = ["dev", "staging", "prod"];

export type Framework = "CRA" | "NIS2" | "DORA" | "DataAct";
export interface Regulation {
  framework: Framework;
  /** As cited in the regulation, e.g. "Annex I Part I (2)(d)" or "Art. 21(2)(d)". */
  article: string;
}

export type Enforcement = "advisory" | "mandatory";
export type KyvernoMode = "Audit" | "Deny";
export type Severity = "low" | "medium" | "high" | "critical";
export type Area = "workloads" | "tenancy" | "supply-chain" | "secrets-identity" | "delivery" | "resilience";
/** Where a guardrail is checked: in `pulumi preview` (CrossGuard, and offline over a plan) and/or at admission (Kyverno). */
export type EnforcementPoint = "crossguard" | "kyverno";

export interface Guardrail {
  id: string;
  title: string;
  area: Area;
  rationale: string;
  /** What to change when the guardrail fires. */
  fix: string;
  severity: Severity;
  regulations: readonly Regulation[];
  enforcement: Readonly<Record<Profile, Enforcement>>;
  /** Present when Kyverno enforces the guardrail at admission; derived from `enforcement`. */
  kyverno?: { mode: Readonly<Record<Profile, KyvernoMode>> };
  implementations: readonly EnforcementPoint[];
}

/** New guardrails report everywhere and block only in prod, so teams see them before they bite. */
export const ADVISORY_UNTIL_PROD: Guardrail["enforcement"] = { dev: "advisory", staging: "advisory", prod: "mandatory" };
/** For guardrails whose violation is never acceptable, not even in dev. */
export const ALWAYS_MANDATORY: Guardrail["enforcement"] = { dev: "mandatory", staging: "mandatory", prod: "mandatory" };

export const kyvernoMode = (enforcement: Enforcement): KyvernoMode => (enforcement === "mandatory" ? "Deny" : "Audit");

type GuardrailDefinition = Omit<Guardrail, "kyverno" | "enforcement"> & { enforcement?: Guardrail["enforcement"] };

/** Builds a catalog entry; the Kyverno mode per profile always follows the enforcement, so the two points never disagree. */
export function guardrail(definition: GuardrailDefinition): Guardrail {
  const enforcement = definition.enforcement ?? ADVISORY_UNTIL_PROD;
  const entry: Guardrail = { ...definition, enforcement };
  if (definition.implementations.includes("kyverno")) {
    entry.kyverno = {
      mode: { dev: kyvernoMode(enforcement.dev), staging: kyvernoMode(enforcement.staging), prod: kyvernoMode(enforcement.prod) },
    };
  }
  return entry;
}
