import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore, StateWrite } from '../../lib/state/types';
import type { Moto } from './moto';
import { motoClient } from './moto';

export const STATE_TABLE = 'driftwatch-test-state';

/** The state table as serverless.yml defines it (pk `rule|account`, sk the finding id). */
export async function createStateTable(moto: Moto): Promise<void> {
  await motoClient(moto, DynamoDBClient).send(
    new CreateTableCommand({
      TableName: STATE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** Which of two overlapping runs a step belongs to. */
export type RunName = 'x' | 'y';

/** One step of a scripted race: run `run` writes the state of finding `id` (and tries its claim). */
export type RaceStep = readonly [run: RunName, id: string];

/**
 * Two views of one store for two overlapping runs, `x` and `y`, whose writes race in the order the
 * test scripts: both loads finish before either run writes; once both runs have handed over their
 * writes, each finding's write is sent alone, one after another, in `script` order, and each run gets
 * back the ids whose claim it won. The store sees no concurrent requests, so the outcome depends only
 * on the claim logic (moto_server's conditional writes are not atomic under concurrent requests).
 * Every write of both runs must appear in `script` exactly once.
 */
export function scriptedRace(store: StateStore, script: readonly RaceStep[]): Record<RunName, StateStore> {
  const loaded = barrier(2);
  const handed = barrier(2);
  const pending = new Map<RunName, readonly StateWrite[]>();
  let outcome: Promise<Record<RunName, Set<string>>> | undefined;

  const play = async (ruleId: string, account: string) => {
    const stepKeys = script.map(([run, id]) => `${run}|${id}`);
    const writeKeys = [...pending].flatMap(([run, writes]) => writes.map((w) => `${run}|${w.values.id}`));
    if ([...stepKeys].sort().join() !== [...writeKeys].sort().join())
      throw new Error(`race script ${stepKeys.join(', ')} does not match the writes ${writeKeys.join(', ')}`);
    const claimed: Record<RunName, Set<string>> = { x: new Set(), y: new Set() };
    for (const [run, id] of script) {
      const write = pending.get(run)?.find((w) => w.values.id === id);
      if (write) for (const won of await store.write(ruleId, account, [write])) claimed[run].add(won);
    }
    return claimed;
  };

  const view = (run: RunName): StateStore => ({
    async load(ruleId, account) {
      const states = await store.load(ruleId, account);
      await loaded();
      return states;
    },
    async write(ruleId, account, writes) {
      pending.set(run, writes);
      await handed();
      outcome ??= play(ruleId, account);
      return (await outcome)[run];
    },
    release: (ruleId, account, released) => store.release(ruleId, account, released),
  });
  return { x: view('x'), y: view('y') };
}

/** A store whose loads wait for each other: all `runs` read the state before any writes. */
export function overlapping(store: StateStore, runs: number): StateStore {
  const loaded = barrier(runs);
  return {
    async load(ruleId, account) {
      const states = await store.load(ruleId, account);
      await loaded();
      return states;
    },
    write: (ruleId, account, writes) => store.write(ruleId, account, writes),
    release: (ruleId, account, released) => store.release(ruleId, account, released),
  };
}

/**
 * Sends the client's requests one at a time (each waits until the previous one's response is in), as a
 * real DynamoDB table applies conditional writes atomically. Callers may still issue them
 * concurrently; only the emulator is spared concurrent requests it cannot apply atomically.
 */
export function serialiseRequests(client: DynamoDBClient): void {
  let last: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next) => (args) => {
      const mine = last.then(() => next(args));
      last = mine.catch(() => undefined);
      return mine;
    },
    { step: 'initialize', name: 'driftwatchTestSerialise', priority: 'high' },
  );
}

/** Resolves every caller once `count` callers are waiting. */
function barrier(count: number): () => Promise<void> {
  let waiting = 0;
  let open: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++waiting === count) open();
    return all;
  };
}
