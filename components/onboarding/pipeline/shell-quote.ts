/**
 * One POSIX shell word holding `value` literally: single quotes, with each `'` closed, escaped
 * and reopened. Inside single quotes the shell expands nothing (`$`, backticks, `;`, newlines),
 * so every value the generator writes into a script line goes through here.
 */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'"'"'`)}'`;
