/**
 * Report deadlines down the tree and activity at a glance (issue 17): a committee admin's /baocao
 * for the units below ("/baocao các chi bộ nộp báo cáo quý trước ngày 20/12", "/baocao [chỉ các
 * chi bộ thuộc Đảng bộ phường A] …": campaign-targets.ts) previews, then on /dongy gives each unit
 * with a chat an event of its own under one campaign code; /danop <mã> from a unit's secretary or
 * deputy records that it submitted; /tinhhinh <mã> shows who did, one level below the committee;
 * /tinhhinh [tháng 11] shows each unit's month: meeting, attendance, reports.
 */
import { DateTime } from 'luxon';
import { foldVietnamese } from '../../common/index.js';
import { campaignUnits, newCampaignCode, ScheduleRefusedError, type Cell, type ReportCampaign } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, isAnyAdmin, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { CELL_REPLIES, ORG_REPLIES, refusalText } from './cell-texts.js';
import {
  activityText,
  CAMPAIGN_REPLIES,
  campaignAgenda,
  campaignPreview,
  campaignSavedText,
  campaignStatusText,
  type CampaignGroup,
} from './campaign-texts.js';
import { deadlineTargets, leadingTargets } from './campaign-targets.js';
import { confirmButtons } from './confirm-commands.js';
import type { PendingAction, PendingCampaign } from './pending-actions.js';
import { mayManage, ownUnits } from './unit-scope.js';

/** The commands this file answers (its /baocao form is reached through the scheduling commands). */
export const CAMPAIGN_COMMAND_NAMES = ['danop', 'tinhhinh'];

const TARGETS = /^\[([^\]]*)\]\s*([\s\S]*)$/u;
const CAMPAIGN_CODE = /^[A-HJ-NP-Z2-9]{6}$/iu;
/** "tháng 11", "thang 11/2026", "11/2026", "2026-11". */
const MONTH = /^(?:thang\s*)?(\d{1,2})(?:\s*[/-]\s*(\d{4}))?$|^(\d{4})-(\d{2})$/u;

const text = textReply;

