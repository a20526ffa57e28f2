/** Text written into TypeScript source: string literals and object keys. */

/** A TypeScript string literal in single quotes, as cdk init's code writes them. */
export const tsString = (value: string) =>
  `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

/** An object key: bare when it is an identifier, else a string literal. */
export const tsKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key));
