import type { Answer } from './types.js';

/**
 * A readable plain-text rendering of an answer with its numbered sources, for terminals and
 * any channel without formatting.
 */
export function formatAnswerText(answer: Answer): string {
  if (!answer.grounded) return answer.answer;
  const lines = [answer.answer, '', 'Nguồn:'];
  answer.citations.forEach((citation, index) => {
    const when = citation.date ? ` (${citation.date})` : '';
    lines.push(`[${index + 1}] ${citation.title}${when}`);
    // The innermost headings say where; the full path stays in the JSON.
    if (citation.section) lines.push(`    Mục: ${citation.section.split(' › ').slice(-2).join(' › ')}`);
    for (const cited of citation.cites ?? []) lines.push(`    Căn cứ: ${cited}`);
    if (citation.status) lines.push(`    Lưu ý: ${citation.status}`);
  });
  return lines.join('\n');
}
