/**
 * /hop, /baocao, /kiemtra: read the event, show it and wait for its author's confirmation (a
 * button, or /dongy); /lich lists what is coming for the cell; /sua and /huy change or cancel an
 * event by its short code. Only the cell's officers and committee admins change anything.
 */
import { EventNotFoundError, InvalidRemindersError, ScheduleRefusedError, type ListedEvent, type ScheduleKind, type ScheduleOptions } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { ButtonResult, IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, canManage, chatsFor, type Access } from './cell-access.js';
import type { CellCommandDeps } from './cell-deps.js';
import { agendaText, CELL_REPLIES, previewText, refusalText, savedText, SCHEDULE_USAGE, shortCode } from './cell-texts.js';
import type { PendingPlan, TakenPlan } from './pending-plans.js';

const COMMAND_KINDS: Record<keyof typeof SCHEDULE_USAGE, { kind: ScheduleKind; defaultTitle: string }> = {
  hop: { kind: 'meeting', defaultTitle: 'Sinh hoạt chi bộ' },
  baocao: { kind: 'report', defaultTitle: 'Báo cáo' },
  kiemtra: { kind: 'inspection', defaultTitle: 'Kiểm tra' },
};
const CONFIRM_BUTTON = /^sc:([a-f0-9]{12}):(ok|no)$/u;
const LIST_LIMIT = 15;

/** The commands this file answers. */
export const SCHEDULE_COMMAND_NAMES = ['hop', 'baocao', 'kiemtra', 'dongy', 'lich', 'huy', 'sua'];

const text = (value: string): Reply[] => [{ kind: 'text', text: value }];

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
    if (error instanceof InvalidRemindersError) return text('Cách nhắc chưa đúng. Hãy ghi ví dụ "nhắc trước 1 ngày và 2 giờ" (tối đa 366 ngày, 10 lần nhắc).');
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
    const entry: PendingPlan = { plan, person: access.person, chat: access.chat, ...(editing ? { editOf: editing.id } : {}) };
    const token = await pending.put(entry);
    const buttons = deps.hasButtons(message.channel);
    const preview = previewText(plan, buttons, editing);
    if (!buttons) return text(preview);
    return [{ kind: 'text', text: preview, buttons: [[{ label: '✅ Lưu lịch', data: `sc:${token}:ok` }, { label: '✖ Bỏ qua', data: `sc:${token}:no` }]] }];
  }

  async function schedule(name: keyof typeof SCHEDULE_USAGE, args: string, message: IncomingMessage): Promise<Reply[]> {
    if (!args) return text(SCHEDULE_USAGE[name]);
    const access = await accessOf(registry, message);
    if (!canManage(access)) return access.cellsLed > 1 ? text(CELL_REPLIES.manyCells) : refuse(access, 'đặt lịch');
    return propose(message, args, COMMAND_KINDS[name], access);
  }

  /** Confirms a pending plan: commits it (in place of the event edited) and says what was saved. */
  async function confirm(token: string, person: string): Promise<{ status: TakenPlan['status']; text: string }> {
    const taken = await pending.take(token, person);
    if (taken.status === 'missing') return { status: taken.status, text: CELL_REPLIES.confirmExpired };
    if (taken.status === 'not-yours') return { status: taken.status, text: CELL_REPLIES.notYours };
    const { plan, editOf } = taken.pending;
    try {
      const committed = editOf ? await reminders.replace(editOf, plan) : await reminders.commit(plan);
      deps.logger.info({ eventId: committed.id, chat: plan.chat, by: person, edited: editOf !== undefined, created: committed.created }, 'event scheduled');
      return { status: 'taken', text: savedText(committed.event, committed.reminders, committed.created, editOf !== undefined) };
    } catch (error) {
      if (error instanceof ScheduleRefusedError) return { status: 'taken', text: error.message };
      if (error instanceof EventNotFoundError) return { status: 'taken', text: CELL_REPLIES.editedGone };
      throw error;
    }
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
    const title = access.cell ? `Lịch sắp tới của ${access.cell.name}` : 'Lịch sắp tới của nhóm này';
    return text(agendaText(title, await reminders.listChats(view), LIST_LIMIT));
  }

  async function cancel(args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(registry, message);
    if (!canManage(access)) return refuse(access, 'hủy lịch');
    if (!args) return text(CELL_REPLIES.codeNeeded);
    const event = await findEvent(access, args.split(/\s+/u)[0]!);
    if (!event) return text(CELL_REPLIES.eventNotFound(args));
    await reminders.cancel(event.id);
    deps.logger.info({ eventId: event.id, by: access.person }, 'event cancelled');
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

  async function confirmLatest(message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(registry, message);
    const token = await pending.latest(access.chat, access.person);
    return text(token ? (await confirm(token, access.person)).text : CELL_REPLIES.nothingToConfirm);
  }

  return {
    commands: SCHEDULE_COMMAND_NAMES,
    buttonPrefixes: ['sc:'],
    async handle(name, args, message) {
      switch (name) {
        case 'hop':
        case 'baocao':
        case 'kiemtra':
          return schedule(name, args, message);
        case 'dongy':
          return confirmLatest(message);
        case 'lich':
          return list(message);
        case 'huy':
          return cancel(args, message);
        default:
          return edit(args, message);
      }
    },
    async handleButton(press): Promise<ButtonResult> {
      const match = CONFIRM_BUTTON.exec(press.data);
      if (!match) return { notice: CELL_REPLIES.confirmExpired };
      const person = `${press.channel}:${press.userId}`;
      if (match[2] === 'no') {
        const taken = await pending.take(match[1]!, person);
        if (taken.status === 'not-yours') return { notice: CELL_REPLIES.notYours };
        return { notice: taken.status === 'taken' ? CELL_REPLIES.discarded : CELL_REPLIES.confirmExpired, closeButtons: true };
      }
      const outcome = await confirm(match[1]!, person);
      if (outcome.status === 'not-yours') return { notice: outcome.text };
      if (outcome.status === 'missing') return { notice: outcome.text, closeButtons: true };
      return { replies: text(outcome.text), closeButtons: true };
    },
  };
}
