/**
 * `T` with its properties writable: for an object built as one literal whose optional keys are
 * then set in their place in the key order (instead of conditional spreads, which cost several times
 * as much per object and give each object its own shape).
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
