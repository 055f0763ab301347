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
// Resources that leave one stack for another (aliases cannot cross stacks): each recorded URN of
// `from` that is gone must be planned in `to` with the same type chain and name.
const movesSchema = z.array(
  z.strictObject({
    from: z.string().min(1),
    to: z.string().min(1),
    reason: z.string().min(40, "say why the resources move and how (the runbook)"),
  }),
);
const stackMoves = movesSchema.parse(JSON.parse(readFileSync(path.join(RECORDED, "stack-moves.json"), "utf8")));
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

/** The URN a resource of stack `from` has in stack `to` after `pulumi state move`: only the stack differs. */
const movedUrn = (urn: string, from: string, to: string) => urn.replace(`urn:pulumi:${from}::`, `urn:pulumi:${to}::`);

/** Lost URNs of `stack` that a recorded move does not carry into its destination's plan. */
function unmoved(stack: string, lost: readonly string[]): string[] {
  const moves = stackMoves.filter((m) => m.from === stack);
  return lost.filter(
    (urn) => !moves.some((m) => plans[m.to]!.resources.some((r) => [r.urn, ...r.aliases].includes(movedUrn(urn, stack, m.to)))),
  );
}

describe("URN stability of the example stacks", () => {
  it("records every example stack", () => {
    const stacks = readdirSync(STACKS).flatMap((f) => (/^Pulumi\.(.+)\.yaml$/.exec(f) ?? []).slice(1));
    expect(recordedStacks.sort()).toEqual(stacks.sort());
  });

  it.each(recordedStacks)("%s: every recorded URN is still planned, aliased, moved to another stack or an intended deletion", (stack) => {
    const recorded = JSON.parse(readFileSync(path.join(RECORDED, `${stack}.urns.json`), "utf8")) as string[];
    expect(unmoved(stack, lostUrns(recorded, plans[stack]!, intendedDeletions))).toEqual([]);
  });

  it("lists only moves that are real: resources left the source and each lands in the destination under its URN", () => {
    for (const move of stackMoves) {
      expect(recordedStacks).toEqual(expect.arrayContaining([move.from, move.to]));
      const recorded = JSON.parse(readFileSync(path.join(RECORDED, `${move.from}.urns.json`), "utf8")) as string[];
      const lost = lostUrns(recorded, plans[move.from]!, intendedDeletions);
      expect(lost.length).toBeGreaterThan(0);
      expect(unmoved(move.from, lost)).toEqual([]);
    }
    // The platform stack's own apps keep their URNs: the split adds tenant foundations, it moves none of its resources.
    const prod = JSON.parse(readFileSync(path.join(RECORDED, "prod.urns.json"), "utf8")) as string[];
    expect(lostUrns(prod, plans.prod!, [])).toEqual([]);
  });

  it("a move is a check that can fail: a moved resource renamed in the destination is reported", () => {
    const move = stackMoves[0]!;
    const recorded = JSON.parse(readFileSync(path.join(RECORDED, `${move.from}.urns.json`), "utf8")) as string[];
    const lost = lostUrns(recorded, plans[move.from]!, intendedDeletions);
    const target = movedUrn(lost[0]!, move.from, move.to);
    const destination = plans[move.to]!;
    plans[move.to] = {
      ...destination,
      resources: destination.resources.map((r) => (r.urn === target ? { ...r, urn: `${r.urn}-renamed`, aliases: [] } : r)),
    };
    try {
      expect(unmoved(move.from, lost)).toEqual([lost[0]]);
    } finally {
      plans[move.to] = destination;
    }
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
