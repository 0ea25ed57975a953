import { mapSettled } from '../../../lib/concurrency';

describe('mapSettled', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettled([30, 10, 20, 5, 15], 2, async (ms, i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight -= 1;
      return i;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : -1))).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets every task finish when some fail', async () => {
    const results = await mapSettled(['a', 'b', 'c'], 3, async (x) => {
      if (x === 'b') throw new Error('b failed');
      return x;
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('rejects a limit that is not a whole number >= 1', async () => {
    await expect(mapSettled([1], 0, async (x) => x)).rejects.toThrow(
      'Expected a concurrency limit that is a whole number >= 1, got 0.',
    );
  });
});
