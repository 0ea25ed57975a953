import { defineRead } from '../../lib/inventory/types';
import type { RuleMetadataInput } from '../../lib/rule';

/**
 * The made-up regional rule the engine and pipeline tests share: widgets listed per region
 * (`test.widgets`), each failing or passing; tests add their own evaluate and actions.
 */
export const widgets = defineRead<string[]>({
  name: 'test.widgets',
  scope: 'regional',
  actions: ['test:ListWidgets'],
  fetch: () => Promise.resolve([]),
});

/** Metadata of `widgets-fixed`; pass `controls` to give it benchmark ids. */
export function widgetMeta(over: Partial<RuleMetadataInput> = {}): RuleMetadataInput {
  return {
    id: 'widgets-fixed',
    title: 'Widgets are fixed',
    description: 'd',
    risk: 'r',
    severity: 'high',
    resourceType: 'Widget',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(1 day)' },
    remediation: { text: 't', url: 'https://example.invalid' },
    ...over,
  };
}
