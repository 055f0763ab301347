// Evaluates Kyverno-style CEL validations (JSON on stdin: [{ variables, validations, object, namespaceObject }]) with
// @marcbachmann/cel-js. Its own Node process because the package is ESM-only and jest's CommonJS
// runtime cannot load it. Only plain CEL with optional types, plus a stand-in for Kyverno's
// `time.now()` (kyverno/sdk extensions/cel/libs/time: a timestamp taken at evaluation), set per case
// by `now` (ISO 8601; default: the real clock). A case with `conditions` evaluates match conditions
// instead ({ matched }: all hold), as Kyverno does for a policy's or an exception's matchConditions.
// Also cel-go's base64.decode, which Kyverno registers (see below).
import { readFileSync } from "node:fs";
import { Environment } from "@marcbachmann/cel-js";

class KyvernoTime {
  constructor(now) {
    this.now = now;
  }
}
const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
env.registerType("kyverno.Time", KyvernoTime);
env.registerVariable("time", "kyverno.Time");
env.registerFunction({
  name: "now",
  receiverType: "kyverno.Time",
  returnType: "google.protobuf.Timestamp",
  params: [],
  handler: (t) => t.now,
});

// cel-go's encoders library (base64.decode), which Kyverno's CEL environment registers (kyverno pkg/cel/compiler/env.go);
// cel-js has no namespaced functions, so `base64` is a constant whose member function decodes.
class Base64Library {}
env.registerType("Base64Library", Base64Library);
env.registerFunction("Base64Library.decode(string): bytes", (_library, text) => new Uint8Array(Buffer.from(text, "base64")));
env.registerConstant("base64", "Base64Library", new Base64Library());
const cases = JSON.parse(readFileSync(0, "utf8"));
// `request` is the admission request (request.userInfo.username...), for policies that match on the requester.
const results = cases.map(({ variables = [], validations = [], conditions, object, namespaceObject = null, request = null, now }) => {
  try {
    const vars = {};
    const context = {
      object,
      namespaceObject,
      request,
      variables: vars,
      time: new KyvernoTime(now === undefined ? new Date() : new Date(now)),
    };
    for (const variable of variables) vars[variable.name] = env.evaluate(variable.expression, context);
    if (conditions !== undefined) return { matched: conditions.every((c) => env.evaluate(c.expression, context) === true) };
    const failed = validations.filter((v) => env.evaluate(v.expression, context) !== true).map((v) => v.message);
    return { allowed: failed.length === 0, failed };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
