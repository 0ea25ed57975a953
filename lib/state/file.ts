import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { errorMessage, ValidationError } from '../errors';
import type {
  Claim,
  DailyPosture,
  FindingState,
  PostureStore,
  StateExport,
  StateStore,
  StateWrite,
} from './types';
import { POSTURE_RETENTION_DAYS, runKey } from './types';

interface StateFile {
  readonly schema: 'driftwatch.state/1';
  /** `rule|account` → finding id → state. */
  readonly runs: Record<string, Record<string, FindingState>>;
  /** `rule|account` → UTC day → posture (added for the report; files without it still load). */
  posture?: Record<string, Record<string, DailyPosture>>;
}

/**
 * The CLI's state store: one JSON file (`--state FILE`), so repeated scans from a terminal or a CI
 * job report what changed since the previous scan. Claims are checked against the file as loaded;
 * it is meant for one scan at a time (two concurrent CLI scans on one file may both alert).
 * Each write rewrites the file atomically (temporary file, then rename).
 */
export class FileStateStore implements StateStore, PostureStore {
  private readonly data: StateFile;
  constructor(private readonly path: string) {
    this.data = existsSync(path) ? readState(path) : { schema: 'driftwatch.state/1', runs: {} };
  }

  load(ruleId: string, account: string): Promise<FindingState[]> {
    return Promise.resolve(Object.values(this.data.runs[runKey(ruleId, account)] ?? {}));
  }

  write(ruleId: string, account: string, writes: readonly StateWrite[]): Promise<Set<string>> {
    const run = (this.data.runs[runKey(ruleId, account)] ??= {});
    const claimed = new Set<string>();
    for (const w of writes) {
      const current = run[w.values.id];
      let notify = current?.notifyToken
        ? { notifyToken: current.notifyToken, lastNotified: current.lastNotified }
        : {};
      if (w.claim) {
        if (current?.notifyToken !== w.claim.previousToken) continue;
        notify = { notifyToken: w.claim.token, lastNotified: w.claim.at };
        claimed.add(w.values.id);
      }
      run[w.values.id] = { ...w.values, ...notify };
    }
    this.save();
    return Promise.resolve(claimed);
  }

  release(ruleId: string, account: string, released: readonly { id: string; claim: Claim }[]): Promise<void> {
    const run = this.data.runs[runKey(ruleId, account)] ?? {};
    for (const { id, claim } of released) {
      const current = run[id];
      if (!current || current.notifyToken !== claim.token) continue;
      run[id] = {
        ...withoutNotify(current),
        ...(claim.previousToken ? { notifyToken: claim.previousToken, lastNotified: claim.previousAt } : {}),
      };
    }
    this.save();
    return Promise.resolve();
  }

  recordPosture(posture: DailyPosture): Promise<void> {
    const all = (this.data.posture ??= {});
    const days = (all[runKey(posture.ruleId, posture.account)] ??= {});
    days[posture.day] = posture;
    const oldest = new Date(Date.parse(posture.day) - POSTURE_RETENTION_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (const day of Object.keys(days)) if (day < oldest) delete days[day];
    this.save();
    return Promise.resolve();
  }

  exportAll(): Promise<StateExport> {
    const runs = Object.entries(this.data.runs).map(([key, states]) => {
      const [ruleId = '', account = ''] = key.split('|');
      return { ruleId, account, states: Object.values(states) };
    });
    const posture = Object.values(this.data.posture ?? {}).flatMap((days) => Object.values(days));
    return Promise.resolve({ runs, posture });
  }

  private save(): void {
    const temporary = `${this.path}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}

function readState(path: string): StateFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile>;
    if (parsed.schema !== 'driftwatch.state/1' || typeof parsed.runs !== 'object' || parsed.runs === null)
      throw new Error('expected a driftwatch state file (schema driftwatch.state/1)');
    return parsed as StateFile;
  } catch (error) {
    throw new ValidationError(`Cannot use state file ${path}: ${errorMessage(error)}.`, ['--state'], {
      cause: error,
    });
  }
}

function withoutNotify({
  notifyToken: _t,
  lastNotified: _n,
  ...rest
}: FindingState): Omit<FindingState, 'notifyToken' | 'lastNotified'> {
  return rest;
}
