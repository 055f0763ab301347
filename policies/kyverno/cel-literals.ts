/** A CEL string literal (single-quoted; backslashes and quotes escaped). */
export const celString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
/** A CEL list of string literals. */
export const celList = (values: readonly string[]) => `[${values.map(celString).join(", ")}]`;
