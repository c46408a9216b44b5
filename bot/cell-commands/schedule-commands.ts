/**
 * /hop, /baocao, /kiemtra: read the event (a committee's /baocao for the units below: campaign-commands.ts), show it and wait for its author's confirmation (a
 * button, or /dongy: confirm-commands.ts); /lich lists what is coming for the cell; /sua and /huy
 * change or cancel an event by its short code (kept for life), by its number in the list last
 * shown, or, without either, the cell's one coming event (with several, they ask which). Only the
 * cell's officers and committee admins change anything. Done from a private chat, the preview
 * names the group the event goes to, and the group is told in one line once it is saved or cancelled.
 */
import { foldVietnamese } from '../../common/index.js';
import {
  EventNotFoundError,
  InvalidRemindersError,
  ScheduleRefusedError,
  type ListedEvent,
  type ScheduleKind,
  type ScheduleOptions,
} from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, canManage, chatsFor, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import {
  agendaText,
  CELL_REPLIES,
  formatWhen,
  groupToldText,
  previewText,
  refusalText,
  savedText,
  SCHEDULE_USAGE,
  shortCode,
  whichEventText,
} from './cell-texts.js';
import { confirmButtons } from './confirm-commands.js';
import type { EventChoices } from './event-choices.js';
import type { PendingAction, PendingEvent } from './pending-actions.js';

const COMMAND_KINDS: Record<keyof typeof SCHEDULE_USAGE, { kind: ScheduleKind; defaultTitle: string }> = {
  hop: { kind: 'meeting', defaultTitle: 'Sinh hoạt chi bộ' },
  baocao: { kind: 'report', defaultTitle: 'Báo cáo' },
  kiemtra: { kind: 'inspection', defaultTitle: 'Kiểm tra' },
};
const LIST_LIMIT = 15;
/** A number picking from the list shown ("/huy 2"). */
const CHOICE_NUMBER = /^\d{1,2}$/u;
/** A word after a number that makes it a time ("/sua 7 giờ tối"), not a choice ("/sua 2 20h"). */
const TIME_WORD = /^(?:gio|g|h|ruoi|kem|tieng|phut|sang|trua|chieu|toi|dem|khuya)(?![a-z])/u;
/** What can only be a (mistyped or old) short code or event id, never the new text of an edit. */
const CODE_LIKE = /^(?:[0-9a-f]{6}|(?=[a-f]*\d)[0-9a-f]{4,8}|ev[0-9a-f]{6,})$/u;

/** The event a /sua or /huy is about and the rest of its text, or what to answer instead. */
type Picked = { event: ListedEvent; rest: string } | { reply: Reply[] };

/**
 * Tells the event's chat (the cell's group) of a change made in another chat. A failed send is
 * logged and never fails the change, which is already saved.
 */
async function tellGroup(deps: Pick<CellCommandDeps, 'messenger' | 'logger'>, to: string, text: string): Promise<void> {
  if (!deps.messenger) return;
  try {
    await deps.messenger.send(to, { text });
  } catch (error) {
    deps.logger.warn({ err: error, chat: to }, 'Cannot tell the cell group of an event changed from another chat');
  }
}

/** The commands this file answers. */
export const SCHEDULE_COMMAND_NAMES = ['hop', 'baocao', 'kiemtra', 'lich', 'huy', 'sua'];

const text = textReply;

/**
 * The scheduling commands; `choices` keeps the numbered lists shown for "/huy 2"; `deadlineDown`
 * answers a /baocao that sets a deadline for the units below (undefined: a unit's own /baocao).
 */
