import { MORE_IN_SOURCES } from './answer-texts.js';
import type { Answer } from './types.js';

/**
 * A readable plain-text rendering of an answer with its numbered sources by title and date (their
 * sections and cited regulations are for /nguon; a replaced
 * document is warned of), for terminals and any channel without
 * formatting. An answer cut to fit a screen says where the rest is.
 */
export function formatAnswerText(answer: Answer): string {
  if (!answer.grounded) return answer.answer;
  const lines = [answer.fullAnswer === undefined ? answer.answer : `${answer.answer} ${MORE_IN_SOURCES}`, '', 'Nguồn:'];
  answer.citations.forEach((citation, index) => {
    const when = citation.date ? ` (${citation.date})` : '';
    lines.push(`[${index + 1}] ${citation.title}${when}`);
    if (citation.replaced && citation.status) lines.push(`    Lưu ý: ${citation.status}`);
  });
  return lines.join('\n');
}
