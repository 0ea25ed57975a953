import type { Image } from '../../lib/inventory/images';
import type { Standard } from './image-catalog';

/**
 * When the instance's image stopped being the standard: for a family's own images, when the first
 * newer one appeared (an image no longer described: the first after the instance launched); for a
 * parameter, when the parameter took its current value.
 */
export function supersededSince(
  standard: Extract<Standard, { ok: true }>,
  image: Image | undefined,
  launchTime: string,
): number {
  const latest = Date.parse(standard.since);
  if (standard.created.length === 0) return latest;
  const after = image ? Date.parse(image.creationDate) : Date.parse(launchTime);
  const first = firstAfter(standard.created, after);
  return first !== undefined && first < latest ? first : latest;
}

/** The first of `sorted` (ascending) greater than `t`, by binary search. */
function firstAfter(sorted: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo];
}
