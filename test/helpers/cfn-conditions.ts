/**
 * Which resources CloudFormation would create for given parameter values: evaluates the template's
 * Conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or over Ref to parameters, literals and other
 * Conditions) and keeps the resources whose Condition holds. Throws on anything else, so a
 * condition this helper cannot read fails the test instead of passing it.
 */

type Value = unknown;

interface ConditionalTemplate {
  readonly Parameters?: Readonly<Record<string, { readonly Default?: unknown }>>;
  readonly Conditions?: Readonly<Record<string, Value>>;
  readonly Resources: Readonly<Record<string, { readonly Condition?: string }>>;
}

/** Parameter values: the given ones, else each parameter's Default. */
function parameterValue(
  template: ConditionalTemplate,
  values: Readonly<Record<string, string>>,
  name: string,
) {
  if (name in values) return values[name];
  const parameter = template.Parameters?.[name];
  if (!parameter) throw new Error(`Ref ${name}: not a parameter of the template`);
  const fallback = parameter.Default ?? '';
  if (typeof fallback !== 'string') throw new Error(`Parameter ${name}: default is not a string`);
  return fallback;
}

function evaluate(
  template: ConditionalTemplate,
  values: Readonly<Record<string, string>>,
  node: Value,
): Value {
  if (typeof node === 'string' || typeof node === 'boolean' || typeof node === 'number') return node;
  if (!node || typeof node !== 'object' || Array.isArray(node))
    throw new Error(`cannot evaluate ${JSON.stringify(node)}`);
  const [[fn, args]] = Object.entries(node) as [[string, Value]];
  const list = () => (args as Value[]).map((a) => evaluate(template, values, a));
  switch (fn) {
    case 'Ref':
      return parameterValue(template, values, args as string);
    case 'Condition':
      return holds(template, values, args as string);
    case 'Fn::Equals': {
      const [a, b] = list();
      return String(a) === String(b);
    }
    case 'Fn::Not':
      return !list()[0];
    case 'Fn::And':
      return list().every(Boolean);
    case 'Fn::Or':
      return list().some(Boolean);
    default:
      throw new Error(`cannot evaluate ${fn}`);
  }
}

/** Whether the named condition holds. */
export function holds(
  template: ConditionalTemplate,
  values: Readonly<Record<string, string>>,
  condition: string,
): boolean {
  const definition = template.Conditions?.[condition];
  if (definition === undefined) throw new Error(`Condition ${condition} is not defined`);
  return evaluate(template, values, definition) === true;
}

/** The logical ids of the resources CloudFormation would create with these parameter values. */
export function createdResources(
  template: ConditionalTemplate,
  values: Readonly<Record<string, string>> = {},
): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Condition === undefined || holds(template, values, r.Condition))
    .map(([id]) => id);
}
