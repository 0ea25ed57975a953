import type { AdvancedFieldSelector, Trail, TrailSelectors } from '../../lib/inventory/cloudtrail';

/** Which management events a trail's selectors capture. Events matching any selector are logged. */
export interface ManagementEventCoverage {
  /** Every read-only management event is captured by some selector without exclusions. */
  readonly reads: boolean;
  /** Every write management event is captured by some selector without exclusions. */
  readonly writes: boolean;
  /** Which management events some selector selects at all, exclusions and restrictions aside. */
  readonly selected: 'read and write' | 'read' | 'write' | 'none';
  /** Event sources a management selector leaves out (`ExcludeManagementEventSources`, `eventSource` NotEquals). */
  readonly excludedSources: readonly string[];
  /** Other restrictions of management selectors, e.g. `eventSource Equals s3.amazonaws.com`. */
  readonly restrictions: readonly string[];
}

interface SelectorReach {
  readonly reads: boolean;
  readonly writes: boolean;
  readonly excluded: readonly string[];
  readonly restrictions: readonly string[];
}

const NEGATIVE = ['notEquals', 'notStartsWith', 'notEndsWith'] as const;
const POSITIVE = ['equals', 'startsWith', 'endsWith'] as const;

/** Classic selectors (`ReadWriteType`, `IncludeManagementEvents`) and advanced ones (`eventCategory` Management). */
export function managementEventCoverage(selectors: TrailSelectors): ManagementEventCoverage {
  const reaches: SelectorReach[] = [];
  for (const s of selectors.classic) {
    if (!s.includeManagementEvents) continue;
    reaches.push({
      reads: s.readWriteType !== 'WriteOnly',
      writes: s.readWriteType !== 'ReadOnly',
      excluded: s.excludeManagementEventSources,
      restrictions: [],
    });
  }
  for (const s of selectors.advanced) {
    const reach = advancedReach(s.fieldSelectors);
    if (reach) reaches.push(reach);
  }
  const complete = reaches.filter((r) => r.excluded.length === 0 && r.restrictions.length === 0);
  return {
    reads: complete.some((r) => r.reads),
    writes: complete.some((r) => r.writes),
    selected: reaches.some((r) => r.reads)
      ? reaches.some((r) => r.writes)
        ? 'read and write'
        : 'read'
      : reaches.some((r) => r.writes)
        ? 'write'
        : 'none',
    excludedSources: [...new Set(reaches.flatMap((r) => r.excluded))].sort(),
    restrictions: [...new Set(reaches.flatMap((r) => r.restrictions))],
  };
}

/** The reach of one advanced selector, or undefined when it selects no management events. */
function advancedReach(fields: readonly AdvancedFieldSelector[]): SelectorReach | undefined {
  const category = fields.find((f) => f.field === 'eventCategory');
  if (!category?.equals?.includes('Management')) return undefined;
  const readOnly = new Set(['true', 'false']);
  const excluded: string[] = [];
  const restrictions: string[] = [];
  for (const f of fields) {
    if (f.field === 'eventCategory') continue;
    if (f.field === 'readOnly') {
      if (f.equals) for (const v of [...readOnly]) if (!f.equals.includes(v)) readOnly.delete(v);
      for (const v of f.notEquals ?? []) readOnly.delete(v);
      continue;
    }
    for (const op of NEGATIVE)
      for (const v of f[op] ?? []) excluded.push(f.field === 'eventSource' ? v : `${f.field}=${v}`);
    for (const op of POSITIVE) if (f[op]) restrictions.push(`${f.field} ${op} ${(f[op] ?? []).join(', ')}`);
  }
  return { reads: readOnly.has('true'), writes: readOnly.has('false'), excluded, restrictions };
}

/** A trail judged for the region check: does it record the region's read and write management events? */
export interface TrailAssessment {
  readonly trail: Trail;
  /** True when it is logging, delivering, and capturing all read and write management events. */
  readonly qualifies: boolean;
  /** Its status could not be read (an organization trail a member account may not query). */
  readonly unknown: boolean;
  /** Phrases that follow the trail's name: "is not logging", "records only write management events". */
  readonly problems: readonly string[];
}

/** Judges a trail from its state as read in its home region (`undefined`: the home region did not list it). */
export function assessTrail(trail: Trail, state: Trail['state']): TrailAssessment {
  if (!state)
    return {
      trail,
      qualifies: false,
      unknown: true,
      problems: [`was not listed in its home region ${trail.homeRegion}`],
    };
  if ('error' in state) {
    return { trail, qualifies: false, unknown: true, problems: [`could not be read (${state.error.code})`] };
  }
  const problems: string[] = [];
  if (!state.status.isLogging) {
    problems.push(
      `is not logging${state.status.stopLoggingTime ? ` (stopped ${state.status.stopLoggingTime})` : ''}`,
    );
  }
  if (state.status.latestDeliveryError) {
    problems.push(`cannot deliver log files to S3 (${state.status.latestDeliveryError})`);
  }
  const gap = managementEventGap(managementEventCoverage(state.selectors));
  if (gap) problems.push(gap);
  return { trail, qualifies: problems.length === 0, unknown: false, problems };
}

/** The phrase for what a trail misses of read and write management events, or undefined when it misses nothing. */
export function managementEventGap(c: ManagementEventCoverage): string | undefined {
  if (c.reads && c.writes) return undefined;
  if (c.selected === 'none') return 'records no management events';
  const limits = [
    ...(c.excludedSources.length > 0 ? [`excludes ${c.excludedSources.join(', ')}`] : []),
    ...(c.restrictions.length > 0 ? [`limited to ${c.restrictions.join('; ')}`] : []),
  ];
  if (c.selected !== 'read and write' && limits.length === 0)
    return `records only ${c.selected} management events`;
  const missing = !c.reads && !c.writes ? 'read and write' : c.reads ? 'write' : 'read';
  return `does not record all ${missing} management events (selects ${c.selected}${limits.length ? `; ${limits.join('; ')}` : ''})`;
}
