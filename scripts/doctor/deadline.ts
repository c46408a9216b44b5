/** A time limit on one step of a check, so that the doctor never waits on an unreachable host. */
import { AppError } from '../../common/index.js';

/** A step of a check took longer than it was given. */
export class DeadlineError extends AppError {
  constructor(
    /** What was waited for, e.g. "getMe". */
    readonly step: string,
    readonly ms: number,
  ) {
    super(`${step} did not finish within ${ms} ms`, { retryable: true });
  }
}

/**
 * `work`, or a {@link DeadlineError} after `ms`. What `work` holds on to is not stopped: `onLate`
 * receives its result if it comes after all (to close a connection opened too late).
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number, step: string, onLate?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(new DeadlineError(step, ms));
    }, ms);
  });
  work.then(
    (value) => {
      if (late) onLate?.(value);
    },
    () => undefined,
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
