import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import type { RunResult } from '../../../lib/engine';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import type { Inventory, ReadDef } from '../../../lib/inventory/types';
import { shouldNotify } from '../../../lib/publish/sns';
import type { RunRequest } from '../../../lib/request';
import { ebsSnapshotLifecycle } from '../../../rules/ebs-snapshot-lifecycle';
import { managed, volume } from '../../unit/rules/ebs-snapshot-lifecycle/snapshot-fixtures';
import type { Reply } from '../../helpers/scripted-server';
import { credentials, scriptedServer, withEndpoint } from '../../helpers/scripted-server';
import { runRequest } from '../../helpers/runs';
import { match } from '../../helpers/matchers';

// The snapshot rule's remediation with real SDK clients (retry strategy, EC2 query protocol, error
// parsing) against a scripted loopback server standing in for EC2. The account state comes from a
// hand-built inventory: one volume, retention 1, two driftwatch snapshots, so the plan is exactly
// one DeleteSnapshot (of snap-old) and no creation (snap-new is in the current daily slot).
const NOW = new Date('2026-03-10T10:30:00Z');
const params = ebsSnapshotLifecycle.params.parse({});
const request = runRequest({ regions: ['us-east-1'], remediate: true, params });

const ec2Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>r-1</RequestID></Response>`;
const THROTTLED: Reply = { status: 503, body: ec2Error('RequestLimitExceeded', 'Request limit exceeded.') };
const DELETED: Reply = {
  status: 200,
  body: '<DeleteSnapshotResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><return>true</return></DeleteSnapshotResponse>',
};

function account(): StoredInventory {
  return new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: '111122223333', arn: 'arn:aws:iam::111122223333:role/x', partition: 'aws' },
      },
      'ec2.enabledRegions': { global: ['us-east-1'] },
      'ec2.volumes': { 'us-east-1': [volume('vol-1', 'daily', '1')] },
      'ec2.ownedSnapshots': {
        'us-east-1': [
          managed('snap-new', 'vol-1', '2026-03-10T09:30:00.000Z', '1'),
          managed('snap-old', 'vol-1', '2026-03-07T09:30:00.000Z', '1'),
        ],
      },
      'ec2.snapshotsInUse': { 'us-east-1': [] },
    }),
  );
}

function run(inventory: Inventory, clients: ClientFactory, over: Partial<RunRequest<typeof params>> = {}) {
  return runRule(
    ebsSnapshotLifecycle,
    { ...request, ...over },
    {
      inventory,
      clients,
      now: () => NOW,
      remainingTimeMs: () => 300_000,
    },
  );
}

const remediations = (r: RunResult) =>
  r.findings.flatMap((f) => (f.remediation ? [{ finding: f.id, ...f.remediation }] : []));
const deleteRequests = (requests: readonly string[]) =>
  requests.filter((body) => body.includes('Action=DeleteSnapshot'));

describe('ebs-snapshot-lifecycle remediation under faults (real SDK, scripted EC2)', () => {
  it('retries a throttled DeleteSnapshot and reports it done once', async () => {
    // Prepare
    const server = await scriptedServer([THROTTLED, DELETED]);
    try {
      const clients = new ClientFactory({ credentials });

      // Act
      const result = await withEndpoint(server.endpoint, () => run(account(), clients));

      // Assess: two HTTP attempts of the same call, one logical call, one change done
      expect(deleteRequests(server.requests)).toHaveLength(2);
      for (const body of server.requests) expect(body).toContain('SnapshotId=snap-old');
      expect(clients.counter.snapshot()).toEqual({ 'ec2:DeleteSnapshot': 1 });
      expect(result.changes).toEqual({ done: 1, failed: 0, skipped: 0, planned: 0 });
      expect(remediations(result)).toEqual([
        expect.objectContaining({
          action: 'ec2:DeleteSnapshot',
          status: 'done',
          dryRun: false,
          routine: true,
        }),
      ]);
      // Routine pruning on a passing finding: done, and no alert for it
      expect(result.counts.FAIL).toBe(0);
      expect(shouldNotify(result, 'on-change')).toBe(false);
    } finally {
      await server.close();
    }
  }, 20_000);

  it.each([
    ['throttled on every attempt', THROTTLED, 'RequestLimitExceeded', 2],
    [
      'refused (UnauthorizedOperation, not retried)',
      {
        status: 403,
        body: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      },
      'UnauthorizedOperation',
      1,
    ],
  ] as const)(
    'reports a DeleteSnapshot %s as failed with the AWS code, never as done',
    async (_, reply, code, attempts) => {
      // Prepare
      const server = await scriptedServer([reply]);
      try {
        const clients = new ClientFactory({ credentials, maxAttempts: 2 });

        // Act
        const result = await withEndpoint(server.endpoint, () => run(account(), clients));

        // Assess
        expect(deleteRequests(server.requests)).toHaveLength(attempts);
        expect(result.changes).toEqual({ done: 0, failed: 1, skipped: 0, planned: 0 });
        const [remediation] = remediations(result);
        expect(remediation).toMatchObject({ action: 'ec2:DeleteSnapshot', status: 'failed', routine: true });
        expect(remediation?.error).toMatch(new RegExp(`^${code}: `));
        // A failed action alerts even though it is routine and its finding passes
        expect(result.counts.FAIL).toBe(0);
        expect(shouldNotify(result, 'on-change')).toBe(true);
      } finally {
        await server.close();
      }
    },
    20_000,
  );

  it('loses nothing when the run dies between planning and execution: the next run plans and does the same deletion', async () => {
    // Prepare: the plan as a dry run states it, and an inventory that records the reads, so the
    // deadline check that precedes the first action can "kill" the run once evaluation has read it all.
    const server = await scriptedServer([DELETED]);
    try {
      const dry = await run(account(), new ClientFactory({ credentials }), { dryRun: true });
      const planned = remediations(dry).map(({ finding, action, description }) => ({
        finding,
        action,
        description,
      }));
      expect(planned).toEqual([
        expect.objectContaining({
          action: 'ec2:DeleteSnapshot',
          description: match.stringContaining('snap-old'),
        }),
      ]);
      const stored = account();
      const reads = new Set<string>();
      const recording: Inventory = {
        source: 'snapshot',
        get<T>(read: ReadDef<T>, region?: string) {
          reads.add(read.name);
          return stored.get(read, region);
        },
      };
      const crash = () => {
        if (reads.has('ec2.snapshotsInUse')) throw new Error('Runtime exited (simulated crash)');
        return 300_000;
      };

      // Act: the crashed run, then the next scheduled run against the unchanged account
      const crashed = withEndpoint(server.endpoint, () =>
        runRule(ebsSnapshotLifecycle, request, {
          inventory: recording,
          clients: new ClientFactory({ credentials }),
          now: () => NOW,
          remainingTimeMs: crash,
        }),
      );
      await expect(crashed).rejects.toThrow('simulated crash');
      const requestsAfterCrash = server.requests.length;
      const next = await withEndpoint(server.endpoint, () =>
        run(account(), new ClientFactory({ credentials })),
      );

      // Assess: the crash changed nothing; the next run carried out exactly the plan, once
      expect(requestsAfterCrash).toBe(0);
      expect(
        remediations(next).map(({ finding, action, description }) => ({ finding, action, description })),
      ).toEqual(planned);
      expect(remediations(next)[0]).toMatchObject({ status: 'done' });
      expect(deleteRequests(server.requests)).toHaveLength(1);
      expect(server.requests[0]).toContain('SnapshotId=snap-old');
    } finally {
      await server.close();
    }
  }, 20_000);
});
