/**
 * Attendance: the ✅/❌ buttons under a meeting reminder, a member's reply to the reminder in
 * words ("Em xin vắng vì con ốm ạ"), /thamdu and /vang <lý do> (for the meeting of the reminder
 * replied to; else the cell's coming meeting, and with several in the next 14 days the member is
 * asked which: "/vang 2 ốm", or the number in reply), and /diemdanh (officers and admins) for the
 * tally of the nearest meeting.
 */
import { DateTime } from 'luxon';
import {
  formatDate,
  occurrenceAfter,
  occurrenceIso,
  occurrenceKey,
  type AttendanceCall,
  type AttendanceStatus,
  type PendingChoice,
  type ReminderEvent,
} from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { ButtonResult, IncomingMessage, Reply } from '../chat-types.js';
import { readAttendanceWords } from './attendance-words.js';
import { accessOf, canManage, chatsFor } from './cell-access.js';
import { textReply, type CellCommandDeps } from './cell-deps.js';
import { CELL_REPLIES, formatWhen, refusalText, tallyText } from './cell-texts.js';
import { attendanceButton, BUTTON_PREFIXES, chatAddress } from '../../common/index.js';

/** A meeting's buttons and its tally stay open this long after it starts. */
const OPEN_AFTER_START_MS = 12 * 3600 * 1000;

/** With more than one meeting within this time, /thamdu and /vang ask which. */
const CHOICE_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** The commands this file answers. */
export const ATTENDANCE_COMMAND_NAMES = ['thamdu', 'vang', 'diemdanh'];

/** The first line of a meeting reminder (jobs/reminders/reminder-texts.ts), for a reminder sent before its message ids were kept. */
const MEETING_REMINDER = /^Nhắc lịch họp:/u;

/** A choice typed alone ("2", "số 2", "2."). */
const CHOICE_ALONE = /^\s*(?:số\s*)?(\d{1,2})\s*[.)]?\s*$/iu;

/** A choice leading the arguments ("2 ốm"), unless the number is part of the reason ("2 ngày nằm viện"). */
const CHOICE_FIRST =
  /^(\d{1,2})(?:[.):]|\s+|$)(?!\s*(?:ngày|ngay|hôm|hom|tuần|tuan|tháng|thang|giờ|gio|h|tiếng|tieng|buổi|buoi|lần|lan)(?![\p{L}\p{M}]))\s*([\s\S]*)$/iu;

const text = textReply;
const isMeeting = (event: ReminderEvent) => event.kind === 'meeting';

/** A meeting occurrence. */
interface Meeting {
  event: ReminderEvent;
  occurrence: DateTime;
}

/** Who answers, from where. */
interface Member {
  person: string;
  name?: string;
  chat: string;
}

/** True when `occurrence` (to the minute, as buttons carry it) is one of the event's occurrences. */
function isOccurrence(event: ReminderEvent, occurrence: DateTime): boolean {
  if (!occurrence.isValid) return false;
  const found = occurrenceAfter(event, occurrence.minus({ minutes: 1 }), false);
  return found !== undefined && occurrenceKey(found) === occurrenceKey(occurrence);
}

/** The member writing a message. */
function memberOf(message: Pick<IncomingMessage, 'channel' | 'chatId' | 'userId' | 'userName'>): Member {
  return {
    person: chatAddress(message.channel, message.userId),
    chat: chatAddress(message.channel, message.chatId),
    ...(message.userName ? { name: message.userName } : {}),
  };
}

