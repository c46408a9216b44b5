/**
 * The process's Prometheus metrics (prom-client), served at `/metrics`: questions answered and
 * refused, answer latency, reminders by outcome, broadcast sends by outcome, 429 answers by kind of message, and
 * queue depths read from Redis at each scrape. One registry per process; modules record through
 * the optional `metrics` they are given.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics the modules record. */
export interface Metrics {
  readonly registry: Registry;
  /** Questions, by outcome: answered (grounded), refused (not in the documents), failed. */
  readonly questions: Counter<'outcome'>;
  /** Seconds from question to answer. */
  readonly answerSeconds: Histogram;
  /** Reminders, by outcome: sent, late (sent after their time), dropped, failed. */
  readonly reminders: Counter<'outcome'>;
  /** Broadcast copies, by platform and outcome: sent, failed. */
  readonly broadcastSends: Counter<'platform' | 'outcome'>;
  /** 429 answers from a platform, by platform and kind of message (answer, reminder, report, notice). */
  readonly rateLimited: Counter<'platform' | 'kind'>;
  /** Jobs by queue and state (waiting, delayed, active, failed), read at each scrape. */
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** Sets what the queue depths are read from (once Redis is there). */
  watchQueues(read: () => Promise<{ queue: string; counts: Record<string, number> }[]>): void;
}

/** A fresh registry with the process's default metrics and the assistant's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let readQueues: (() => Promise<{ queue: string; counts: Record<string, number> }[]>) | undefined;
  const registers = [registry];
  return {
    registry,
    questions: new Counter({ name: 'pca_questions_total', help: 'Questions by outcome', labelNames: ['outcome'], registers }),
    answerSeconds: new Histogram({
      name: 'pca_answer_seconds',
      help: 'Seconds from question to answer',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    reminders: new Counter({ name: 'pca_reminders_total', help: 'Reminders by outcome', labelNames: ['outcome'], registers }),
    broadcastSends: new Counter({
      name: 'pca_broadcast_sends_total',
      help: 'Broadcast copies by platform and outcome',
      labelNames: ['platform', 'outcome'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'pca_rate_limited_total',
      help: '429 answers from a platform, by platform and kind of message',
      labelNames: ['platform', 'kind'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'pca_queue_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        if (!readQueues) return;
        try {
          for (const { queue, counts } of await readQueues()) for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
        } catch {
          // Redis is down: the depths keep their last values; /healthz says Redis is down.
        }
      },
    }),
    watchQueues(read) {
      readQueues = read;
    },
  };
}
