import { newUrn, parseUrn, resolveAliases, type AliasedRegistration } from "../../plan/aliases";

const STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const urn = (qualifiedType: string, name: string) => `urn:pulumi:dev::proj::${qualifiedType}::${name}`;

describe("alias URNs, resolved as the engine does", () => {
  it("builds URNs like pulumi's NewURN: the parent's whole qualified type, nothing for the root stack", () => {
    expect(newUrn("dev", "proj", "pulumi:pulumi:Stack", "a:b:C", "x")).toBe(urn("a:b:C", "x"));
    expect(newUrn("dev", "proj", "a:b:C$d:e:F", "g:h:I", "x-y")).toBe(urn("a:b:C$d:e:F$g:h:I", "x-y"));
    expect(parseUrn(urn("a:b:C$d:e:F", "name::with::colons"))).toEqual({
      stack: "dev",
      project: "proj",
      qualifiedType: "a:b:C$d:e:F",
      name: "name::with::colons",
    });
  });

  it("defaults an alias spec to the resource's own type, parent, stack and project, and multiplies parents' aliases into children", () => {
    const app = urn("my:app:App", "storefront");
    const part = urn("my:app:App$my:app:Part", "storefront-part");
    const leaf = urn("my:app:App$my:app:Part$k8s:core:Namespace", "storefront-part-ns");
    const registrations: AliasedRegistration[] = [
      { urn: STACK, type: "pulumi:pulumi:Stack", name: "proj-dev", aliases: [] },
      { urn: app, type: "my:app:App", name: "storefront", parent: STACK, aliases: [{ name: "shop" }, { name: "webshop" }] },
      { urn: part, type: "my:app:Part", name: "storefront-part", parent: app, aliases: [] },
      // A child renamed on its own: its alias combines with each of its ancestors' aliases.
      { urn: leaf, type: "k8s:core:Namespace", name: "storefront-part-ns", parent: part, aliases: [{ name: "storefront-part-namespace" }] },
    ];
    const aliases = resolveAliases(registrations);
    expect(aliases.get(app)).toEqual([urn("my:app:App", "shop"), urn("my:app:App", "webshop")]);
    expect(aliases.get(part)).toEqual([urn("my:app:App$my:app:Part", "shop-part"), urn("my:app:App$my:app:Part", "webshop-part")]);
    expect(aliases.get(leaf)).toEqual(
      expect.arrayContaining([
        urn("my:app:App$my:app:Part$k8s:core:Namespace", "storefront-part-namespace"),
        urn("my:app:App$my:app:Part$k8s:core:Namespace", "shop-part-ns"),
        urn("my:app:App$my:app:Part$k8s:core:Namespace", "shop-part-namespace"),
        urn("my:app:App$my:app:Part$k8s:core:Namespace", "webshop-part-namespace"),
      ]),
    );
  });

  it("honours whole-URN aliases, noParent and an explicit parentUrn; a child whose name lacks the parent's prefix keeps its name", () => {
    const parent = urn("my:app:App", "b");
    const registrations: AliasedRegistration[] = [
      { urn: parent, type: "my:app:App", name: "b", aliases: [{ name: "a" }] },
      {
        urn: urn("my:app:App$x:y:Z", "other"),
        type: "x:y:Z",
        name: "other",
        parent,
        aliases: [{ urn: "urn:pulumi:old::proj::x:y:Z::legacy" }, { noParent: true }, { parentUrn: urn("q:r:S", "p") }],
      },
    ];
    expect(resolveAliases(registrations).get(urn("my:app:App$x:y:Z", "other"))).toEqual([
      urn("my:app:App$x:y:Z", "legacy"), // the whole-URN alias, under the parent's alias
      urn("q:r:S$x:y:Z", "other"),
      urn("x:y:Z", "other"),
      "urn:pulumi:old::proj::x:y:Z::legacy",
      // Inherited from the parent's alias 'a' the child keeps its name: 'other' does not start with 'b'.
      // That is its own URN, which is never listed as its alias.
    ]);
  });
});
