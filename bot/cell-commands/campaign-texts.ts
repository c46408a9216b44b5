/** What report deadlines set down the tree (/baocao for the units below, /danop, /tinhhinh <mã>) and the month's activity (/tinhhinh [tháng 11]) say. */
import { DateTime } from 'luxon';
import { formatClock, formatDate, type Cell, type EventPlan, type ReportCampaign, type Submission, type UnitActivity } from '../../jobs/index.js';
import { formatWhen } from './cell-texts.js';

/** Most units named in one line of a preview or a report; the rest are counted. */
const NAMES_SHOWN = 30;
/** Most units in the chat's activity report; the whole list is the `org activity` script's. */
const ACTIVITY_UNITS_SHOWN = 40;

/** Names, the first {@link NAMES_SHOWN} of them, then how many more. */
function someNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} và ${names.length - NAMES_SHOWN} đơn vị khác` : shown;
}

/** When a submission was confirmed, short: "10:05 15/12/2026". */
function submittedAt(submission: Submission, timeZone: string): string {
  const at = DateTime.fromISO(submission.at, { zone: timeZone });
  return `${formatClock(at)} ${formatDate(at)}`;
}

/** A unit's group in a campaign's report: the unit one level below the committee and the units of the campaign under it. */
export interface CampaignGroup {
  branch: string;
  units: Array<{ name: string; withoutChat: boolean; submission?: Submission }>;
}

/** The replies of deadlines set down the tree and of /tinhhinh. */
export const CAMPAIGN_REPLIES = {
  noUnits: 'Không có đơn vị trực thuộc nào trong phạm vi đã chọn để giao hạn báo cáo. Gõ /chibo để xem các đơn vị đồng chí quản lý.',
  danopUsage: 'Hãy ghi mã hạn báo cáo sau lệnh, ví dụ: /danop K7QM3X (mã có trong tin nhắc hạn báo cáo).',
  notFound: (code: string) => `Không tìm thấy hạn báo cáo mã "${code}". Mã có trong tin nhắc hạn báo cáo và trong lịch (/lich).`,
  notInCampaign: (unit: Cell, code: string) => `${unit.name} không có trong hạn báo cáo mã ${code}, nên không cần báo đã nộp.`,
  officersOnly: (unit: Cell) => `Xin lỗi, chỉ bí thư, phó bí thư của ${unit.name} (hoặc quản trị viên cấp trên) mới báo đã nộp được.`,
  notAnOfficer: (code: string) =>
    `Đồng chí chưa được ghi là bí thư hay phó bí thư của đơn vị nào được giao hạn báo cáo mã ${code}. Xin gõ lệnh trong nhóm chat của đơn vị, hoặc nhờ bí thư báo.`,
  whichUnit: (code: string, units: readonly Cell[]) =>
    [
      `Đồng chí phụ trách ${units.length} đơn vị được giao hạn này. Đơn vị nào đã nộp? Xin gõ lại:`,
      ...units.map((unit) => `• /danop ${code} ${unit.id} — ${unit.name}`),
    ].join('\n'),
  submitted: (unit: Cell, campaign: ReportCampaign, submission: Submission) =>
    `✅ Đã ghi nhận ${unit.name} đã nộp "${campaign.title}" lúc ${submittedAt(submission, campaign.timeZone)}: ${submission.onTime ? 'đúng hạn' : 'quá hạn'} (hạn ${formatWhen(campaign.deadline, campaign.allDay, campaign.timeZone)}).`,
  submittedBefore: (unit: Cell, campaign: ReportCampaign, submission: Submission) =>
    `${unit.name} đã báo nộp "${campaign.title}" từ trước, lúc ${submittedAt(submission, campaign.timeZone)} (${submission.onTime ? 'đúng hạn' : 'quá hạn'}); tôi giữ nguyên.`,
  notYourCampaign: (code: string, committee: Cell | undefined) =>
    committee
      ? `Xin lỗi, chỉ quản trị viên của ${committee.name} hoặc cấp trên mới xem được tình hình hạn báo cáo mã ${code}.`
      : `Xin lỗi, chỉ quản trị viên đảng ủy cấp cao nhất mới xem được tình hình hạn báo cáo mã ${code}.`,
  activityRefused: 'Xin lỗi, chỉ quản trị viên, bí thư và phó bí thư mới xem được tình hình hoạt động của đơn vị.',
  badMonth: 'Tôi chưa hiểu tháng nào. Xin gõ ví dụ: /tinhhinh tháng 11, /tinhhinh tháng 11/2026, hoặc /tinhhinh (tháng này).',
  tinhhinhUsage: '/tinhhinh <mã> – đơn vị nào đã nộp báo cáo; /tinhhinh [tháng 11] – tình hình họp, dự họp, nộp báo cáo của từng đơn vị.',
} as const;

/** The preview of a deadline for many units, before /dongy. */
export function campaignPreview(input: {
  code: string;
  plan: EventPlan;
  committee?: Cell;
  reminded: readonly Cell[];
  withoutChat: readonly Cell[];
  canPress: boolean;
}): string {
  const { code, plan, committee, reminded, withoutChat } = input;
  const count = reminded.length + withoutChat.length;
  const lines = [
    `📋 Giao hạn báo cáo cho ${count} đơn vị${committee ? ` thuộc ${committee.name}` : ''} (mã ${code}), xin kiểm tra lại:`,
    `${plan.title} — hạn ${formatWhen(plan.start, plan.allDay, plan.timeZone)}`,
  ];
  if (plan.agenda) lines.push(`Nội dung: ${plan.agenda}`);
  if (reminded.length > 0)
    lines.push(`Mỗi đơn vị có lịch riêng và được nhắc trong nhóm chat của mình (${reminded.length}): ${someNames(reminded.map((unit) => unit.name))}.`);
  if (withoutChat.length > 0) lines.push(`Chưa có nhóm chat, sẽ không được nhắc (${withoutChat.length}): ${someNames(withoutChat.map((unit) => unit.name))}.`);
  if (plan.reminderTimes.length === 0) lines.push('Lưu ý: đã quá giờ của mọi lần nhắc, các đơn vị sẽ không được nhắc lần này.');
  for (const note of plan.ambiguous) lines.push(`⚠️ Cần xem lại: ${note}`);
  lines.push(`Nộp xong, bí thư đơn vị gõ /danop ${code}; đồng chí theo dõi bằng /tinhhinh ${code}.`);
  lines.push(
    input.canPress ? 'Đúng thì bấm "✅ Giao hạn" (hoặc gõ /dongy). Chưa đúng thì gõ lại lệnh.' : 'Đúng thì gõ /dongy để giao hạn. Chưa đúng thì gõ lại lệnh.',
  );
  return lines.join('\n');
}

/** What the units' events say to do once submitted. */
export function campaignAgenda(code: string, agenda: string | undefined): string {
  const how = `Nộp xong, bí thư gõ /danop ${code} để báo cấp trên.`;
  return agenda ? `${agenda}. ${how}` : how;
}

/** After a deadline for many units is saved. */
export function campaignSavedText(campaign: ReportCampaign): string {
  const reminded = Object.keys(campaign.events).length;
  const units = reminded + campaign.withoutChat.length;
  const lines = [
    `✅ Đã giao "${campaign.title}" (hạn ${formatWhen(campaign.deadline, campaign.allDay, campaign.timeZone)}) cho ${units} đơn vị, mã ${campaign.code}.`,
    `${reminded} đơn vị được nhắc trong nhóm chat của mình${campaign.withoutChat.length > 0 ? `; ${campaign.withoutChat.length} đơn vị chưa có nhóm chat nên không được nhắc` : ''}.`,
    `Xem đơn vị nào đã nộp: /tinhhinh ${campaign.code}`,
  ];
  return lines.join('\n');
}

/** /tinhhinh <mã>: done / not done, grouped one level below the committee, the groups that lag most first. */
export function campaignStatusText(campaign: ReportCampaign, groups: readonly CampaignGroup[]): string {
  const all = groups.flatMap((group) => group.units);
  const done = all.filter((unit) => unit.submission).length;
  const late = all.filter((unit) => unit.submission && !unit.submission.onTime).length;
  const lines = [
    `📊 ${campaign.title} — hạn ${formatWhen(campaign.deadline, campaign.allDay, campaign.timeZone)} (mã ${campaign.code}): đã nộp ${done}/${all.length} đơn vị${late > 0 ? `, ${late} nộp quá hạn` : ''}.`,
  ];
  const share = (group: CampaignGroup) => group.units.filter((unit) => unit.submission).length / group.units.length;
  const ordered = [...groups].sort((a, b) => share(a) - share(b) || a.branch.localeCompare(b.branch, 'vi'));
  const missingName = (unit: CampaignGroup['units'][number]) => `${unit.name}${unit.withoutChat ? ' (chưa có nhóm chat)' : ''}`;
  for (const group of ordered) {
    const [only] = group.units;
    if (group.units.length === 1 && only!.name === group.branch) {
      const { submission } = only!;
      lines.push(
        submission
          ? `• ${group.branch}: đã nộp ${submittedAt(submission, campaign.timeZone)}${submission.onTime ? '' : ' (quá hạn)'}`
          : `• ${missingName(only!)}: chưa nộp ⚠️`,
      );
      continue;
    }
    const submitted = group.units.filter((unit) => unit.submission);
    const missing = group.units.filter((unit) => !unit.submission);
    const lateHere = submitted.filter((unit) => !unit.submission!.onTime).length;
    lines.push(
      `• ${group.branch}: ${submitted.length}/${group.units.length}${missing.length > 0 ? ' ⚠️' : ''}${lateHere > 0 ? ` (${lateHere} quá hạn)` : ''}${missing.length > 0 ? ` — chưa nộp: ${someNames(missing.map(missingName))}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** How far a unit lags in a month: a meeting not held counts most, then reports missing, then late. */
function lag(row: UnitActivity): number {
  return (row.meeting === 'not_held' ? 4 : 0) + row.reports_missing * 2 + row.reports_late;
}

/** One unit's month in a few words. */
function activityLine(row: UnitActivity, timeZone: string): string {
  const parts: string[] = [];
  if (row.meeting === 'held') {
    const days = row.meetings_held.map((iso) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('dd/MM')).join(', ');
    parts.push(`đã họp ${days} (có mặt ${row.present}, vắng có báo ${row.absent_with_reason})`);
  } else if (row.meeting === 'scheduled') parts.push('chưa đến ngày họp');
  else if (row.meeting === 'not_held') parts.push('không có buổi họp nào ⚠️');
  else parts.push('họp: không rõ (lịch họp một lần chỉ được lưu 30 ngày)');
  if (row.reports_due > 0) {
    const reports = [
      row.reports_on_time > 0 ? `${row.reports_on_time} đúng hạn` : '',
      row.reports_late > 0 ? `${row.reports_late} quá hạn ⚠️` : '',
      row.reports_missing > 0 ? `${row.reports_missing} chưa nộp ⚠️` : '',
      row.reports_pending > 0 ? `${row.reports_pending} chưa đến hạn` : '',
    ].filter(Boolean);
    parts.push(`báo cáo: ${reports.join(', ')}`);
  }
  return `• ${row.name}: ${parts.join(' · ')}`;
}

/** /tinhhinh [tháng 11]: each unit's month, the units that lag most first. */
export function activityText(month: DateTime, scope: string, rows: readonly UnitActivity[]): string {
  const ordered = [...rows].sort((a, b) => lag(b) - lag(a) || a.name.localeCompare(b.name, 'vi'));
  const lines = [`📊 Tình hình tháng ${month.toFormat('MM/yyyy')} — ${scope} (${rows.length} đơn vị):`];
  lines.push(...ordered.slice(0, ACTIVITY_UNITS_SHOWN).map((row) => activityLine(row, month.zoneName ?? 'Asia/Ho_Chi_Minh')));
  if (ordered.length > ACTIVITY_UNITS_SHOWN)
    lines.push(`… và ${ordered.length - ACTIVITY_UNITS_SHOWN} đơn vị khác (bảng đầy đủ: nhờ quản trị hệ thống xuất bảng tính).`);
  lines.push('Vắng không báo: chưa tính được, vì tôi không có danh sách đảng viên của từng đơn vị.');
  return lines.join('\n');
}
