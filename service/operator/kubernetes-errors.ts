/** HTTP status of a failed Kubernetes call: ApiException carries `code`, a failed watch `statusCode`. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}

export const isNotFound = (error: unknown) => httpStatusOf(error) === 404;
export const isConflict = (error: unknown) => httpStatusOf(error) === 409;