/** The campaign commands, the /baocao form for the units below, and what carries out a confirmed campaign. */
export function createCampaignCommands(deps: CellCommandDeps): ChatCommands & {
  /** The reply to a /baocao that sets a deadline for the units below; undefined for a unit's own /baocao. */
  proposeDeadline(args: string, message: IncomingMessage): Promise<Reply[] | undefined>;
  confirmCampaign(pending: PendingCampaign & { person: string; chat: string; name?: string }): Promise<string>;
} {
  const { registry, reminders, campaigns } = deps;
  const clock = deps.now ?? (() => new Date());

  async function proposeDeadline(args: string, message: IncomingMessage): Promise<Reply[] | undefined> {
    const bracketed = TARGETS.exec(args.trim());
    const leading = bracketed ? undefined : leadingTargets(args);
    if (!bracketed && !leading) return undefined;
    const access = await accessOf(deps, message);
    if (!isAnyAdmin(access)) return bracketed ? text(ORG_REPLIES.adminOnly) : undefined;
    const items = bracketed
      ? bracketed[1]!
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : leading!.items;
    const body = bracketed ? bracketed[2]!.trim() : leading!.rest;
    if (!body) return text('Hãy ghi nội dung và hạn sau danh sách đơn vị, ví dụ: /baocao [chỉ các chi bộ] nộp báo cáo quý trước ngày 20/12.');
    const targets = await deadlineTargets(deps, access, items);
    if ('reply' in targets) return targets.reply;
    if (targets.reminded.length + targets.withoutChat.length === 0) return text(CAMPAIGN_REPLIES.noUnits);
    let plan;
    try {
      plan = await reminders.plan(targets.reminded[0]?.chat ?? access.chat, body, { kind: 'report', defaultTitle: 'Báo cáo', createdBy: access.person });
    } catch (error) {
      if (error instanceof ScheduleRefusedError) return text(error.message);
      throw error;
    }
    let code = newCampaignCode();
    while (await campaigns.exists(code)) code = newCampaignCode();
    const entry: PendingAction = {
      kind: 'campaign',
      code,
      plan,
      ...(targets.committee ? { committee: targets.committee.id } : {}),
      reminded: targets.reminded.map(({ unit, chat }) => ({ unit: unit.id, chat })),
      withoutChat: targets.withoutChat.map((unit) => unit.id),
      person: access.person,
      chat: access.chat,
      ...(message.userName ? { name: message.userName } : {}),
    };
    const token = await deps.pending.put(entry);
    const canPress = deps.hasButtons(message.channel);
    const preview = campaignPreview({
      code,
      plan,
      ...(targets.committee ? { committee: targets.committee } : {}),
      reminded: targets.reminded.map(({ unit }) => unit),
      withoutChat: targets.withoutChat,
      canPress,
    });
    return canPress ? [{ kind: 'text', text: preview, buttons: confirmButtons(token, '✅ Giao hạn') }] : text(preview);
  }

  async function confirmCampaign({
    code,
    plan,
    committee,
    reminded,
    withoutChat,
    person,
    name,
  }: PendingCampaign & { person: string; name?: string }): Promise<string> {
    const committeeUnit = committee ? await registry.cell(committee) : undefined;
    const assignedBy = committeeUnit?.name ?? 'Đảng ủy cấp trên';
    const events: Record<string, string> = {};
    try {
      for (const { unit, chat } of reminded) {
        const committed = await reminders.commit({ ...plan, chat, campaign: code, assignedBy, agenda: campaignAgenda(code, plan.agenda) });
        events[unit] = committed.id;
      }
    } catch (error) {
      if (error instanceof ScheduleRefusedError) return error.message;
      throw error;
    }
    const campaign: ReportCampaign = {
      code,
      title: plan.title,
      deadline: plan.start,
      allDay: plan.allDay,
      timeZone: plan.timeZone,
      ...(committee ? { committee } : {}),
      events,
      withoutChat,
      createdBy: person,
      createdAt: clock().toISOString(),
    };
    await campaigns.create(campaign, +clock());
    await recordAction(deps, {
      who: person,
      ...(name ? { name } : {}),
      action: 'campaign.created',
      details: { campaign: code, title: plan.title, deadline: plan.start, units: reminded.length + withoutChat.length, cell: assignedBy },
    });
    return campaignSavedText(campaign);
  }

  /** The unit a /danop is for, or the reply to give instead. */
  async function submittingUnit(access: Access, campaign: ReportCampaign, named: string): Promise<Cell | Reply[]> {
    const expected = new Set(campaignUnits(campaign));
    if (access.boundHere && access.cell) {
      const unit = access.cell;
      if (!expected.has(unit.id)) return text(CAMPAIGN_REPLIES.notInCampaign(unit, campaign.code));
      return access.officer || access.managesCell ? unit : text(CAMPAIGN_REPLIES.officersOnly(unit));
    }
    const led = (await registry.cellsLedBy(access.person)).filter((id) => expected.has(id));
    const units = (await Promise.all(led.map((id) => registry.cell(id)))).filter((unit): unit is Cell => unit !== undefined);
    if (named) {
      const wanted = foldVietnamese(named).toLowerCase();
      const unit = units.find((each) => each.id === named.toLowerCase() || foldVietnamese(each.name).toLowerCase() === wanted);
      if (unit) return unit;
    }
    if (units.length === 1) return units[0]!;
    if (units.length === 0) return text(CAMPAIGN_REPLIES.notAnOfficer(campaign.code));
    return text(CAMPAIGN_REPLIES.whichUnit(campaign.code, units));
  }

  async function submit(args: string, message: IncomingMessage): Promise<Reply[]> {
    const [code = '', ...rest] = args.split(/\s+/u).filter(Boolean);
    if (!code) return text(CAMPAIGN_REPLIES.danopUsage);
    const campaign = await campaigns.get(code);
    if (!campaign) return text(CAMPAIGN_REPLIES.notFound(code));
    const access = await accessOf(deps, message);
    const unit = await submittingUnit(access, campaign, rest.join(' '));
    if (Array.isArray(unit)) return unit;
    const who = { by: access.person, ...(message.userName ? { name: message.userName } : {}) };
    const outcome = await campaigns.submit(campaign, unit.id, who, +clock());
    if (!outcome.recorded) return text(CAMPAIGN_REPLIES.submittedBefore(unit, campaign, outcome.submission));
    await recordAction(deps, {
      who: access.person,
      ...(message.userName ? { name: message.userName } : {}),
      action: 'report.submitted',
      details: { campaign: campaign.code, cell: unit.name, unit: unit.id, onTime: outcome.submission.onTime ? 'on time' : 'late' },
    });
    return text(CAMPAIGN_REPLIES.submitted(unit, campaign, outcome.submission));
  }

  /** /tinhhinh <mã>: the campaign's units grouped by the unit one level below its committee. */
  async function campaignStatus(code: string, access: Access): Promise<Reply[]> {
    const campaign = await campaigns.get(code);
    if (!campaign) return text(CAMPAIGN_REPLIES.notFound(code));
    const committee = campaign.committee ? await registry.cell(campaign.committee) : undefined;
    const allowed = access.isAdmin || campaign.createdBy === access.person || (committee !== undefined && (await mayManage(deps, access, committee)));
    if (!allowed) return text(CAMPAIGN_REPLIES.notYourCampaign(campaign.code, committee));
    const all = new Map((await registry.cells()).map((unit) => [unit.id, unit]));
    const branch = (unitId: string): string => {
      let current = unitId;
      for (let depth = 0; depth < all.size; depth += 1) {
        const unit = all.get(current);
        if (!unit?.parent || unit.parent === campaign.committee) break;
        current = unit.parent;
      }
      return all.get(current)?.name ?? current;
    };
    const submissions = await campaigns.submissions(campaign.code);
    const withoutChat = new Set(campaign.withoutChat);
    const groups = new Map<string, CampaignGroup>();
    for (const id of campaignUnits(campaign)) {
      const label = branch(id);
      const group = groups.get(label) ?? { branch: label, units: [] };
      const submission = submissions.get(id);
      group.units.push({ name: all.get(id)?.name ?? id, withoutChat: withoutChat.has(id), ...(submission ? { submission } : {}) });
      groups.set(label, group);
    }
    return text(campaignStatusText(campaign, [...groups.values()]));
  }

  /** The month /tinhhinh asks for: none = this month; a month alone = the latest one not ahead. */
  function monthOf(args: string): DateTime | undefined {
    const now = DateTime.fromJSDate(clock(), { zone: deps.timeZone });
    if (!args) return now.startOf('month');
    const found = MONTH.exec(foldVietnamese(args).toLowerCase().trim());
    if (!found) return undefined;
    const month = Number(found[1] ?? found[4]);
    const year = found[2] ?? found[3];
    if (month < 1 || month > 12) return undefined;
    const asked = DateTime.fromObject({ year: year ? Number(year) : now.year, month, day: 1 }, { zone: deps.timeZone });
    return !year && asked > now ? asked.minus({ years: 1 }) : asked;
  }

  /** /tinhhinh [tháng 11]: the month of each unit of the part the person manages (an officer: their own unit). */
  async function activity(args: string, access: Access): Promise<Reply[]> {
    const month = monthOf(args);
    if (!month) return text(CAMPAIGN_REPLIES.badMonth);
    let scopes: Array<Cell | undefined>;
    if (access.cell && access.boundHere && access.managesCell) scopes = [access.cell];
    else if (isAnyAdmin(access)) scopes = (await ownUnits(deps, access)).roots ?? [undefined];
    else if (access.cell && access.officer) scopes = [access.cell];
    else return text(access.cellsLed > 1 ? CELL_REPLIES.manyCells : CAMPAIGN_REPLIES.activityRefused);
    const key = month.toFormat('yyyy-MM');
    const rows = (await Promise.all(scopes.map((scope) => deps.activity.forSubtree(key, scope?.id)))).flat();
    const label = scopes.every((scope) => scope) ? scopes.map((scope) => scope!.name).join(', ') : 'toàn đảng bộ';
    return text(activityText(month, label, rows));
  }

  return {
    commands: CAMPAIGN_COMMAND_NAMES,
    proposeDeadline,
    confirmCampaign,
    async handle(name, args, message) {
      if (name === 'danop') return submit(args, message);
      const access = await accessOf(deps, message);
      const [first = ''] = args.split(/\s+/u);
      if (CAMPAIGN_CODE.test(first) && !/^thang/iu.test(foldVietnamese(first))) return campaignStatus(first, access);
      if (!isAnyAdmin(access) && !access.officer) {
        const officers = access.cell ? await registry.officersOf(access.cell.id) : [];
        return text(access.cellsLed > 1 ? CELL_REPLIES.manyCells : refusalText('xem tình hình', access.cell, officers));
      }
      return activity(args, access);
    },
  };
}
