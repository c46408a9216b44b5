/**
 * Notices: /thongbao (an admin previews a notice to every chat of the part of the tree they
 * manage, or to the units, kinds of units or chat addresses named in brackets: notice-targets.ts,
 * and confirms), the "✅ Đã nhận" button, a reply to the notice and /danhan (a member
 * acknowledges), /xacnhan (admins: progress and who acknowledged, by unit; alone, of the last
 * notice they sent), /lienket (a member links a private chat to the cell, for Zalo where there are
 * no groups yet).
 */
import { noticeIdInText, type Notice } from '../../jobs/index.js';
import { afterReplies } from '../after-replies.js';
import type { ChatCommands } from '../chat-commands.js';
import type { ButtonResult, IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, isAnyAdmin, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { confirmButtons } from './confirm-commands.js';
import { ORG_REPLIES } from './cell-texts.js';
import { noticeTargets, readFilter } from './notice-targets.js';
import { NOTICE_REPLIES, noticePreview, noticeProgress } from './notice-texts.js';
import { mayManage } from './unit-scope.js';
import type { PendingAction, PendingNotice } from './pending-actions.js';
import { acknowledgeButton, BUTTON_PREFIXES } from '../../common/index.js';

/** The commands this file answers. */
export const NOTICE_COMMAND_NAMES = ['thongbao', 'xacnhan', 'danhan', 'lienket'];

/** Longest notice text: room for the header within Zalo's 2,000 characters. */
export const NOTICE_MAX_LENGTH = 1800;

const TARGETS = /^\[([^\]]*)\]\s*([\s\S]*)$/u;
/** "chỉ các chi bộ thuộc Đảng bộ phường X: nội dung": a kind filter before a colon, without brackets. */
const FILTER_THEN_BODY = /^(chỉ\s[^:\n]+):\s*([\s\S]*)$/iu;

const text = textReply;

