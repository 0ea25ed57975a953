import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

const SCHEMAS = join(__dirname, '..', '..', 'schemas');

/** Validates JUnit XML against the committed Ant JUnit XSD (test/schemas/junit.xsd) with libxml2 (wasm). */
export async function junitErrors(xml: string): Promise<string[]> {
  const schema = readFileSync(join(SCHEMAS, 'junit.xsd'), 'utf8');
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [schema] });
  return result.errors.map((e) => e.rawMessage);
}

/** Validates a SARIF log against the published SARIF 2.1.0 JSON Schema (draft-04) with ajv. */
export function sarifErrors(log: unknown): string[] {
  // unicodeRegExp off: the published schema's language pattern is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(SCHEMAS, 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object,
  );
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
