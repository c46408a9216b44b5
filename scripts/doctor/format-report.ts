/** The doctor's report as an operator reads it in a terminal: one line a check, then a summary. */
import type { CheckName, CheckStatus, DoctorReport } from './check-result.js';

/** How each check is named on its line. */
const LABELS: Record<CheckName, string> = {
  config: 'Cấu hình',
  redis: 'Redis',
  telegram: 'Telegram',
  zalo: 'Zalo',
  'public-url': 'PUBLIC_URL',
  'telegram-webhook': 'Webhook Telegram',
  'zalo-webhook': 'Webhook Zalo',
  corpus: 'Kho tài liệu',
  index: 'Chỉ mục',
  llm: 'Mô hình ngôn ngữ',
  embeddings: 'Embeddings',
  timezone: 'Múi giờ',
};

/** The mark that starts a line. */
export const STATUS_MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '–' };

/** `✓ Redis: …`, `✗ Telegram: … — <fix>` a line, and a last line counting failures and warnings. */
export function formatReport(report: DoctorReport): string {
  const lines = report.checks.map((check) => `${STATUS_MARKS[check.status]} ${LABELS[check.name]}: ${check.detail}${check.fix ? ` — ${check.fix}` : ''}`);
  const count = (status: CheckStatus) => report.checks.filter((check) => check.status === status).length;
  const failed = count('fail');
  const warned = count('warn');
  const warnings = warned > 0 ? `, ${warned} cảnh báo` : '';
  lines.push(failed > 0 ? `Có ${failed} lỗi cần sửa${warnings}.` : `Mọi kiểm tra đều đạt${warnings}.`);
  return `${lines.join('\n')}\n`;
}
