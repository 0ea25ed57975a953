import type { Finding } from './findings';
import { GLOBAL_REGION } from './findings';
import { expiredNote } from './suppressions';
import type { FindingState, StateValues, StateWrite } from './state/types';

/** Finding statuses that are alerted on and tracked until they resolve. */
export const OPEN_STATUSES = ['FAIL', 'ERROR'] as const;
const isOpen = (status: string) => status === 'FAIL' || status === 'ERROR';

export interface DriftOptions {
  readonly now: Date;
  /** A STILL_FAILING finding is alerted again this many hours after its last alert; 0 never. */
  readonly reminderHours: number;
  /** Resolved entries are kept this long (DynamoDB TTL), then forgotten. */
  readonly resolvedRetentionDays: number;
  /** The regions this run evaluated (a finding elsewhere that vanished is not resolved). */
  readonly regions: readonly string[];
  /** The run's token for claims; undefined when this run sends no alerts (claims nothing). */
  readonly token: string | undefined;
  /** The rule's title, for RESOLVED findings whose resource is gone. */
  readonly title: string;
}

export interface DriftPlan {
  /** The run's findings with `drift` set (notify false until claims succeed), plus RESOLVED ones whose resource is gone. */
  readonly findings: Finding[];
  readonly writes: StateWrite[];
}

const HOUR_MS = 3_600_000;
const SCAN_ERROR = 'scan-error';

/**
 * Classifies a run's findings against the previous state of the same rule and account: NEW (failing
 * now, not before), STILL_FAILING (with a reminder once `reminderHours` passed since the last alert,
 * except for informational findings), RESOLVED (failing before, passing, not applicable or gone
 * now). Pure: returns the classified findings and the state writes (with claims for those to
 * alert) for the caller to apply.
 */
export function classifyDrift(
  findings: readonly Finding[],
  previous: readonly FindingState[],
  options: DriftOptions,
): DriftPlan {
  const now = options.now.toISOString();
  const before = new Map(previous.map((s) => [s.id, s]));
  const out: Finding[] = [];
  const writes: StateWrite[] = [];
  const claim = (prev: FindingState | undefined) =>
    options.token === undefined
      ? undefined
      : {
          token: options.token,
          at: now,
          ...(prev?.notifyToken ? { previousToken: prev.notifyToken } : {}),
          ...(prev?.lastNotified ? { previousAt: prev.lastNotified } : {}),
        };
  const expiresAt = Math.floor(options.now.getTime() / 1000) + options.resolvedRetentionDays * 86_400;

  for (const f of findings) {
    const prev = before.get(f.id);
    before.delete(f.id);
    const wasOpen = prev !== undefined && isOpen(prev.status);
    const wasTracked = wasOpen || prev?.status === 'SUPPRESSED';
    if (isOpen(f.status)) {
      const firstSeen = wasTracked ? prev.firstSeen : now;
      // Informational findings (coverage, kept orphans) are reported when they appear, never reminded.
      const reminder = wasOpen && f.severity !== 'informational' && reminderDue(prev, options);
      const alert = !wasOpen || reminder;
      const note = suppressionNote(f, prev);
      out.push({
        ...f,
        drift: {
          state: wasOpen ? 'STILL_FAILING' : 'NEW',
          firstSeen,
          ...(prev?.lastNotified ? { lastNotified: prev.lastNotified } : {}),
          ...(reminder ? { reminder: true } : {}),
          notify: false,
          ...(note ? { note } : {}),
        },
      });
      const c = alert ? claim(prev) : undefined;
      writes.push({ values: valuesOf(f, firstSeen, now), ...(c ? { claim: c } : {}) });
    } else if (f.status === 'SUPPRESSED') {
      out.push(f);
      writes.push({ values: valuesOf(f, wasTracked ? prev.firstSeen : now, now) });
    } else if (wasTracked) {
      out.push(
        wasOpen
          ? {
              ...f,
              drift: { state: 'RESOLVED', firstSeen: prev.firstSeen, ...notified(prev), notify: false },
            }
          : f,
      );
      const c = wasOpen ? claim(prev) : undefined;
      writes.push({ values: { ...valuesOf(f, prev.firstSeen, now), expiresAt }, ...(c ? { claim: c } : {}) });
    } else {
      out.push(f);
    }
  }

  const cleanRegions = scannedCleanly(findings, options.regions);
  for (const prev of before.values()) {
    if (!isOpen(prev.status) && prev.status !== 'SUPPRESSED') continue;
    if (!cleanRegions(prev.region)) continue;
    const gone: StateValues = { ...withoutNotify(prev), status: 'PASS', lastSeen: now, expiresAt };
    if (!isOpen(prev.status)) {
      writes.push({ values: gone });
      continue;
    }
    out.push(vanished(prev, findings[0], options.title, now));
    const c = claim(prev);
    writes.push({ values: gone, ...(c ? { claim: c } : {}) });
  }
  return { findings: out, writes };
}

