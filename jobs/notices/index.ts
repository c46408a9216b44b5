/** Notices to many chats: the broadcast queues, their paced workers, the notice records and texts; each bot's send budget. */
export {
  BROADCAST_QUEUES,
  createBroadcastService,
  deliveryJobId,
  FANOUT_BATCH,
  FANOUT_GATE_QUEUE,
  NOTICE_QUEUE,
  queueOf,
  type BroadcastService,
  type BroadcastServiceOptions,
  type BroadcastStatus,
  type DeliveryJobData,
} from './broadcast-service.js';
export { createBroadcastWorkers, type BroadcastWorkerOptions, type BroadcastWorkers } from './broadcast-worker.js';
export {
  createNoticeStore,
  newNoticeId,
  noticeSchema,
  readNoticeId,
  type Acknowledgement,
  type DeliveryResult,
  type Notice,
  type NoticeStore,
} from './notice-store.js';
export { noticeIdInText, noticeText, reportedUnit, reportText } from './notice-texts.js';
export { isGroupChat, releaseChatSlot, takeChatSlot, type ChatPace } from './send-pacing.js';
export { createSendBudget, type SendBudgetOptions } from './send-budget.js';
