/**
 * Report deadlines a committee sets for the units below it at once ("campaigns"): each unit with a
 * chat gets an event of its own (reminded in its own chat), every unit is expected to submit, and
 * its secretary confirms with /danop. Keys under the prefix:
 * - `campaign:<CODE>`: the campaign as JSON;
 * - `campaign:<CODE>:submissions`: hash unit id → submission JSON (the first confirmation counts);
 * - `campaigns-due:<YYYY-MM>`: set of the codes of the campaigns due in that month (the activity report).
 * Each expires {@link CAMPAIGN_KEPT_DAYS} days after the deadline, as a time to live counted from the caller's clock.
 */
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AppError, parseStored } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';

/** A report deadline set for many units. */
export interface ReportCampaign {
  /** What the units quote in /danop and the committee in /tinhhinh ("K7QM3X"). */
  code: string;
  title: string;
  /** The deadline: the events' start, ISO-8601 with offset. */
  deadline: string;
  /** A deadline day (due by its end) rather than a moment. */
  allDay: boolean;
  timeZone: string;
  /** The unit that set it; absent when a root admin set it for the whole tree. */
  committee?: string;
  /** Unit id → the id of its event, for each unit with a chat. */
  events: Record<string, string>;
  /** The units expected to submit that have no chat (not reminded). */
  withoutChat: string[];
  /** Who set it (`telegram:123`). */
  createdBy: string;
  /** ISO-8601. */
  createdAt: string;
}

/** The shape of a stored {@link ReportCampaign}. */
const campaignSchema = z.object({
  code: z.string(),
  title: z.string(),
  deadline: z.string(),
  allDay: z.boolean(),
  timeZone: z.string(),
  committee: z.string().optional(),
  events: z.record(z.string(), z.string()),
  withoutChat: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
}) satisfies z.ZodType<ReportCampaign>;

/** A unit's confirmation that it submitted. */
export interface Submission {
  unit: string;
  /** Who confirmed (`telegram:123`). */
  by: string;
  name?: string;
  /** ISO-8601. */
  at: string;
  /** Confirmed by the deadline (the end of its day for a deadline day). */
  onTime: boolean;
}

/** The shape of a stored {@link Submission}. */
const submissionSchema = z.object({
  unit: z.string(),
  by: z.string(),
  name: z.string().optional(),
  at: z.string(),
  onTime: z.boolean(),
}) satisfies z.ZodType<Submission>;

/** How long a campaign and its submissions are kept after its deadline. */
export const CAMPAIGN_KEPT_DAYS = 400;

/** The units a campaign expects a submission from: those with an event and those without a chat. */
export function campaignUnits(campaign: Pick<ReportCampaign, 'events' | 'withoutChat'>): string[] {
  return [...Object.keys(campaign.events), ...campaign.withoutChat];
}

/** The last moment a submission is on time: the deadline, or the end of its day for a deadline day. */
export function campaignCutoff(campaign: Pick<ReportCampaign, 'deadline' | 'allDay' | 'timeZone'>): DateTime {
  const deadline = DateTime.fromISO(campaign.deadline, { zone: campaign.timeZone });
  return campaign.allDay ? deadline.endOf('day') : deadline;
}

/** The month a campaign is due in ("2026-12"), in its time zone. */
export function campaignMonth(campaign: Pick<ReportCampaign, 'deadline' | 'timeZone'>): string {
  return DateTime.fromISO(campaign.deadline, { zone: campaign.timeZone }).toFormat('yyyy-MM');
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new campaign code: 6 characters without look-alikes. */
export function newCampaignCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** What {@link CampaignStore.submit} did: recorded now, or the unit had confirmed already (its first confirmation kept). */
export interface SubmitOutcome {
  recorded: boolean;
  submission: Submission;
}

/** Campaigns and their submissions. */
export interface CampaignStore {
  /** Stores a new campaign, listed under its month; throws {@link AppError} when its code is taken. */
  create(campaign: ReportCampaign, nowMs: number): Promise<void>;
  /** A campaign by code (case aside); undefined when unknown or expired. */
  get(code: string): Promise<ReportCampaign | undefined>;
  /** Whether a code is in use. */
  exists(code: string): Promise<boolean>;
  /** Records that a unit submitted at `atMs` (on time or late against the deadline); a second confirmation keeps the first. */
  submit(campaign: ReportCampaign, unit: string, who: { by: string; name?: string }, atMs: number): Promise<SubmitOutcome>;
  /** The submissions of a campaign by unit id. */
  submissions(code: string): Promise<Map<string, Submission>>;
  /** The campaigns due in a month ("2026-11"). */
  dueIn(month: string): Promise<ReportCampaign[]>;
}

/** A campaign store over an ioredis client the caller owns. */
export function createCampaignStore(redis: RedisConnection, options: { prefix?: string } = {}): CampaignStore {
  const prefix = keyPrefixFor(redis, options.prefix);
  const key = (code: string) => `${prefix}:campaign:${code.toUpperCase()}`;
  const submissionsKey = (code: string) => `${prefix}:campaign:${code.toUpperCase()}:submissions`;
  const monthKey = (month: string) => `${prefix}:campaigns-due:${month}`;
  /** The time to live of a campaign's keys, from now: what counts is how far its deadline is by the caller's clock. */
  const ttlMs = (campaign: ReportCampaign, nowMs: number) => Math.max(1, +campaignCutoff(campaign).plus({ days: CAMPAIGN_KEPT_DAYS }) - nowMs);

  const store: CampaignStore = {
    async create(campaign, nowMs) {
      const ttl = ttlMs(campaign, nowMs);
      const month = monthKey(campaignMonth(campaign));
      if ((await redis.set(key(campaign.code), JSON.stringify(campaign), 'PX', ttl, 'NX')) !== 'OK')
        throw new AppError(`A campaign with code ${campaign.code} exists already`);
      // The month's set lives as long as its longest-lived campaign.
      const monthTtl = Math.max(ttl, await redis.pttl(month));
      await redis.multi().sadd(month, campaign.code).pexpire(month, monthTtl).exec();
    },
    async get(code) {
      const json = await redis.get(key(code));
      return json ? parseStored(campaignSchema, json, 'campaign') : undefined;
    },
    async exists(code) {
      return (await redis.exists(key(code))) === 1;
    },
    async submit(campaign, unit, who, atMs) {
      const submission: Submission = {
        unit,
        by: who.by,
        ...(who.name ? { name: who.name } : {}),
        at: new Date(atMs).toISOString(),
        onTime: atMs <= +campaignCutoff(campaign),
      };
      const ttl = ttlMs(campaign, atMs);
      const [[, added]] = (await redis
        .multi()
        .hsetnx(submissionsKey(campaign.code), unit, JSON.stringify(submission))
        .pexpire(submissionsKey(campaign.code), ttl)
        .exec()) as [[unknown, number], unknown];
      if (added === 1) return { recorded: true, submission };
      const first = await redis.hget(submissionsKey(campaign.code), unit);
      return { recorded: false, submission: first ? parseStored(submissionSchema, first, 'submission') : submission };
    },
    async submissions(code) {
      const stored = await redis.hgetall(submissionsKey(code));
      return new Map(Object.entries(stored).map(([unit, json]) => [unit, parseStored(submissionSchema, json, 'submission')]));
    },
    async dueIn(month) {
      const codes = (await redis.smembers(monthKey(month))).sort();
      const found = await Promise.all(codes.map((code) => store.get(code)));
      return found.filter((campaign): campaign is ReportCampaign => campaign !== undefined);
    },
  };
  return store;
}
