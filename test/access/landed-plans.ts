// The example stacks' plans as they were when issue 13 was filed (the leaks present), planned at
// the commit before the seams were closed and kept gzipped: the "before" of each finding's test.
// The "after" is the same plan with the fix applied (fixtures.ts) and today's plans themselves.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import type { PlanDocument } from "../../plan/plan-document";

const cache = new Map<string, PlanDocument>();

export function landedPlan(stack: "dev" | "prod" | "tenant-payments"): PlanDocument {
  let plan = cache.get(stack);
  if (plan === undefined) {
    plan = JSON.parse(gunzipSync(readFileSync(path.join(__dirname, "landed", `${stack}.plan.json.gz`))).toString("utf8")) as PlanDocument;
    cache.set(stack, plan);
  }
  return structuredClone(plan);
}
