import { PHYSICAL_NAME_KINDS } from "../../../components/onboarding/physical-name-kinds";
import { BaselineError } from "../../../plan/changes/baseline";
import { baselineOf } from "../../../plan/changes/read-baseline";
import { replaceRuleFor } from "../../../plan/changes/replace-on-change";

describe("the --compare baseline", () => {
  it("rejects a file that is neither a plan nor a checkpoint, saying what it takes", () => {
    expect(() => baselineOf({ hello: "world" })).toThrow(BaselineError);
    expect(() => baselineOf({ hello: "world" })).toThrow(/neither a plan .* nor a checkpoint \(pulumi stack export/);
    expect(() => baselineOf({ version: 2, deployment: { manifest: {} } })).toThrow(/not deployment version 3/);
    expect(() => baselineOf({ stack: "dev", resources: [{}] })).toThrow(/does not follow the plan contract/);
  });
});

describe("the replace-on-change table", () => {
  // The naming reference (docs/naming.md) states per physical name whether a change replaces; the table must agree
  // for the resource that holds the name (the first carrier; later ones may reference it by id, e.g. a file's project).
  it.each(Object.entries(PHYSICAL_NAME_KINDS).filter(([kind]) => kind !== "pulumi name"))(
    "agrees with the naming module on %s",
    (_kind, spec) => {
      // The resource that holds the name; later carriers may reference it by id (a file's project).
      const { type, property } = spec.carriedBy[0]!;
      expect([type, property, replaceRuleFor(type, property.split(".")) !== undefined]).toEqual([type, property, spec.replaceOnChange]);
    },
  );
});
