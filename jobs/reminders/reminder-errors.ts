/** Errors of the reminder engine: what was refused and why. */
import { AppError } from '../../common/index.js';
import type { ScheduleParseProblem } from '../schedule-phrase/parse-schedule-phrase.js';

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
  constructor(
    readonly received: string,
    reason: string,
  ) {
    super(
      `Invalid reminders ${JSON.stringify(received)}: ${reason}. Expected offsets before the event such as 3d,1d,2h,0 (d days, h hours, m minutes, s seconds)`,
    );
  }
}

/** No event has this id. */
export class EventNotFoundError extends AppError {
  constructor(readonly eventId: string) {
    super(`No event with id ${JSON.stringify(eventId)}`);
  }
}
