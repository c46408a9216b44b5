/**
 * Everything that runs on Redis and BullMQ, one folder per domain: reminders of events, notices
 * to many chats, the organisation (cells, officers, attendance, audit log), the Vietnamese schedule
 * phrases they are set with, and the Redis connection they share.
 */
export * from './cells/index.js';
export * from './notices/index.js';
export * from './redis/index.js';
export * from './reminders/index.js';
export * from './schedule-phrase/index.js';
