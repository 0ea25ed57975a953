import {
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ClientFactory } from '../../lib/aws/clients';
import { RunDeadline } from '../../lib/aws/run-deadline';
import type { RunResult } from '../../lib/engine';
import { LiveInventory } from '../../lib/inventory/live';
import { publishRun, shouldNotify } from '../../lib/publish/sns';
import type { Rule } from '../../lib/rule';
import { scanRule } from '../../lib/scan';
import { DynamoStateStore } from '../../lib/state/dynamodb';
import { ebsSnapshotLifecycle } from '../../rules/ebs-snapshot-lifecycle';
import type { AlertInbox } from './alerts';
import type { Moto } from './moto';
import { MOTO_REGION, motoClient } from './moto';
import { credentials } from './scripted-server';
import { STATE_TABLE } from './state';

/** Client timeouts for fault injection: a hang costs 250 ms, not 15 s. */
export const FAULT_TIMEOUT_MS = 250;
/** Each run's deadline: more than the engine's 30 s evaluation margin, far more than a run takes. */
export const RUN_DEADLINE_MS = 40_000;
const params = ebsSnapshotLifecycle.params.parse({});
const MARKER = { 'driftwatch:managed-by': 'ebs-snapshot-lifecycle' } as const;

export interface FaultRun {
  readonly run: RunResult;
  readonly elapsedMs: number;
  readonly deadlineMs: number;
}

/**
 * One remediating, alerting run of ebs-snapshot-lifecycle through `endpoint` (the fault proxy), as the
 * Lambda handler makes it: state table, run deadline on every call, publish on change.
 */
export async function faultRun(
  endpoint: string,
  topicArn: string,
  rule: Rule<typeof params> = ebsSnapshotLifecycle,
): Promise<FaultRun> {
  const started = Date.now();
  const deadline = RunDeadline.in(RUN_DEADLINE_MS);
  // Standard retry: the adaptive mode's client-side rate limiting would only slow the suite down.
  const clients = new ClientFactory({
    credentials,
    endpoint,
    requestTimeoutMs: FAULT_TIMEOUT_MS,
    retryMode: 'standard',
    deadline,
  });
  const { run } = await scanRule(
    rule,
    { regions: [MOTO_REGION], dryRun: false, remediate: true, maxChanges: 25, params },
    {
      engine: {
        inventory: new LiveInventory(clients),
        clients,
        remainingTimeMs: () => deadline.remainingMs(),
      },
      suppressions: [],
      judgedAt: new Date(),
      alerting: true,
      store: new DynamoStateStore(clients, STATE_TABLE, MOTO_REGION),
      settleMs: 0,
      publishReserveMs: 2_000,
      publish: async (finished) =>
        shouldNotify(finished, 'on-change') ? publishRun(clients, topicArn, finished) : [],
    },
  );
  return { run, elapsedMs: Date.now() - started, deadlineMs: RUN_DEADLINE_MS };
}

/** Volumes due a first snapshot (hourly, keep 3) and one with three managed snapshots to prune to 1. */
export async function seedAccount(moto: Moto): Promise<{ due: string[]; pruned: string }> {
  const ec2 = motoClient(moto, EC2Client);
  const volume = async (tags: Record<string, string>) =>
    (
      await ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${MOTO_REGION}a`,
          Size: 1,
          TagSpecifications: [
            { ResourceType: 'volume', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }),
      )
    ).VolumeId as string;
  const schedule = (retention: string) => ({
    'driftwatch:snapshot-schedule': 'hourly',
    'driftwatch:snapshot-retention': retention,
  });
  const due = [await volume(schedule('3')), await volume(schedule('3')), await volume(schedule('3'))];
  const pruned = await volume(schedule('1'));
  for (let i = 0; i < 3; i += 1)
    await ec2.send(
      new CreateSnapshotCommand({
        VolumeId: pruned,
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: Object.entries({
              ...MARKER,
              'driftwatch:volume-id': pruned,
              'driftwatch:retention': '1',
            }).map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      }),
    );
  return { due, pruned };
}

export interface Listed {
  readonly id: string;
  readonly volumeId: string;
  readonly slot: string | undefined;
}

/** Every snapshot the account owns (read from moto directly, past the proxy). */
export async function listSnapshots(moto: Moto): Promise<Listed[]> {
  const out = await motoClient(moto, EC2Client).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  return (out.Snapshots ?? []).map((s) => ({
    id: s.SnapshotId as string,
    volumeId: s.VolumeId as string,
    slot: s.Tags?.find((t) => t.Key === 'driftwatch:slot')?.Value,
  }));
}

/**
 * What must hold after runs from the listing `before`, as a list of mismatches (empty when all hold):
 * the snapshots after are those before, plus one per creation reported done, minus each deletion
 * reported done; no volume has two snapshots of one slot; every NEW finding was alerted exactly once
 * (messages de-duplicated by run id and part); every run ended before its deadline with a result.
 */
export async function mismatches(
  before: readonly Listed[],
  after: readonly Listed[],
  runs: readonly FaultRun[],
  inbox: AlertInbox,
): Promise<string[]> {
  const problems: string[] = [];
  const remediations = runs.flatMap((r) =>
    r.run.findings.flatMap((f) => (f.remediation ? [{ f, r: f.remediation }] : [])),
  );
  const created = remediations.filter(({ r }) => r.action === 'ec2:CreateSnapshot' && r.status === 'done');
  const deleted = new Set(
    remediations
      .filter(({ r }) => r.action === 'ec2:DeleteSnapshot' && r.status === 'done')
      .map(({ f }) => f.resource.id),
  );
  const failed = remediations.filter(({ r }) => r.status === 'failed');
  for (const { f, r } of failed) problems.push(`${f.resource.id}: ${r.action} failed: ${r.error ?? ''}`);
  const expected = before.length + created.length - deleted.size;
  if (after.length !== expected) problems.push(`expected ${expected} snapshots after, found ${after.length}`);
  for (const id of deleted)
    if (after.some((s) => s.id === id)) problems.push(`${id} reported deleted but still listed`);
  for (const { f } of created) {
    const mine = after.filter((s) => s.volumeId === f.resource.id && s.slot !== undefined);
    if (mine.length !== 1) problems.push(`${f.resource.id}: ${mine.length} snapshots of its slot`);
  }
  const slots = new Map<string, number>();
  for (const s of after)
    if (s.slot) slots.set(`${s.volumeId}|${s.slot}`, (slots.get(`${s.volumeId}|${s.slot}`) ?? 0) + 1);
  for (const [slot, n] of slots) if (n > 1) problems.push(`slot ${slot} has ${n} snapshots`);
  const parts = new Map<string, readonly string[]>();
  for (const alert of await inbox.receive())
    parts.set(
      `${alert.body.runId}|${alert.body.part.index}`,
      alert.body.findings.filter((f) => f.drift?.state === 'NEW' && f.drift.notify).map((f) => f.id),
    );
  const alerted = [...parts.values()].flat();
  const fresh = runs.flatMap((r) => r.run.findings.filter((f) => f.drift?.state === 'NEW').map((f) => f.id));
  for (const id of new Set(fresh)) {
    const n = alerted.filter((a) => a === id).length;
    if (n !== 1) problems.push(`NEW finding ${id} alerted ${n} times`);
  }
  for (const r of runs)
    if (r.elapsedMs >= r.deadlineMs) problems.push(`a run took ${r.elapsedMs} ms, past its deadline`);
  return problems;
}
