import type { Trail, TrailState } from '../../lib/inventory/cloudtrail';

/** A multi-region trail as section 4's audit step 1 sees it. */
export interface MonitoringTrail {
  readonly trail: Trail;
  /** Logging and recording every read and write management event (undefined: could not be read). */
  readonly active: boolean | undefined;
  /** Why it is not active, for the message. */
  readonly problem?: string;
  /** The CloudWatch Logs log group it delivers to (from `CloudWatchLogsLogGroupArn`). */
  readonly logGroup?: LogGroupRef;
}

/** A log group named by ARN. */
export interface LogGroupRef {
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** `arn:aws:logs:eu-west-1:111122223333:log-group:trail-logs:*` → `{ region, account, name }`. */
export function logGroupOf(arn: string | undefined): LogGroupRef | undefined {
  const m = /^arn:[^:]+:logs:([^:]+):([^:]*):log-group:(.+?)(:\*)?$/.exec(arn ?? '');
  return m ? { region: m[1] as string, account: m[2] as string, name: m[3] as string } : undefined;
}

/** Some selector records read and write management events from every source. */
function allManagementEvents(state: Extract<TrailState, { status: unknown }>): boolean {
  const { classic, advanced } = state.selectors;
  if (
    classic.some(
      (s) =>
        s.includeManagementEvents &&
        s.readWriteType === 'All' &&
        s.excludeManagementEventSources.length === 0,
    )
  )
    return true;
  return advanced.some((s) => {
    const category = s.fieldSelectors.find((f) => f.field === 'eventCategory');
    const others = s.fieldSelectors.filter((f) => f.field !== 'eventCategory');
    return category?.equals?.includes('Management') === true && others.length === 0;
  });
}

/**
 * Audit step 1 of CIS 4.1-4.15: a multi-region trail that is logging and records all management
 * events (read and write, no excluded source; an advanced selector with any other field selector, a
 * `readOnly` or an excluded `eventSource`, is taken as narrower).
 */
export function monitoringTrail(trail: Trail, state: TrailState | undefined): MonitoringTrail {
  const logGroup = logGroupOf(trail.cloudWatchLogsLogGroupArn);
  const base = { trail, ...(logGroup ? { logGroup } : {}) };
  if (!state)
    return { ...base, active: undefined, problem: `its home region ${trail.homeRegion} does not list it` };
  if ('error' in state)
    return { ...base, active: undefined, problem: `its status could not be read (${state.error.code})` };
  if (!state.status.isLogging) return { ...base, active: false, problem: 'is not logging' };
  if (!allManagementEvents(state))
    return { ...base, active: false, problem: 'does not record all read and write management events' };
  return { ...base, active: true };
}
