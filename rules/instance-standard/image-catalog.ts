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

/** Where an instance's family came from: parameter tag, instance family tag, image family tag, name. */
type RefKind = 'p' | 't' | 'i' | 'n';

/**
 * The families' images and current images of one region. Answers are memoised per family and
 * architecture, so classifying 10,000 instances costs one lookup each.
 */
export class ImageCatalog {
  private readonly patterns: readonly (readonly [string, RegExp])[];
  private readonly familyOf = new Map<string, string | undefined>();
  private readonly memo = new Map<string, Standard>();
  /** FamilyRef per kind of source and name: instances of one family share it (and its standards). */
  private readonly refs: Record<RefKind, Map<string, FamilyRef>> = {
    p: new Map(),
    t: new Map(),
    i: new Map(),
    n: new Map(),
  };
  private readonly byRef = new Map<FamilyRef, Map<string, Standard>>();

  constructor(private readonly input: CatalogInput) {
    this.patterns = Object.entries(input.params.families)
      .filter((e): e is [string, FamilyConfig & { namePattern: string }] => e[1].namePattern !== undefined)
      .map(([name, f]) => [name, globToRegExp(f.namePattern)] as const);
  }

  /** Which standard applies to the instance: instance tags first, then the image's tag or name. */
  familyFor(instance: RunningInstance, image: Image | undefined): FamilyRef | undefined {
    const p = this.input.params;
    const parameter = instance.tags[p.imageParameterTag];
    if (parameter) return this.ref('p', parameter);
    const tagged = instance.tags[p.familyTag];
    if (tagged) return this.ref('t', tagged);
    const imageTagged = image?.tags[p.familyTag];
    if (imageTagged) return this.ref('i', imageTagged);
    const byName = image ? this.familyByName(image.name) : undefined;
    if (byName) return this.ref('n', byName);
    return undefined;
  }

  /** The current image of the family for one architecture (memoised). */
  standard(ref: FamilyRef, architecture: string): Standard {
    let mine = this.byRef.get(ref);
    if (!mine) this.byRef.set(ref, (mine = new Map<string, Standard>()));
    let s = mine.get(architecture);
    if (s) return s;
    const key = `${ref.parameter ?? ''}|${ref.family ?? ''}|${architecture}`;
    s = this.memo.get(key);
    if (!s) {
      s = this.resolve(ref, architecture);
      this.memo.set(key, s);
    }
    mine.set(architecture, s);
    return s;
  }

  /** The FamilyRef of an instance parameter tag (`p`), instance (`t`) or image (`i`) family tag, or name (`n`). */
  private ref(kind: RefKind, name: string): FamilyRef {
    const refs = this.refs[kind];
    let ref = refs.get(name);
    if (!ref) {
      const p = this.input.params;
      ref =
        kind === 'p'
          ? { name, parameter: name, via: `instance tag ${p.imageParameterTag}` }
          : this.named(
              name,
              kind === 't'
                ? `instance tag ${p.familyTag}`
                : kind === 'i'
                  ? `image tag ${p.familyTag}`
                  : `image name matches ${p.families[name]?.namePattern ?? ''}`,
            );
      refs.set(name, ref);
    }
    return ref;
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
