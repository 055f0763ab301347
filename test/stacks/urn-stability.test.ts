// Deployed users have state: every URN the example stacks had must still be a URN of the plan or
// an alias of one, unless it is in the reviewed list of intended deletions. A change that renames
// or removes a resource updates recorded/<stack>.urns.json and intended-deletions.json in the same
// commit, with the reason.
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

const STACKS = path.join(__dirname, "../../stacks");
const RECORDED = path.join(__dirname, "recorded");

const deletionsSchema = z.array(
  z.strictObject({
    urn: z.string().startsWith("urn:pulumi:"),
    reason: z.string().min(20, "say why the resource may go and what happens to what it held"),
  }),
);
const intendedDeletions = deletionsSchema.parse(JSON.parse(readFileSync(path.join(RECORDED, "intended-deletions.json"), "utf8")));
const recordedStacks = readdirSync(RECORDED)
  .filter((file) => file.endsWith(".urns.json"))
  .map((file) => file.replace(/\.urns\.json$/, ""));

const plans: Record<string, PlanDocument> = {};
beforeAll(async () => {
  for (const stack of recordedStacks) plans[stack] = await examplePlan(stack);
});

/** Recorded URNs that are neither planned nor an alias of a planned resource, nor an intended deletion. */
function lostUrns(recorded: readonly string[], plan: PlanDocument, deletions: readonly { urn: string }[]): string[] {
  const carried = new Set(plan.resources.flatMap((r) => [r.urn, ...r.aliases]));
  const deleted = new Set(deletions.map((d) => d.urn));
  return recorded.filter((urn) => !carried.has(urn) && !deleted.has(urn));
}

describe("URN stability of the example stacks", () => {
  it("records every example stack", () => {
    const stacks = readdirSync(STACKS).flatMap((f) => (/^Pulumi\.(.+)\.yaml$/.exec(f) ?? []).slice(1));
    expect(recordedStacks.sort()).toEqual(stacks.sort());
  });

  it.each(recordedStacks)("%s: every recorded URN is still planned, aliased or an intended deletion", (stack) => {
    const recorded = JSON.parse(readFileSync(path.join(RECORDED, `${stack}.urns.json`), "utf8")) as string[];
    expect(lostUrns(recorded, plans[stack]!, intendedDeletions)).toEqual([]);
  });

  it("lists only deletions that are real: each names a recorded URN that is gone from the plan", () => {
    for (const { urn } of intendedDeletions) {
      const stack = recordedStacks.find((s) => urn.startsWith(`urn:pulumi:${s}::`));
      if (stack === undefined) throw new Error(`intended deletion ${urn} names no recorded stack (${recordedStacks.join(", ")})`);
      expect(JSON.parse(readFileSync(path.join(RECORDED, `${stack}.urns.json`), "utf8"))).toContain(urn);
      expect(plans[stack]!.resources.flatMap((r) => [r.urn, ...r.aliases])).not.toContain(urn);
    }
  });

  it("is a check that can fail: a renamed resource without an alias is reported, an alias carries it", () => {
    const plan = plans.dev!;
    const [first, ...rest] = plan.resources;
    const renamed = { ...first!, urn: `${first!.urn}-renamed` };
    expect(lostUrns([first!.urn], { ...plan, resources: [renamed, ...rest] }, [])).toEqual([first!.urn]);
    expect(lostUrns([first!.urn], { ...plan, resources: [{ ...renamed, aliases: [first!.urn] }, ...rest] }, [])).toEqual([]);
    expect(lostUrns([first!.urn], { ...plan, resources: [renamed, ...rest] }, [{ urn: first!.urn }])).toEqual([]);
  });
});
