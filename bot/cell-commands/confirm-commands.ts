/**
 * Confirmations: the "✅" / "✖" buttons under a preview (`sc:<token>:ok|no`) and /dongy where
 * there are no buttons. Only the person who asked confirms; each action is carried out once.
 */
import type { ChatCommands } from '../chat-commands.js';
import { BUTTON_PREFIXES, confirmButton, type ReplyButton } from '../../common/index.js';
import type { ButtonResult } from '../chat-types.js';
import { accessOf } from './cell-access.js';
import type { CellCommandDeps } from './cell-deps.js';
import { CELL_REPLIES } from './cell-texts.js';
import type { PendingAction, PendingCampaign, PendingDocument, PendingEvent, PendingNotice, PendingRemoval, TakenAction } from './pending-actions.js';

/** What carries out each kind of confirmed action, returning what to tell its author. */
export interface Confirmers {
  event(pending: PendingEvent & { person: string; chat: string; name?: string }): Promise<string>;
  /** A report deadline for the units below. */
  campaign(pending: PendingCampaign & { person: string; chat: string; name?: string }): Promise<string>;
  notice(pending: PendingNotice & { person: string; chat: string; name?: string }): Promise<string>;
  /** Absent where documents cannot be added (no library). */
  document?(pending: PendingDocument & { person: string; name?: string }): Promise<string>;
  /** Absent where documents cannot be removed (no library). */
  removal?(pending: PendingRemoval & { person: string; name?: string }): Promise<string>;
}

/** The commands this file answers. */
export const CONFIRM_COMMAND_NAMES = ['dongy'];

/** The buttons under a preview: carry out (with its own label) or drop. */
export function confirmButtons(token: string, label: string): ReplyButton[][] {
  return [
    [
      { label, data: confirmButton.encode(token, true) },
      { label: '✖ Bỏ qua', data: confirmButton.encode(token, false) },
    ],
  ];
}

/** /dongy and the confirmation buttons. */
export function createConfirmCommands(deps: CellCommandDeps, confirmers: Confirmers): ChatCommands {
  async function carryOut(pending: PendingAction): Promise<string> {
    if (pending.kind === 'event') return confirmers.event(pending);
    if (pending.kind === 'campaign') return confirmers.campaign(pending);
    if (pending.kind === 'notice') return confirmers.notice(pending);
    if (pending.kind === 'document') return confirmers.document ? confirmers.document(pending) : CELL_REPLIES.confirmExpired;
    return confirmers.removal ? confirmers.removal(pending) : CELL_REPLIES.confirmExpired;
  }

  async function confirm(token: string, person: string): Promise<{ status: TakenAction['status']; text: string }> {
    const taken = await deps.pending.take(token, person);
    if (taken.status === 'missing') return { status: taken.status, text: CELL_REPLIES.confirmExpired };
    if (taken.status === 'not-yours') return { status: taken.status, text: CELL_REPLIES.notYours };
    return { status: 'taken', text: await carryOut(taken.pending) };
  }

  return {
    commands: CONFIRM_COMMAND_NAMES,
    buttonPrefixes: [BUTTON_PREFIXES.confirm],
    async handle(_name, _args, message) {
      const access = await accessOf(deps, message);
      const token = await deps.pending.latest(access.chat, access.person);
      return [{ kind: 'text', text: token ? (await confirm(token, access.person)).text : CELL_REPLIES.nothingToConfirm }];
    },
    async handleButton(press): Promise<ButtonResult> {
      const button = confirmButton.decode(press.data);
      if (!button) return { notice: CELL_REPLIES.confirmExpired };
      const person = `${press.channel}:${press.userId}`;
      if (!button.ok) {
        const taken = await deps.pending.take(button.token, person);
        if (taken.status === 'not-yours') return { notice: CELL_REPLIES.notYours };
        return { notice: taken.status === 'taken' ? CELL_REPLIES.discarded : CELL_REPLIES.confirmExpired, closeButtons: true };
      }
      const outcome = await confirm(button.token, person);
      if (outcome.status === 'not-yours') return { notice: outcome.text };
      if (outcome.status === 'missing') return { notice: outcome.text, closeButtons: true };
      return { replies: [{ kind: 'text', text: outcome.text }], closeButtons: true };
    },
  };
}
