/**
 * Attendance: the ✅/❌ buttons under a meeting reminder, /thamdu and /vang <lý do> for the cell's
 * next meeting, and /diemdanh (officers and admins) for the tally of the nearest meeting.
 */
import { DateTime } from 'luxon';
import { occurrenceAfter, occurrenceIso, occurrenceKey, type AttendanceStatus, type ReminderEvent } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { ButtonResult, IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, canManage, chatsFor } from './cell-access.js';
import { textReply, type CellCommandDeps } from './cell-deps.js';
import { CELL_REPLIES, formatWhen, refusalText, tallyText } from './cell-texts.js';
import { attendanceButton, BUTTON_PREFIXES, chatAddress } from '../../common/index.js';

/** A meeting's buttons and its tally stay open this long after it starts. */
const OPEN_AFTER_START_MS = 12 * 3600 * 1000;

/** The commands this file answers. */
export const ATTENDANCE_COMMAND_NAMES = ['thamdu', 'vang', 'diemdanh'];

const text = textReply;
const isMeeting = (event: ReminderEvent) => event.kind === 'meeting';

/** True when `occurrence` (to the minute, as buttons carry it) is one of the event's occurrences. */
function isOccurrence(event: ReminderEvent, occurrence: DateTime): boolean {
  if (!occurrence.isValid) return false;
  const found = occurrenceAfter(event, occurrence.minus({ minutes: 1 }), false);
  return found !== undefined && occurrenceKey(found) === occurrenceKey(occurrence);
}

/** The attendance commands and buttons. */
export function createAttendanceCommands(deps: CellCommandDeps): ChatCommands {
  const { registry, reminders, attendance } = deps;
  const clock = deps.now ?? (() => new Date());

  /** True when `chat` is the event's chat or a chat of its cell (a group, or a member's linked private chat). */
  async function fromEventsCell(event: ReminderEvent, chat: string): Promise<boolean> {
    if (chat === event.chat) return true;
    const cell = await registry.cellOfChat(event.chat);
    return cell !== undefined && (await registry.chatsOf(cell.id)).includes(chat);
  }

  /** The cell's meeting nearest after `since`. */
  async function nearestMeeting(message: IncomingMessage, since: Date) {
    const access = await accessOf(registry, message);
    const { view } = await chatsFor(registry, access);
    const found = await reminders.nextOccurrence(view, since, isMeeting);
    return { access, found };
  }

  async function answer(message: IncomingMessage, status: AttendanceStatus, reason: string): Promise<Reply[]> {
    // Answers are for a meeting still ahead: "/vang ốm" the morning after is for the next one.
    const { access, found } = await nearestMeeting(message, clock());
    if (!found) return text(CELL_REPLIES.noMeeting);
    const { event, occurrence } = found;
    await attendance.record(event.id, occurrenceKey(occurrence), {
      person: access.person,
      ...(message.userName ? { name: message.userName } : {}),
      status,
      ...(reason ? { reason } : {}),
      at: new Date(+clock()).toISOString(),
    });
    const when = formatWhen(occurrenceIso(occurrence), event.allDay, event.timeZone);
    return text(status === 'present' ? CELL_REPLIES.present(event.title, when) : CELL_REPLIES.absent(event.title, when, reason || undefined));
  }

  async function tally(message: IncomingMessage): Promise<Reply[]> {
    // The tally stays on a meeting for 12 hours after it starts.
    const { access, found } = await nearestMeeting(message, new Date(+clock() - OPEN_AFTER_START_MS));
    if (!canManage(access)) {
      const officers = access.cell ? await registry.officersOf(access.cell.id) : [];
      return text(refusalText('xem điểm danh', access.cell, officers));
    }
    if (!found) return text(CELL_REPLIES.noMeetingTally);
    const answers = await attendance.answers(found.event.id, occurrenceKey(found.occurrence));
    return text(tallyText(found.event, occurrenceIso(found.occurrence), answers));
  }

  return {
    commands: ATTENDANCE_COMMAND_NAMES,
    buttonPrefixes: [BUTTON_PREFIXES.attendance],
    async handle(name, args, message) {
      if (name === 'diemdanh') return tally(message);
      return answer(message, name === 'thamdu' ? 'present' : 'absent', args.slice(0, 200));
    },
    async handleButton(press): Promise<ButtonResult> {
      const button = attendanceButton.decode(press.data);
      const event = button ? await reminders.get(button.eventId) : undefined;
      if (!button || event?.status !== 'active') return { notice: CELL_REPLIES.meetingGone };
      const occurrence = DateTime.fromFormat(button.occurrence, "yyyyMMdd'T'HHmm", { zone: event.timeZone });
      // Button data comes from the member's app: the meeting must have this occurrence, and the press come from its cell.
      if (!isOccurrence(event, occurrence)) return { notice: CELL_REPLIES.meetingGone };
      if (!(await fromEventsCell(event, chatAddress(press.channel, press.chatId)))) return { notice: CELL_REPLIES.notYourMeeting };
      if (+occurrence + OPEN_AFTER_START_MS < +clock()) return { notice: CELL_REPLIES.meetingOver };
      const status: AttendanceStatus = button.present ? 'present' : 'absent';
      await attendance.record(event.id, button.occurrence, {
        person: `${press.channel}:${press.userId}`,
        ...(press.userName ? { name: press.userName } : {}),
        status,
        at: new Date(+clock()).toISOString(),
      });
      const when = formatWhen(occurrenceIso(occurrence), event.allDay, event.timeZone);
      return { notice: status === 'present' ? CELL_REPLIES.present(event.title, when) : CELL_REPLIES.absent(event.title, when) };
    },
  };
}
