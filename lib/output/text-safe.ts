/**
 * Characters that change the layout or reading order of text rather than being read as text: C0
 * controls (newline, carriage return, tab, escape ...), DEL, C1 controls, the Unicode line and
 * paragraph separators, and the bidirectional embeddings, overrides, isolates and marks. A tag value
 * is chosen by whoever can tag a resource; printed as it is, `"\n\nFAIL  critical ..."` adds a forged
 * row to the table or the email, and U+202E shows text reversed.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The text with every layout-changing character written as a visible escape (`\n`, `\r`, `\t`, else
 * `\u001b`, `\u202e`, ...), so one value stays on one line and reads left to right. Every other
 * character, other scripts and emoji included, is kept. For text outputs only (the CLI table, the
 * email body and subject): JSON outputs keep values exact, JSON's own escaping makes them safe.
 *
 * @example
 * textSafe('web\n\nFAIL critical') // 'web\\n\\nFAIL critical'
 */
export function textSafe(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
