// Evaluates Kyverno-style CEL validations (JSON on stdin: [{ variables, validations, object, namespaceObject }]) with
// @marcbachmann/cel-js. Its own Node process because the package is ESM-only and jest's CommonJS
// runtime cannot load it. Plain CEL with optional types, plus the one extension the rules use (base64.decode below).
import { readFileSync } from "node:fs";
import { Environment } from "@marcbachmann/cel-js";

const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
// cel-go's encoders library (base64.decode), which Kyverno's CEL environment registers (kyverno pkg/cel/compiler/env.go);
// cel-js has no namespaced functions, so `base64` is a constant whose member function decodes.
class Base64Library {}
env.registerType("Base64Library", Base64Library);
env.registerFunction("Base64Library.decode(string): bytes", (_library, text) => new Uint8Array(Buffer.from(text, "base64")));
env.registerConstant("base64", "Base64Library", new Base64Library());
const cases = JSON.parse(readFileSync(0, "utf8"));
const results = cases.map(({ variables, validations, object, namespaceObject = null }) => {
  try {
    const vars = {};
    const context = { object, namespaceObject, variables: vars };
    for (const variable of variables) vars[variable.name] = env.evaluate(variable.expression, context);
    const failed = validations.filter((v) => env.evaluate(v.expression, context) !== true).map((v) => v.message);
    return { allowed: failed.length === 0, failed };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
