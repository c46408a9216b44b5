/**
 * Actions waiting for their author's confirmation (an event to schedule, a report deadline for
 * the units below, a notice to send, a
 * document to add), in
 * Redis for 30 minutes: `<prefix>:pending:<token>` holds the action,
 * `<prefix>:pending-last:<chat>:<person>` the author's latest token in a chat (for /dongy where
 * there are no buttons). Taking is atomic (GETDEL), so a double press or a second /dongy
 * confirms once.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import { eventPlanSchema, noticeSchema, type EventPlan, type Notice, type RedisConnection } from '../../jobs/index.js';
import { documentMetaSchema, type DocumentMeta } from '../../knowledge/index.js';

/** An event to schedule, or to put in place of `editOf`. */
export interface PendingEvent {
  kind: 'event';
  plan: EventPlan;
  editOf?: string;
}

/** A report deadline for many units: the event read once, and the units it goes to (`chat`: where each unit's event goes). */
export interface PendingCampaign {
  kind: 'campaign';
  code: string;
  plan: EventPlan;
  committee?: string;
  reminded: Array<{ unit: string; chat: string }>;
  withoutChat: string[];
}

/** A notice to send. */
export interface PendingNotice {
  kind: 'notice';
  draft: Omit<Notice, 'id' | 'createdAt'>;
}

/** A document to add to the library: the upload waits in a file. */
export interface PendingDocument {
  kind: 'document';
  /** The name it will have in the corpus. */
  file: string;
  /** Where the uploaded bytes wait. */
  upload: string;
  /** What was detected in it. */
  meta: DocumentMeta;
}

/** A document to remove from the library. */
export interface PendingRemoval {
  kind: 'removal';
  file: string;
  title: string;
}

/** An action and who may confirm it, where. */
export type PendingAction = (PendingEvent | PendingCampaign | PendingNotice | PendingDocument | PendingRemoval) & {
  person: string;
  chat: string;
  name?: string;
};

/** Who may confirm an action, and where. */
const envelope = { person: z.string(), chat: z.string(), name: z.string().optional() };

/** The shape of a stored {@link PendingAction}. */
const pendingActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), plan: eventPlanSchema, editOf: z.string().optional(), ...envelope }),
  z.object({
    kind: z.literal('campaign'),
    code: z.string(),
    plan: eventPlanSchema,
    committee: z.string().optional(),
    reminded: z.array(z.object({ unit: z.string(), chat: z.string() })),
    withoutChat: z.array(z.string()),
    ...envelope,
  }),
  z.object({ kind: z.literal('notice'), draft: noticeSchema.omit({ id: true, createdAt: true }), ...envelope }),
  z.object({ kind: z.literal('document'), file: z.string(), upload: z.string(), meta: documentMetaSchema, ...envelope }),
  z.object({ kind: z.literal('removal'), file: z.string(), title: z.string(), ...envelope }),
]) satisfies z.ZodType<PendingAction>;

/** The outcome of taking a pending action. */
export type TakenAction = { status: 'taken'; pending: PendingAction } | { status: 'missing' } | { status: 'not-yours' };

/** Pending actions over an ioredis client the caller owns. */
export interface PendingActions {
  /** Stores an action; returns its token. */
  put(pending: PendingAction): Promise<string>;
  /** Takes an action by token if `person` asked for it. */
  take(token: string, person: string): Promise<TakenAction>;
  /** The latest token of a person in a chat. */
  latest(chat: string, person: string): Promise<string | undefined>;
}

const TTL_SECONDS = 30 * 60;

/** Pending actions under `prefix`. */
export function createPendingActions(redis: RedisConnection, prefix: string): PendingActions {
  const key = (token: string) => `${prefix}:pending:${token}`;
  const latestKey = (chat: string, person: string) => `${prefix}:pending-last:${chat}:${person}`;
  return {
    async put(pending) {
      const token = randomBytes(6).toString('hex');
      await redis
        .multi()
        .set(key(token), JSON.stringify(pending), 'EX', TTL_SECONDS)
        .set(latestKey(pending.chat, pending.person), token, 'EX', TTL_SECONDS)
        .exec();
      return token;
    },
    async take(token, person) {
      const json = await redis.get(key(token));
      if (!json) return { status: 'missing' };
      if (parseStored(pendingActionSchema, json, 'pending action').person !== person) return { status: 'not-yours' };
      const taken = await redis.getdel(key(token));
      return taken ? { status: 'taken', pending: parseStored(pendingActionSchema, taken, 'pending action') } : { status: 'missing' };
    },
    async latest(chat, person) {
      return (await redis.get(latestKey(chat, person))) ?? undefined;
    },
  };
}
