import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies, PACK_NAME } from "./pack";

// Constructing the pack starts its gRPC server: never import this file from tests or other modules.
new PolicyPack(PACK_NAME, {
  description: "Delivery platform guardrails (one catalog: policies/catalog); levels per profile come from policies/config/<profile>.json.",
  policies: guardrailPolicies(),
});