/** The notice commands, and what carries out a confirmed notice. */
export function createNoticeCommands(
  deps: CellCommandDeps,
): ChatCommands & { confirmNotice(pending: PendingNotice & { person: string; chat: string; name?: string }): Promise<string> } {
  const { registry, broadcasts } = deps;

  async function propose(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const filtered = FILTER_THEN_BODY.exec(args);
    const bracketed = TARGETS.exec(args) ?? (filtered && readFilter(filtered[1]!) ? filtered : null);
    const names = bracketed
      ? bracketed[1]!
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [];
    const body = (bracketed ? bracketed[2]! : args).trim();
    if (!body) return text(NOTICE_REPLIES.usage);
    if (body.length > NOTICE_MAX_LENGTH) return text(NOTICE_REPLIES.tooLong(body.length, NOTICE_MAX_LENGTH));
    const targets = await noticeTargets(deps, access, names);
    if ('reply' in targets) return targets.reply;
    if (targets.chats.length === 0) return text(NOTICE_REPLIES.noChats);
    const { cellOf, branchOf } = targets;
    const draft = { text: body, targets: targets.chats, cellOf, branchOf, sender: access.person, reportTo: access.chat };
    const entry: PendingAction = { kind: 'notice', draft, person: access.person, chat: access.chat, ...(message.userName ? { name: message.userName } : {}) };
    const token = await deps.pending.put(entry);
    const buttons = deps.hasButtons(message.channel);
    const preview = noticePreview(body, targets.units, targets.chats.length, buttons);
    return buttons ? [{ kind: 'text', text: preview, buttons: confirmButtons(token, '✅ Gửi') }] : text(preview);
  }

  /** Whether a unit admin may follow a notice: one they sent, or one whose every chat is in a unit they manage. */
  async function mayFollow(notice: Notice, access: Access): Promise<boolean> {
    if (access.isAdmin || notice.sender === access.person) return true;
    for (const chat of notice.targets) {
      const unit = await registry.cellOfChat(chat);
      if (!unit || !(await mayManage(deps, access, unit))) return false;
    }
    return true;
  }

  async function progress(args: string, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    // Alone, the last notice the admin sent (or, for a root admin, the last of all).
    const notice = args ? await broadcasts.notices.get(args) : await broadcasts.notices.latest(access.person);
    if (!notice) return text(args ? NOTICE_REPLIES.notFound(args) : NOTICE_REPLIES.noNotices);
    if (!(await mayFollow(notice, access))) return text(NOTICE_REPLIES.notYourProgress(notice.id));
    const [status, acks] = await Promise.all([broadcasts.status(notice.id), broadcasts.notices.acknowledgements(notice.id)]);
    return text(noticeProgress(notice, status!, acks));
  }

  /** True when the notice went to `chat`, or to a chat of the cell `chat` belongs to (a member's linked private chat). */
  async function reached(notice: Notice, chat: string): Promise<boolean> {
    if (notice.targets.includes(chat)) return true;
    const cell = await registry.cellOfChat(chat);
    return cell !== undefined && (await registry.chatsOf(cell.id)).some((each) => notice.targets.includes(each));
  }

  async function acknowledge(id: string, person: string, name: string | undefined, chat: string): Promise<string> {
    const notice = await broadcasts.notices.get(id);
    if (!notice) return NOTICE_REPLIES.ackGone;
    if (!(await reached(notice, chat))) return NOTICE_REPLIES.notYourNotice;
    await broadcasts.notices.acknowledge(notice.id, { person, ...(name ? { name } : {}), chat, at: new Date().toISOString() });
    return NOTICE_REPLIES.acknowledged;
  }

  /** The notice a message replies to (its copy in this chat), if it replies to one. */
  async function repliedNotice(message: IncomingMessage): Promise<string | undefined> {
    const replied = message.repliesToBot;
    if (!replied) return undefined;
    const copy = await broadcasts.notices.copyAt(`${message.channel}:${message.chatId}`, replied.messageId);
    // A copy sent before copies were remembered carries its code in its first line.
    return copy ?? (replied.text ? noticeIdInText(replied.text) : undefined);
  }

  async function link(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (message.chatType !== 'private') return text(NOTICE_REPLIES.linkPrivateOnly);
    const code = args.split(/\s+/u)[0];
    if (!code) return text(NOTICE_REPLIES.linkUsage);
    const cell = await registry.redeemMemberCode(code, access.chat);
    return text(cell ? NOTICE_REPLIES.linked(cell) : NOTICE_REPLIES.badMemberCode);
  }

  return {
    commands: NOTICE_COMMAND_NAMES,
    buttonPrefixes: [BUTTON_PREFIXES.acknowledge],
    async handle(name, args, message) {
      const access = await accessOf(deps, message);
      switch (name) {
        case 'thongbao':
          return propose(args, message, access);
        case 'xacnhan':
          return progress(args, access);
        case 'danhan': {
          const id = args || (await repliedNotice(message));
          return text(id ? await acknowledge(id, access.person, message.userName, access.chat) : NOTICE_REPLIES.ackUsage);
        }
        default:
          return link(args, message, access);
      }
    },
    async handleText(message) {
      // Any reply to a notice ("Đã nhận", "Rõ ạ") acknowledges it.
      const id = await repliedNotice(message);
      if (!id) return undefined;
      const access = await accessOf(deps, message);
      return text(await acknowledge(id, access.person, message.userName, access.chat));
    },
    async handleButton(press): Promise<ButtonResult> {
      const button = acknowledgeButton.decode(press.data);
      if (!button) return { notice: NOTICE_REPLIES.ackGone };
      return { notice: await acknowledge(button.noticeId, `${press.channel}:${press.userId}`, press.userName, `${press.channel}:${press.chatId}`) };
    },
    async confirmNotice({ draft, person, name }) {
      const { notice, created } = await broadcasts.store({ ...draft, ...(name && !draft.senderName ? { senderName: name } : {}) });
      // Queued once "Đang gửi thông báo #…" has reached the sender: the delivery report can never come first.
      await afterReplies(async () => {
        await broadcasts.queue(notice.id);
      });
      if (created)
        await recordAction(deps, {
          who: person,
          ...(name ? { name } : {}),
          action: 'notice.sent',
          details: { noticeId: notice.id, targets: notice.targets.length },
        });
      return created ? NOTICE_REPLIES.queued(notice) : NOTICE_REPLIES.alreadySent(notice);
    },
  };
}