export function createScheduleCommands(
  deps: CellCommandDeps,
  choices: EventChoices,
  deadlineDown: (args: string, message: IncomingMessage) => Promise<Reply[] | undefined>,
): ChatCommands {
  const { reminders, registry, pending } = deps;

  /** The refusal for someone who may not manage, naming who may. */
  async function refuse(access: Access, action: string): Promise<Reply[]> {
    const officers = access.cell ? await registry.officersOf(access.cell.id) : [];
    return text(refusalText(action, access.cell, officers));
  }

  /** A plan's refusal in the user's words; other errors go up. */
  function refused(error: unknown): Reply[] {
    if (error instanceof ScheduleRefusedError) return text(error.message);
    if (error instanceof InvalidRemindersError) return text(CELL_REPLIES.badReminders);
    throw error;
  }

  async function propose(message: IncomingMessage, args: string, options: ScheduleOptions, access: Access, editing?: ListedEvent): Promise<Reply[]> {
    const target = editing?.chat ?? (await chatsFor(registry, access)).target;
    if (!target) return text(CELL_REPLIES.noCellTarget);
    let plan;
    try {
      plan = await reminders.plan(target, args, { ...options, createdBy: access.person });
    } catch (error) {
      return refused(error);
    }
    const entry: PendingAction = {
      kind: 'event',
      plan,
      person: access.person,
      chat: access.chat,
      ...(message.userName ? { name: message.userName } : {}),
      ...(editing ? { editOf: editing.id } : {}),
    };
    const token = await pending.put(entry);
    const buttons = deps.hasButtons(message.channel);
    // From a private chat, the preview says which group the event goes to.
    const groupOf = message.chatType === 'private' && target !== access.chat ? access.cell : undefined;
    const preview = previewText(plan, buttons, editing, groupOf);
    return buttons ? [{ kind: 'text', text: preview, buttons: confirmButtons(token, CELL_REPLIES.saveEvent) }] : text(preview);
  }

  async function schedule(name: keyof typeof SCHEDULE_USAGE, args: string, message: IncomingMessage): Promise<Reply[]> {
    if (!args) return text(SCHEDULE_USAGE[name]);
    const down = name === 'baocao' ? await deadlineDown(args, message) : undefined;
    if (down) return down;
    const access = await accessOf(deps, message);
    if (!canManage(access)) return access.cellsLed > 1 ? text(CELL_REPLIES.manyCells) : refuse(access, 'đặt lịch');
    return propose(message, args, COMMAND_KINDS[name], access);
  }

  /** The event numbered `number` in the list last shown to the person (else in the cell's list now). */
  async function pickNumber(access: Access, events: readonly ListedEvent[], number: number, rest: string): Promise<Picked> {
    const choice = await choices.recall(access.chat, access.person);
    const codes = choice?.codes ?? events.slice(0, LIST_LIMIT).map(shortCode);
    const code = codes[number - 1];
    if (number < 1 || code === undefined) return { reply: text(CELL_REPLIES.noSuchNumber(number, codes.length)) };
    const event = events.find((each) => shortCode(each) === code);
    if (!event) return { reply: text(CELL_REPLIES.choiceGone(number)) };
    if (rest || !choice?.edit) return { event, rest };
    // The new text of the /sua that asked which event: used once.
    await choices.remember(access.chat, access.person, { codes: choice.codes });
    return { event, rest: choice.edit };
  }

  /**
   * The cell's coming event a /sua or /huy is about: by short code (or id) or number as its first
   * word, else the one coming event; with several, the reply lists them and asks which.
   */
  async function pick(access: Access, action: 'sua' | 'huy', args: string): Promise<Picked> {
    const { view } = await chatsFor(registry, access);
    const events = await reminders.listChats(view);
    const [first = '', ...others] = args.split(/\s+/u).filter(Boolean);
    const wanted = first.toLowerCase();
    const byCode = events.find((event) => shortCode(event) === wanted || event.id === wanted);
    if (byCode) return { event: byCode, rest: others.join(' ') };
    if (CHOICE_NUMBER.test(first) && !TIME_WORD.test(foldVietnamese(others[0] ?? ''))) {
      return events.length === 0
        ? { reply: text(CELL_REPLIES.noEventTo(action === 'sua' ? 'sửa' : 'hủy')) }
        : pickNumber(access, events, Number(first), others.join(' '));
    }
    if (CODE_LIKE.test(wanted)) return { reply: text(CELL_REPLIES.eventNotFound(first)) };
    const rest = args.trim();
    const [only, ...more] = events;
    if (!only) return { reply: text(CELL_REPLIES.noEventTo(action === 'sua' ? 'sửa' : 'hủy')) };
    if (more.length === 0) return { event: only, rest };
    const shown = events.slice(0, LIST_LIMIT);
    const edit = action === 'sua' && rest ? rest : undefined;
    await choices.remember(access.chat, access.person, { codes: shown.map(shortCode), ...(edit ? { edit } : {}) });
    return { reply: text(whichEventText(action, shown, edit)) };
  }

  async function list(message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(deps, message);
    const { view } = await chatsFor(registry, access);
    const title = CELL_REPLIES.agendaTitle(access.cell);
    const events = await reminders.listChats(view);
    // The numbers shown are what "/huy 2" picks from, for who may cancel.
    const canChange = canManage(access);
    if (canChange) await choices.remember(access.chat, access.person, { codes: events.slice(0, LIST_LIMIT).map(shortCode) });
    return text(agendaText(title, events, LIST_LIMIT, canChange));
  }

  async function cancel(args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(deps, message);
    if (!canManage(access)) return refuse(access, 'hủy lịch');
    const picked = await pick(access, 'huy', args);
    if ('reply' in picked) return picked.reply;
    const { event } = picked;
    await reminders.cancel(event.id);
    await recordAction(deps, {
      who: access.person,
      ...(message.userName ? { name: message.userName } : {}),
      action: 'event.cancelled',
      details: { eventId: event.id, title: event.title, chat: event.chat },
    });
    if (event.chat !== access.chat) {
      const when = formatWhen(event.next, event.allDay, event.timeZone);
      await tellGroup(deps, event.chat, groupToldText('cancelled', message.userName, event.title, when, false));
    }
    return text(CELL_REPLIES.cancelled(event));
  }

  async function edit(args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(deps, message);
    if (!canManage(access)) return refuse(access, 'sửa lịch');
    const picked = await pick(access, 'sua', args);
    if ('reply' in picked) return picked.reply;
    if (!picked.rest) return text(CELL_REPLIES.editWhat(picked.event));
    return propose(message, picked.rest, { base: picked.event }, access, picked.event);
  }

  return {
    commands: SCHEDULE_COMMAND_NAMES,
    async handle(name, args, message) {
      switch (name) {
        case 'hop':
        case 'baocao':
        case 'kiemtra':
          return schedule(name, args, message);
        case 'lich':
          return list(message);
        case 'huy':
          return cancel(args, message);
        default:
          return edit(args, message);
      }
    },
  };
}