function reminderDue(prev: FindingState, options: DriftOptions): boolean {
  if (options.reminderHours <= 0) return false;
  if (prev.lastNotified === undefined) return true;
  return options.now.getTime() - Date.parse(prev.lastNotified) >= options.reminderHours * HOUR_MS;
}

function suppressionNote(f: Finding, prev: FindingState | undefined): string | undefined {
  const s = f.suppression;
  if (s?.expired) return expiredNote(s);
  if (prev?.status === 'SUPPRESSED')
    return 'Its suppression no longer applies; this finding is reported again.';
  return undefined;
}

function notified(prev: FindingState): { lastNotified?: string } {
  return prev.lastNotified ? { lastNotified: prev.lastNotified } : {};
}

function withoutNotify({ lastNotified: _at, notifyToken: _token, ...values }: FindingState): StateValues {
  return values;
}

function valuesOf(f: Finding, firstSeen: string, now: string): StateValues {
  return {
    id: f.id,
    status: f.status,
    firstSeen,
    lastSeen: now,
    severity: f.severity,
    region: f.region,
    ...(f.checkId ? { checkId: f.checkId } : {}),
    resourceType: f.resource.type,
    resourceId: f.resource.id,
    message: f.message,
  };
}

/**
 * Whether a vanished finding in `region` can be called resolved: the region was evaluated and could
 * be read. A region that failed (scan-error) or was not part of this run keeps its state untouched;
 * an account-wide (`global`) finding resolves only when no region failed.
 */
function scannedCleanly(
  findings: readonly Finding[],
  regions: readonly string[],
): (region: string) => boolean {
  const failed = new Set(findings.filter((f) => f.checkId === SCAN_ERROR).map((f) => f.region));
  return (region) => {
    if (region === GLOBAL_REGION) return failed.size === 0;
    return regions.includes(region) && !failed.has(region) && !failed.has(GLOBAL_REGION);
  };
}

/** A RESOLVED finding for a failing resource (or check) that is no longer reported at all. */
function vanished(prev: FindingState, sample: Finding | undefined, title: string, now: string): Finding {
  const [ruleId = '', account = ''] = prev.id.split('|');
  return {
    id: prev.id,
    ruleId,
    ...(prev.checkId ? { checkId: prev.checkId } : {}),
    title,
    severity: prev.severity,
    status: 'PASS',
    account,
    region: prev.region,
    resource: { type: prev.resourceType, id: prev.resourceId },
    message: `No longer present: ${prev.resourceId} is not reported any more (it was: ${prev.message})`,
    details: { noLongerPresent: true, lastStatus: prev.status, lastSeen: prev.lastSeen },
    controls: sample?.controls ?? {},
    observedAt: now,
    drift: { state: 'RESOLVED', firstSeen: prev.firstSeen, ...notified(prev), notify: false },
  };
}
