import { globMatches, literalFolder, PathTrie } from "../../policies/crossguard/vault-path-glob";

describe("Vault policy globs", () => {
  it.each([
    ["secret/data/apps/web/shop/prod/*", "secret/data/apps/web/shop/prod/config", true],
    ["secret/data/apps/web/shop/prod/*", "secret/data/apps/web/shop/prod", false],
    // A trailing * is a prefix match on the string: it spans segments and partial names.
    ["secret/data/apps/web/*", "secret/data/apps/web/shop/prod/config", true],
    ["secret/data/apps/we*", "secret/data/apps/web/shop", true],
    ["secret/data/apps/we*", "secret/data/apps/payments/shop", false],
    // + is exactly one non-empty segment.
    ["secret/data/apps/+/shop/prod/config", "secret/data/apps/web/shop/prod/config", true],
    ["secret/data/apps/+/shop/prod/config", "secret/data/apps/web/x/shop/prod/config", false],
    ["secret/data/apps/+/shop", "secret/data/apps//shop", false],
    ["transit/sign/shop", "transit/sign/shop", true],
    ["transit/sign/shop", "transit/sign/shop/sha2-256", false],
    ["transit/sign/shop/*", "transit/sign/shop/sha2-256", true],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });

  it("the literal folder of a glob stops at its first wildcard", () => {
    expect(literalFolder("secret/data/platform/*")).toBe("secret/data/platform");
    expect(literalFolder("secret/data/apps/+/shop/*")).toBe("secret/data/apps");
    expect(literalFolder("secret/data/pla*")).toBe("secret/data");
  });
});

describe("PathTrie: what a glob grants, without scanning every asset", () => {
  const trie = new PathTrie<string>();
  trie.insert("secret/data/apps/web/shop/prod", "shop-prod", true);
  trie.insert("secret/data/apps/web/shop/ci/gitops", "shop-gitops");
  trie.insert("secret/data/apps/payments/ledger/prod", "ledger-prod", true);
  trie.insert("secret/data/platform/ci", "platform-ci", true);
  trie.insert("transit/sign/shop", "shop-key");
  trie.insert("transit/sign/shop", "shop-key", true);

  it.each([
    ["secret/data/apps/web/shop/prod/*", ["shop-prod"]],
    // A glob naming one key inside a folder reaches the folder.
    ["secret/data/apps/web/shop/prod/config", ["shop-prod"]],
    // The folder is what is below it, not the folder path itself.
    ["secret/data/apps/web/shop/prod", []],
    ["secret/data/apps/+/+/prod/*", ["shop-prod", "ledger-prod"]],
    ["secret/data/apps/*", ["shop-prod", "shop-gitops", "ledger-prod"]],
    ["secret/*", ["shop-prod", "shop-gitops", "ledger-prod", "platform-ci"]],
    ["secret/data/platform/*", ["platform-ci"]],
    ["transit/sign/shop", ["shop-key"]],
    ["transit/sign/shop/*", ["shop-key"]],
    ["transit/sign/other", []],
  ])("%s grants %j", (glob, expected) => {
    expect(trie.match(glob).sort()).toEqual([...expected].sort());
  });

  it("agrees with globMatches on every exact asset (the trie is an index, not another semantics)", () => {
    const paths = ["secret/data/apps/web/shop/ci/gitops", "transit/sign/shop"];
    const globs = [
      "secret/*",
      "secret/data/apps/+/shop/ci/gitops",
      "secret/data/apps/web/shop/ci/*",
      "transit/sign/+",
      "transit/sign/shop/*",
      "transit/*",
    ];
    const exact = new PathTrie<string>();
    for (const p of paths) exact.insert(p, p);
    for (const glob of globs) expect(exact.match(glob).sort()).toEqual(paths.filter((p) => globMatches(glob, p)).sort());
  });
});
