// Keys outside the project's namespace are dropped by the program: refused when they look meant for it.
import { foreignKeyProblems } from "../../stacks/config/project-config";

const PROJECT_KEYS = ["environment", "domain", "cluster", "apps", "services", "gitlab"];

describe("config keys outside the project's namespace", () => {
  it("reads the engine's and the providers' namespaces as they are, even with a project key's name", () => {
    expect(
      foreignKeyProblems(
        {
          "pulumi:disable-default-providers": '["*"]',
          "kubernetes:cluster": "kind",
          "gitlab:token": "x",
          "vault:address": "https://vault",
          "aws:region": "eu-central-1",
          "delivery-platform:apps": "[]",
        },
        PROJECT_KEYS,
      ),
    ).toEqual([]);
  });

  it("refuses a bare key, a misspelt namespace and a project key under a foreign namespace, each with the key meant", () => {
    expect(foreignKeyProblems({ apps: "[]", "delivery-platfrom:domian": "x", "platform:services": "{}" }, PROJECT_KEYS)).toEqual([
      "apps: has no namespace, so the program never reads it; did you mean 'delivery-platform:apps'?",
      "delivery-platfrom:domian: is in namespace 'delivery-platfrom', not the project's ('delivery-platform'), so the program never reads it; did you mean 'delivery-platform:domain'?",
      "platform:services: is in namespace 'platform', not the project's ('delivery-platform'), so the program never reads it; did you mean 'delivery-platform:services'?",
    ]);
  });
});
