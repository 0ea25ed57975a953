/**
 * jest's asymmetric matchers, typed as what they are. @types/jest declares `expect.stringContaining` and the rest
 * as returning `any`, so one nested in an expected object (`{ message: expect.stringContaining('x') }`) lets an
 * `any` through, which the type-aware lint rejects. These are the same matchers, returned as
 * `jest.AsymmetricMatcher`; use them wherever a matcher sits inside an object or array literal.
 */
export const match = {
  /** A string that contains `text`. */
  stringContaining: (text: string) => expect.stringContaining(text) as jest.AsymmetricMatcher,
  /** A string that matches `pattern`. */
  stringMatching: (pattern: string | RegExp) => expect.stringMatching(pattern) as jest.AsymmetricMatcher,
  /** An object that has at least `props`, each matching (recursively, matchers allowed). */
  objectContaining: <T extends object>(props: T) => expect.objectContaining(props) as jest.AsymmetricMatcher,
  /** An array that contains every element of `items`, in any order. */
  arrayContaining: <T>(items: readonly T[]) => expect.arrayContaining(items) as jest.AsymmetricMatcher,
  /** Any value made by `type` (or a primitive of that wrapper type: `Number`, `String`, ...). */
  any: (type: abstract new (...args: never[]) => unknown) => expect.any(type) as jest.AsymmetricMatcher,
} as const;
