import { API_DEFAULT_PAGE, API_MAX_PAGE } from './synthetic-account';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** One page of `items`, honouring the caller's page size up to the API's maximum, with a token. */
export function page(
  action: string,
  items: readonly unknown[],
  input: Input,
  key: string,
  sizeField = 'MaxResults',
  tokenIn = 'NextToken',
  tokenOut = 'NextToken',
): Output {
  const max = API_MAX_PAGE[action] as number;
  const asked = typeof input[sizeField] === 'number' ? input[sizeField] : (API_DEFAULT_PAGE[action] ?? max);
  const size = Math.min(asked, max);
  const start = typeof input[tokenIn] === 'string' ? Number(input[tokenIn]) : 0;
  const end = start + size;
  return {
    [key]: items.slice(start, end),
    ...(end < items.length
      ? { [tokenOut]: String(end), ...(tokenOut === 'Marker' ? { IsTruncated: true } : {}) }
      : {}),
  };
}
