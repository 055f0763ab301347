import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies, PACK_NAME } from "./pack";
import { packPolicies } from "./scoped-policies";

// Constructing the pack starts its gRPC server: never import this file from tests or other modules.
new PolicyPack(PACK_NAME, {
  description: "Delivery platform guardrails (one catalog: policies/catalog); levels per profile come from policies/config/<profile>.json.",
  // Per-stack scope (environment levels, waivers) when the config file carries it: scoped-policies.ts.
  policies: packPolicies(guardrailPolicies()),
});
