/**
 * /hop, /baocao, /kiemtra: read the event, show it and wait for its author's confirmation (a
 * button, or /dongy: confirm-commands.ts); /lich lists what is coming for the cell; /sua and /huy change or cancel an
 * event by its short code. Only the cell's officers and committee admins change anything.
 */
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
import { agendaText, CELL_REPLIES, previewText, refusalText, savedText, SCHEDULE_USAGE, shortCode } from './cell-texts.js';
import { confirmButtons } from './confirm-commands.js';
import type { PendingAction, PendingEvent } from './pending-actions.js';

const COMMAND_KINDS: Record<keyof typeof SCHEDULE_USAGE, { kind: ScheduleKind; defaultTitle: string }> = {
  hop: { kind: 'meeting', defaultTitle: 'Sinh hoạt chi bộ' },
  baocao: { kind: 'report', defaultTitle: 'Báo cáo' },
  kiemtra: { kind: 'inspection', defaultTitle: 'Kiểm tra' },
};
const LIST_LIMIT = 15;

/** The commands this file answers. */
export const SCHEDULE_COMMAND_NAMES = ['hop', 'baocao', 'kiemtra', 'lich', 'huy', 'sua'];

const text = textReply;

/** The scheduling commands. */
export function createScheduleCommands(deps: CellCommandDeps): ChatCommands {
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
    const preview = previewText(plan, buttons, editing);
    return buttons ? [{ kind: 'text', text: preview, buttons: confirmButtons(token, CELL_REPLIES.saveEvent) }] : text(preview);
  }

  async function schedule(name: keyof typeof SCHEDULE_USAGE, args: string, message: IncomingMessage): Promise<Reply[]> {
    if (!args) return text(SCHEDULE_USAGE[name]);
    const access = await accessOf(registry, message);
    if (!canManage(access)) return access.cellsLed > 1 ? text(CELL_REPLIES.manyCells) : refuse(access, 'đặt lịch');
    return propose(message, args, COMMAND_KINDS[name], access);
  }

  /** The cell's coming event whose short code (or id) is `code`, with its next occurrence. */
  async function findEvent(access: Access, code: string): Promise<ListedEvent | undefined> {
    const wanted = code.trim().toLowerCase();
    const { view } = await chatsFor(registry, access);
    return (await reminders.listChats(view)).find((event) => shortCode(event.id) === wanted || event.id === wanted);
  }

  async function list(message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(registry, message);
    const { view } = await chatsFor(registry, access);
    const title = CELL_REPLIES.agendaTitle(access.cell);
    return text(agendaText(title, await reminders.listChats(view), LIST_LIMIT));
  }

  async function cancel(args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(registry, message);
    if (!canManage(access)) return refuse(access, 'hủy lịch');
    if (!args) return text(CELL_REPLIES.codeNeeded);
    const event = await findEvent(access, args.split(/\s+/u)[0]!);
    if (!event) return text(CELL_REPLIES.eventNotFound(args));
    await reminders.cancel(event.id);
    await recordAction(deps, {
      who: access.person,
      ...(message.userName ? { name: message.userName } : {}),
      action: 'event.cancelled',
      details: { eventId: event.id, title: event.title, chat: event.chat },
    });
    return text(CELL_REPLIES.cancelled(event));
  }

  async function edit(args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(registry, message);
    if (!canManage(access)) return refuse(access, 'sửa lịch');
    const [code, ...rest] = args.split(/\s+/u);
    if (!code || rest.length === 0) return text(CELL_REPLIES.editUsage);
    const event = await findEvent(access, code);
    if (!event) return text(CELL_REPLIES.eventNotFound(code));
    return propose(message, rest.join(' '), { base: event }, access, event);
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

/** Carries out a confirmed event: commits it (in place of the event edited) and says what was saved. */
export function createEventConfirmer(deps: CellCommandDeps): (pending: PendingEvent & { person: string; name?: string }) => Promise<string> {
  return async ({ plan, editOf, person, name }) => {
    try {
      const committed = editOf ? await deps.reminders.replace(editOf, plan) : await deps.reminders.commit(plan);
      if (committed.created) {
        const details = { eventId: committed.id, title: plan.title, start: plan.start, chat: plan.chat };
        await recordAction(deps, { who: person, ...(name ? { name } : {}), action: editOf ? 'event.edited' : 'event.scheduled', details });
      }
      return savedText(committed.event, committed.reminders, committed.created, editOf !== undefined);
    } catch (error) {
      if (error instanceof ScheduleRefusedError) return error.message;
      if (error instanceof EventNotFoundError) return CELL_REPLIES.editedGone;
      throw error;
    }
  };
}
