/**
 * The data of every button the assistant puts under a message, encoded and decoded side by side.
 * Telegram allows 64 bytes. Reminders and notices encode (in `jobs/`), the cell commands decode
 * (in `bot/`): the formats live here so that the two can never drift apart.
 */

/** The prefix of each kind of button; a press is routed to the commands that own its prefix. */
export const BUTTON_PREFIXES = { confirm: 'sc:', attendance: 'at:', acknowledge: 'ack:' } as const;

/** "✅ Lưu" / "✖ Bỏ qua" under a preview: `sc:<12 hex token>:ok|no`. */
export const confirmButton = {
  encode: (token: string, ok: boolean): string => `${BUTTON_PREFIXES.confirm}${token}:${ok ? 'ok' : 'no'}`,
  decode(data: string): { token: string; ok: boolean } | undefined {
    const match = /^sc:([a-f0-9]{12}):(ok|no)$/u.exec(data);
    return match ? { token: match[1]!, ok: match[2] === 'ok' } : undefined;
  },
};

/** "✅ Tham dự" / "❌ Vắng" under a meeting reminder: `at:<event id>:<occurrence yyyyMMddTHHmm>:y|n`. */
export const attendanceButton = {
  encode: (eventId: string, occurrence: string, present: boolean): string => `${BUTTON_PREFIXES.attendance}${eventId}:${occurrence}:${present ? 'y' : 'n'}`,
  decode(data: string): { eventId: string; occurrence: string; present: boolean } | undefined {
    const match = /^at:(ev[a-f0-9]{20}):(\d{8}T\d{4}):(y|n)$/u.exec(data);
    return match ? { eventId: match[1]!, occurrence: match[2]!, present: match[3] === 'y' } : undefined;
  },
};

/** "✅ Đã nhận" under a notice: `ack:<notice id>` (6 readable characters, or the 8 hex characters of an older notice). */
export const acknowledgeButton = {
  encode: (noticeId: string): string => `${BUTTON_PREFIXES.acknowledge}${noticeId}`,
  decode(data: string): { noticeId: string } | undefined {
    const match = /^ack:([a-f0-9]{8}|[A-HJKMNP-Z2-9]{6})$/u.exec(data);
    return match ? { noticeId: match[1]! } : undefined;
  },
};
