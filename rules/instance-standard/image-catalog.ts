import type { Image } from '../../lib/inventory/images';
import type { ImageParameter } from '../../lib/inventory/ssm';
import type { RunningInstance } from '../../lib/inventory/running-instances';
import type { FamilyConfig, Params } from './params';

/** Which standard an instance is held to, and how that was decided. */
export interface FamilyRef {
  /** What messages call it: the family name, or the parameter an instance tag names. */
  readonly name: string;
  /** The SSM parameter holding the current image, when there is one. */
  readonly parameter?: string;
  /** The family whose own images (name pattern / family tag) are the fallback. */
  readonly family?: string;
  /** `instance tag driftwatch:image-family`, `name pattern golden-web-*`, ... */
  readonly via: string;
}

/** The current image of a family for one architecture, or why there is none. */
export type Standard =
  | {
      readonly ok: true;
      readonly image: Image;
      /** ISO-8601: since when `image` is the standard. */
      readonly since: string;
      /** `parameter /golden/web/ami` or `newest owned image matching golden-web-*`. */
      readonly source: string;
      /** Images created at the same moment as `image`, which count as current too. */
      readonly current: ReadonlySet<string>;
      /** Creation times (ms, ascending) of the family's images, to tell when an older image was superseded. */
      readonly created: readonly number[];
      /** Set when the parameter could not be used and the family's newest image stands in. */
      readonly note?: string;
    }
  | { readonly ok: false; readonly problem: string };

export interface CatalogInput {
  readonly params: Params;
  readonly owned: readonly Image[];
  /** Any image by id (owned or not); undefined when it does not exist. */
  readonly image: (imageId: string) => Image | undefined;
  /** An SSM parameter by name; undefined when it does not exist. */
  readonly parameter: (name: string) => ImageParameter | undefined;
  readonly now: Date;
}

/** `golden-web-*` → /^golden\-web\-.*$/ (EC2's own name-filter wildcards). */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const newestFirst = (a: Image, b: Image) =>
  b.creationDate.localeCompare(a.creationDate) ||
  b.name.localeCompare(a.name) ||
  b.imageId.localeCompare(a.imageId);

/**
 * The families' images and current images of one region. Answers are memoised per family and
 * architecture, so classifying 10,000 instances costs one lookup each.
 */
export class ImageCatalog {
  private readonly patterns: readonly (readonly [string, RegExp])[];
  private readonly familyOf = new Map<string, string | undefined>();
  private readonly memo = new Map<string, Standard>();

  constructor(private readonly input: CatalogInput) {
    this.patterns = Object.entries(input.params.families)
      .filter((e): e is [string, FamilyConfig & { namePattern: string }] => e[1].namePattern !== undefined)
      .map(([name, f]) => [name, globToRegExp(f.namePattern)] as const);
  }

  /** Which standard applies to the instance: instance tags first, then the image's tag or name. */
  familyFor(instance: RunningInstance, image: Image | undefined): FamilyRef | undefined {
    const p = this.input.params;
    const parameter = instance.tags[p.imageParameterTag];
    if (parameter) return { name: parameter, parameter, via: `instance tag ${p.imageParameterTag}` };
    const tagged = instance.tags[p.familyTag];
    if (tagged) return this.named(tagged, `instance tag ${p.familyTag}`);
    const imageTagged = image?.tags[p.familyTag];
    if (imageTagged) return this.named(imageTagged, `image tag ${p.familyTag}`);
    const byName = image ? this.familyByName(image.name) : undefined;
    if (byName) return this.named(byName, `image name matches ${p.families[byName]?.namePattern ?? ''}`);
    return undefined;
  }

  /** The current image of the family for one architecture (memoised). */
  standard(ref: FamilyRef, architecture: string): Standard {
    const key = `${ref.parameter ?? ''}|${ref.family ?? ''}|${architecture}`;
    let s = this.memo.get(key);
    if (!s) {
      s = this.resolve(ref, architecture);
      this.memo.set(key, s);
    }
    return s;
  }

  private named(family: string, via: string): FamilyRef {
    const parameter = this.input.params.families[family]?.parameter;
    return { name: family, family, ...(parameter ? { parameter } : {}), via };
  }

  private familyByName(name: string): string | undefined {
    if (!this.familyOf.has(name)) this.familyOf.set(name, this.patterns.find(([, re]) => re.test(name))?.[0]);
    return this.familyOf.get(name);
  }

  private resolve(ref: FamilyRef, architecture: string): Standard {
    let note: string | undefined;
    if (ref.parameter) {
      const fromParameter = this.fromParameter(ref.parameter);
      if (fromParameter.ok) return fromParameter;
      note = fromParameter.problem;
    }
    const fallback = ref.family ? this.newest(ref.family, architecture) : undefined;
    if (fallback?.ok) return note ? { ...fallback, note } : fallback;
    return { ok: false, problem: note ?? fallback?.problem ?? `family ${ref.name} has no image source` };
  }

  private fromParameter(name: string): Standard {
    const parameter = this.input.parameter(name);
    if (!parameter) return { ok: false, problem: `SSM parameter ${name} does not exist` };
    const image = this.input.image(parameter.value);
    if (!image || image.state !== 'available')
      return {
        ok: false,
        problem: `SSM parameter ${name} names ${parameter.value}, which ${image ? `is ${image.state}` : 'does not exist'}`,
      };
    // A pipeline promotes an image after building it: the standard changed when the parameter did.
    const since = [image.creationDate, parameter.lastModified ?? image.creationDate].sort().at(-1) as string;
    return {
      ok: true,
      image,
      since,
      source: `parameter ${name}`,
      current: new Set([image.imageId]),
      created: [],
    };
  }

  private newest(family: string, architecture: string): Standard {
    const p = this.input.params;
    const pattern = p.families[family]?.namePattern;
    const re = pattern ? globToRegExp(pattern) : undefined;
    const now = this.input.now.toISOString();
    const images = this.input.owned.filter(
      (i) =>
        i.state === 'available' &&
        i.architecture === architecture &&
        (i.deprecationTime === undefined || i.deprecationTime > now) &&
        ((re !== undefined && re.test(i.name)) || i.tags[p.familyTag] === family),
    );
    const what = `owned ${architecture} image ${pattern ? `matching ${pattern} or ` : ''}tagged ${p.familyTag}=${family}`;
    const [image] = [...images].sort(newestFirst);
    if (!image) return { ok: false, problem: `no available ${what}` };
    return {
      ok: true,
      image,
      since: image.creationDate,
      source: `newest ${what}`,
      current: new Set(images.filter((i) => i.creationDate === image.creationDate).map((i) => i.imageId)),
      created: images.map((i) => Date.parse(i.creationDate)).sort((a, b) => a - b),
    };
  }
}

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
