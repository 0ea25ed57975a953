import { DescribeSnapshotsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../../lib/aws/clients';
import type { OperationLimit } from '../../../../lib/aws/operation-limits';
import { commandAction, OperationLimiter } from '../../../../lib/aws/operation-limits';

const SPEC: OperationLimit = { min: 2, start: 4, max: 6, slowMs: 1_000 };
const TABLE = { 'ec2:DescribeSnapshots': SPEC };

/** A call the test finishes by hand, so concurrency is observed without timers. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('OperationLimiter', () => {
  it('keeps a heavy operation at its starting limit until calls complete, FIFO', async () => {
    // Prepare
    const limiter = new OperationLimiter({ table: TABLE, heavyRequestTimeoutMs: 60_000, clock: () => 0 });
    const gates = Array.from({ length: 10 }, gate);
    const started: number[] = [];
    // Act
    const calls = gates.map((g, i) =>
      limiter.run('ec2:DescribeSnapshots', async () => {
        started.push(i);
        await g.done;
      }),
    );
    await flush();
    const before = [...started];
    gates[0]?.open();
    await flush();
    // Assess
    expect(before).toEqual([0, 1, 2, 3]);
    // A fast completion raises the limit by one: two more start (FIFO order).
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    for (const g of gates) g.open();
    await Promise.all(calls);
    expect(limiter.stats()['ec2:DescribeSnapshots']).toMatchObject({ calls: 10, maxInFlight: 6, limit: 6 });
  });

  it('falls back to the minimum after a slow call, a timeout or throttling', async () => {
    // Prepare
    let now = 0;
    const limiter = new OperationLimiter({ table: TABLE, heavyRequestTimeoutMs: 60_000, clock: () => now });
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    const throttled = Object.assign(new Error('slow down'), { name: 'RequestLimitExceeded' });
    // Act
    await limiter.run('ec2:DescribeSnapshots', async () => void (now += 1_500));
    const afterSlow = limiter.stats()['ec2:DescribeSnapshots']?.limit;
    await limiter.run('ec2:DescribeSnapshots', async () => undefined);
    await expect(limiter.run('ec2:DescribeSnapshots', () => Promise.reject(timeout))).rejects.toBe(timeout);
    const afterTimeout = limiter.stats()['ec2:DescribeSnapshots']?.limit;
    await limiter.run('ec2:DescribeSnapshots', async () => undefined);
    await expect(limiter.run('ec2:DescribeSnapshots', () => Promise.reject(throttled))).rejects.toBe(
      throttled,
    );
    // Assess
    expect(afterSlow).toBe(2);
    expect(afterTimeout).toBe(2);
    expect(limiter.stats()['ec2:DescribeSnapshots']).toMatchObject({
      limit: 2,
      slow: 1,
      timedOut: 1,
      throttled: 1,
    });
  });

  it('runs a light operation at once, without a heavy socket timeout', async () => {
    // Prepare
    const limiter = new OperationLimiter({ table: TABLE, heavyRequestTimeoutMs: 60_000 });
    const timeouts: (number | undefined)[] = [];
    // Act
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run('ec2:DescribeVolumes', async (t) => void timeouts.push(t)),
      ),
    );
    await limiter.run('ec2:DescribeSnapshots', async (t) => void timeouts.push(t));
    // Assess
    expect(timeouts.slice(0, 20).every((t) => t === undefined)).toBe(true);
    expect(timeouts[20]).toBe(60_000);
    expect(Object.keys(limiter.stats())).toEqual(['ec2:DescribeSnapshots']);
  });

  it('names the IAM action of an SDK command from its classes', () => {
    // Prepare
    const client = new EC2Client({ region: 'us-east-1' });
    // Act
    const action = commandAction(client, new DescribeSnapshotsCommand({}));
    // Assess
    expect(action).toBe('ec2:DescribeSnapshots');
    expect(commandAction(client, {})).toBeUndefined();
  });
});

// aws-sdk-client-mock: what the factory passes to the SDK's send, with no network.
describe('ClientFactory with operation limits (aws-sdk-client-mock)', () => {
  const ec2 = mockClient(EC2Client);
  afterAll(() => ec2.restore());

  it('gives heavy reads 4 x the request timeout and leaves light reads and mutations alone', async () => {
    // Prepare
    ec2.reset();
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const clients = new ClientFactory({ requestTimeoutMs: 10_000 });
    // Act
    await clients.get(EC2Client, 'eu-west-1').send(new DescribeSnapshotsCommand({}));
    await clients.get(EC2Client, 'eu-west-1').send(new DescribeVolumesCommand({}));
    await clients.forMutation(EC2Client, 'eu-west-1').send(new DescribeSnapshotsCommand({}));
    // Assess
    const options = ec2.calls().map((c) => (c.args as unknown[])[1] as { requestTimeout?: number });
    expect(options.map((o) => o.requestTimeout)).toEqual([40_000, undefined, undefined]);
    expect(clients.limiter.stats()['ec2:DescribeSnapshots']).toMatchObject({ calls: 1 });
  });

  it('drops the SDK logger middleware from the clients it builds', () => {
    // Prepare
    const clients = new ClientFactory();
    // Act
    const client = clients.get(EC2Client, 'eu-west-1');
    // Assess
    const names = client.middlewareStack.identify().join('\n');
    expect(names).not.toMatch(/loggerMiddleware/);
    expect(names).toMatch(/driftwatchCallCounter/);
    expect(new EC2Client({ region: 'eu-west-1' }).middlewareStack.identify().join('\n')).toMatch(
      /loggerMiddleware/,
    );
  });
});