/**
 * Carries out a confirmed event: commits it (in place of the event edited) and says what was saved;
 * confirmed in another chat than the event's (a private chat), the event's chat is told too.
 */
export function createEventConfirmer(deps: CellCommandDeps): (pending: PendingEvent & { person: string; chat: string; name?: string }) => Promise<string> {
  return async ({ plan, editOf, person, chat, name }) => {
    try {
      const committed = editOf ? await deps.reminders.replace(editOf, plan) : await deps.reminders.commit(plan);
      if (committed.created) {
        const details = { eventId: committed.id, title: plan.title, start: plan.start, chat: plan.chat };
        await recordAction(deps, { who: person, ...(name ? { name } : {}), action: editOf ? 'event.edited' : 'event.scheduled', details });
        if (plan.chat !== chat) {
          const { event } = committed;
          const when = formatWhen(event.start, event.allDay, event.timeZone);
          await tellGroup(deps, plan.chat, groupToldText(editOf ? 'edited' : 'scheduled', name, event.title, when, committed.reminders.length > 0));
        }
      }
      return savedText(committed.event, committed.reminders, committed.created, editOf !== undefined);
    } catch (error) {
      if (error instanceof ScheduleRefusedError) return error.message;
      if (error instanceof EventNotFoundError) return CELL_REPLIES.editedGone;
      throw error;
    }
  };
}
