/** Errors of the reminder engine: what was refused and why. */
import { AppError } from '../common/index.js';
import type { ScheduleParseProblem } from './parse-schedule-phrase.js';

/** A phrase that cannot be scheduled (no date, a past moment, a date that does not exist); `message` is the parser's Vietnamese message, for the user. */
export class ScheduleRefusedError extends AppError {
  readonly problem: ScheduleParseProblem['problem'];

  constructor(problem: ScheduleParseProblem) {
    super(problem.message);
    this.problem = problem.problem;
  }
}

/** A reminder list that cannot be read (`--reminders 3d,1d,2h,0`). */
export class InvalidRemindersError extends AppError {
  constructor(readonly received: string, reason: string) {
    super(`Invalid reminders ${JSON.stringify(received)}: ${reason}. Expected offsets before the event such as 3d,1d,2h,0 (d days, h hours, m minutes, s seconds)`);
  }
}

/** A chat address that is not `telegram:<chat_id>` or `zalo:<chat_id>`. */
export class InvalidChatError extends AppError {
  constructor(readonly received: string) {
    super(`Invalid chat ${JSON.stringify(received)}: expected telegram:<chat_id> or zalo:<chat_id>`);
  }
}

/** No event has this id. */
export class EventNotFoundError extends AppError {
  constructor(readonly eventId: string) {
    super(`No event with id ${JSON.stringify(eventId)}`);
  }
}

/** Redis could not be reached; `url` is shown without its password. */
export class RedisUnavailableError extends AppError {
  constructor(readonly url: string, cause: unknown) {
    super(`Cannot reach Redis at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, retryable: true });
  }
}
