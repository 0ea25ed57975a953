/**
 * A small YAML writer for generated CloudFormation templates (plain data: objects, arrays, strings,
 * numbers, booleans). Strings that could be read as anything else are written JSON-quoted, which
 * YAML reads as the same string, so the output parses back to exactly the input.
 */

const PLAIN = /^[A-Za-z/][\w .:/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain = PLAIN.test(value) && !RESERVED.test(value) && !value.includes(': ') && !/[: ]$/.test(value);
  return plain ? value : JSON.stringify(value);
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item: unknown) => {
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, v]) => {
      const k = `${indent}${scalar(key)}:`;
      if (v !== null && typeof v === 'object' && Object.keys(v).length > 0)
        return [k, ...lines(v, `${indent}  `)];
      return [`${k} ${lines(v, '')[0] ?? ''}`];
    });
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return [`${indent}${scalar(value)}`];
  throw new TypeError(
    `Cannot write ${String(value)} as YAML: only objects, arrays, strings, numbers, booleans.`,
  );
}

/** The YAML document for `value`, ending with a newline. */
export function toYaml(value: unknown): string {
  return `${lines(value, '').join('\n')}\n`;
}