/** The attendance commands, buttons and replies to reminders. */
export function createAttendanceCommands(deps: CellCommandDeps): ChatCommands {
  const { registry, reminders, attendance } = deps;
  const clock = deps.now ?? (() => new Date());

  /** True when `chat` is the event's chat or a chat of its cell (a group, or a member's linked private chat). */
  async function fromEventsCell(event: ReminderEvent, chat: string): Promise<boolean> {
    if (chat === event.chat) return true;
    const cell = await registry.cellOfChat(event.chat);
    return cell !== undefined && (await registry.chatsOf(cell.id)).includes(chat);
  }

  /** The meeting a call names: its event active and having that occurrence; undefined when it is no more. */
  async function meetingOf(call: AttendanceCall): Promise<Meeting | undefined> {
    const event = await reminders.get(call.eventId);
    if (event?.status !== 'active') return undefined;
    const occurrence = DateTime.fromFormat(call.occurrence, "yyyyMMdd'T'HHmm", { zone: event.timeZone });
    return isOccurrence(event, occurrence) ? { event, occurrence } : undefined;
  }

  /** Records an answer for a meeting of the member's cell still open; the one line that says what was recorded, or why not. */
  async function record(meeting: Meeting, member: Member, status: AttendanceStatus, reason?: string): Promise<string> {
    const { event, occurrence } = meeting;
    if (!(await fromEventsCell(event, member.chat))) return CELL_REPLIES.notYourMeeting;
    if (+occurrence + OPEN_AFTER_START_MS < +clock()) return CELL_REPLIES.meetingOver;
    await attendance.record(event.id, occurrenceKey(occurrence), {
      person: member.person,
      ...(member.name ? { name: member.name } : {}),
      status,
      ...(reason ? { reason } : {}),
      at: new Date(+clock()).toISOString(),
    });
    const when = formatWhen(occurrenceIso(occurrence), event.allDay, event.timeZone);
    return status === 'present' ? CELL_REPLIES.present(event.title, when) : CELL_REPLIES.absent(event.title, when, reason);
  }

  /** The cell's meetings still ahead, the nearest first. */
  async function meetingsAhead(message: IncomingMessage): Promise<Meeting[]> {
    const access = await accessOf(deps, message);
    const { view } = await chatsFor(registry, access);
    const listed = (await reminders.listChats(view)).filter(isMeeting);
    return listed.map((event) => ({ event, occurrence: DateTime.fromISO(event.next, { zone: event.timeZone }) }));
  }

  /** The meetings an answer may be for: those of the next 14 days, else the nearest one. */
  function coming(meetings: readonly Meeting[]): Meeting[] {
    const soon = meetings.filter((meeting) => +meeting.occurrence <= +clock() + CHOICE_WINDOW_MS);
    return soon.length > 0 ? soon : meetings.slice(0, 1);
  }

  /**
   * The meeting of the reminder a message replies to: the meeting, 'gone' (over or cancelled),
   * 'unknown' (a reminder whose meeting is not known exactly), or undefined when the message
   * replies to no meeting reminder. Known exactly from the reminder's message id; a reminder sent
   * before ids were kept is known by its first line, and its meeting by the title and date it names.
   */
  async function repliedMeeting(message: IncomingMessage): Promise<Meeting | 'gone' | 'unknown' | undefined> {
    const replied = message.repliesToBot;
    if (!replied) return undefined;
    const call = await attendance.callAt(chatAddress(message.channel, message.chatId), replied.messageId);
    if (call) return (await meetingOf(call)) ?? 'gone';
    const reminder = replied.text;
    if (!reminder || !MEETING_REMINDER.test(reminder)) return undefined;
    const named = (await meetingsAhead(message)).filter(({ event, occurrence }) => reminder.includes(event.title) && reminder.includes(formatDate(occurrence)));
    return named.length === 1 ? named[0]! : 'unknown';
  }

  /** Asks which meeting, keeping the answer until the member says. */
  async function askWhich(member: Member, meetings: readonly Meeting[], status: AttendanceStatus, reason?: string): Promise<Reply[]> {
    const options = meetings.map(({ event, occurrence }) => ({ eventId: event.id, occurrence: occurrenceKey(occurrence) }));
    await attendance.holdChoice(member.chat, member.person, { status, ...(reason ? { reason } : {}), options });
    const shown = meetings.map(({ event, occurrence }) => ({ title: event.title, when: formatWhen(occurrenceIso(occurrence), event.allDay, event.timeZone) }));
    return text(CELL_REPLIES.whichMeeting(status, shown));
  }

  /** Meeting `number` of those the member was asked about (`held`), else of those coming; the reason kept with the question serves when none is given. */
  async function choose(
    member: Member,
    number: number,
    status: AttendanceStatus,
    reason: string | undefined,
    held: PendingChoice | undefined,
    meetings: readonly Meeting[],
  ): Promise<Reply[]> {
    const count = held ? held.options.length : meetings.length;
    if (number < 1 || number > count) return text(CELL_REPLIES.noSuchMeeting(number, count));
    const meeting = held ? await meetingOf(held.options[number - 1]!) : meetings[number - 1];
    if (!meeting) return text(CELL_REPLIES.meetingGone);
    if (held) await attendance.dropChoice(member.chat, member.person);
    return text(await record(meeting, member, status, reason ?? (held?.status === status ? held.reason : undefined)));
  }

  /** /thamdu and /vang: for the reminder replied to, else the meeting chosen, the one coming, or asks which. */
  async function answer(message: IncomingMessage, status: AttendanceStatus, args: string): Promise<Reply[]> {
    const member = memberOf(message);
    const replied = await repliedMeeting(message);
    if (replied === 'gone') return text(CELL_REPLIES.meetingGone);
    if (replied && replied !== 'unknown') return text(await record(replied, member, status, args || undefined));
    // Answers are for a meeting still ahead: "/vang ốm" the morning after is for the next one.
    const meetings = coming(await meetingsAhead(message));
    if (meetings.length === 0) return text(CELL_REPLIES.noMeeting);
    const chosen = CHOICE_FIRST.exec(args);
    if (chosen && (meetings.length > 1 || Number(chosen[1]) === 1)) {
      const held = await attendance.heldChoice(member.chat, member.person);
      return choose(member, Number(chosen[1]), status, chosen[2]!.trim() || undefined, held, meetings);
    }
    if (meetings.length > 1) return askWhich(member, meetings, status, args || undefined);
    return text(await record(meetings[0]!, member, status, args || undefined));
  }

  async function tally(message: IncomingMessage): Promise<Reply[]> {
    // The tally stays on a meeting for 12 hours after it starts.
    const access = await accessOf(deps, message);
    if (!canManage(access)) {
      const officers = access.cell ? await registry.officersOf(access.cell.id) : [];
      return text(refusalText('xem điểm danh', access.cell, officers));
    }
    const { view } = await chatsFor(registry, access);
    const found = await reminders.nextOccurrence(view, new Date(+clock() - OPEN_AFTER_START_MS), isMeeting);
    if (!found) return text(CELL_REPLIES.noMeetingTally);
    const answers = await attendance.answers(found.event.id, occurrenceKey(found.occurrence));
    return text(tallyText(found.event, occurrenceIso(found.occurrence), answers));
  }

  /** A reply to a meeting reminder, or the number of the meeting the member was asked about; undefined for anything else. */
  async function takeText(message: IncomingMessage, typed: string): Promise<Reply[] | undefined> {
    const replied = await repliedMeeting(message);
    if (replied) {
      const words = readAttendanceWords(typed);
      if (!words) return text(CELL_REPLIES.replyUnclear);
      if (replied === 'gone') return text(CELL_REPLIES.meetingGone);
      if (replied !== 'unknown') return text(await record(replied, memberOf(message), words.status, words.reason));
      return answer(message, words.status, words.reason ?? '');
    }
    const number = CHOICE_ALONE.exec(typed);
    if (!number) return undefined;
    const member = memberOf(message);
    const held = await attendance.heldChoice(member.chat, member.person);
    return held ? choose(member, Number(number[1]), held.status, undefined, held, []) : undefined;
  }

  return {
    commands: ATTENDANCE_COMMAND_NAMES,
    buttonPrefixes: [BUTTON_PREFIXES.attendance],
    async handle(name, args, message) {
      if (name === 'diemdanh') return tally(message);
      return answer(message, name === 'thamdu' ? 'present' : 'absent', args.slice(0, 200));
    },
    handleText: takeText,
    async handleButton(press): Promise<ButtonResult> {
      const button = attendanceButton.decode(press.data);
      // Button data comes from the member's app: the meeting must have this occurrence, and the press come from its cell.
      const meeting = button ? await meetingOf(button) : undefined;
      if (!button || !meeting) return { notice: CELL_REPLIES.meetingGone };
      return { notice: await record(meeting, memberOf(press), button.present ? 'present' : 'absent') };
    },
  };
}
