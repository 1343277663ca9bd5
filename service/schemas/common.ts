import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A string from a fixed list, as one JSON Schema `enum`: a bad value gets one `must be one of`
 * problem (a union of literals would give one `must be equal to constant` line per value), and
 * the OpenAPI document shows the list.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const RunIdParams = Type.Object({ runId: Type.String({ minLength: 1 }) });

export const DEFAULT_PAGE_SIZE = 50;

/** Paging for list routes; both have defaults, so neither is required. */
export const Page = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_PAGE_SIZE, description: 'Rows per page' }),
  ),
  // Bounded: a larger offset is past any table here, and 1e20 does not fit a database integer.
  offset: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Rows to skip' }),
  ),
};

export const ORDERS = ['asc', 'desc'] as const;
export const Order = StringEnum(ORDERS);

/** A point in time as RFC 3339 text (what the store keeps: UTC, milliseconds, `Z`). */
export const Instant = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });

/** A list page: the rows and how many match in all. */
export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });

export const ProblemSchema = Type.Object({
  path: Type.String({ description: 'Where, e.g. body.stages[0].name or querystring.status' }),
  message: Type.String(),
});

/** Every 4xx and 5xx answer. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. INVALID_INPUT, NOT_FOUND' }),
    message: Type.String({ description: 'One `[path] problem` line per problem for bad input' }),
    problems: Type.Optional(Type.Array(ProblemSchema)),
  },
  { additionalProperties: true, description: 'An error: a stable code and a readable message' },
);

/** A 204 answer: no body (`type: null` is how the OpenAPI generator knows to list no content). */
export const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'Done; no body' });

/** An answer that is not JSON (a log file, an artifact), by media type. */
export interface ContentReply {
  description: string;
  content: Record<string, { schema: TSchema }>;
}

/**
 * A route's answers: the success schemas it declares, and the error shape every 4xx and 5xx
 * answer has.
 */
export function Replies<const R extends Record<number, TSchema | ContentReply>>(ok: R) {
  return { ...ok, '4xx': ErrorResponse, '5xx': ErrorResponse };
}
