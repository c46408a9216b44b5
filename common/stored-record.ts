/**
 * Records read back from Redis are checked, not cast: they outlive deployments, and a record
 * written by another version must fail with a clear error rather than travel on half-formed.
 */
import type { z } from 'zod';
import { AppError } from './errors.js';

/** A stored record that is not JSON, or not of the shape this version reads. */
export class StoredRecordError extends AppError {
  constructor(
    readonly what: string,
    reason: string,
  ) {
    super(`Stored ${what} cannot be read: ${reason}`);
  }
}

/** Parses the JSON of a stored `what` ("event", "cell") and checks it against `schema`. */
export function parseStored<T>(schema: z.ZodType<T>, json: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StoredRecordError(what, error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoredRecordError(what, `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`);
}
