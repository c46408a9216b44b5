import { formatAnswerText, type Answer } from '../knowledge/index.js';
import type { Reply } from './chat-types.js';

/** The full sources of an answer (/nguon) as plain text: every passage with its longer excerpt. */
export function formatSourcesText(answer: Answer): string {
  const blocks = answer.citations.map((citation, index) => {
    const lines = [`[${index + 1}] ${citation.title}${citation.date ? ` (${citation.date})` : ''}`];
    if (citation.section) lines.push(`Mục: ${citation.section}`);
    for (const cited of citation.cites ?? []) lines.push(`Căn cứ: ${cited}`);
    if (citation.status) lines.push(`Lưu ý: ${citation.status}`);
    lines.push(`"${citation.excerpt}"`);
    return lines.join('\n');
  });
  return [`Nguồn của câu trả lời cho "${answer.question}":`, ...blocks].join('\n\n');
}

/** A reply as plain text (Zalo, the terminal): buttons are left out, the channel shows them its own way. */
export function renderPlain(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return reply.answer.grounded ? `${formatAnswerText(reply.answer)}\n\nGõ /nguon để xem đầy đủ nguồn.` : formatAnswerText(reply.answer);
    case 'sources':
      return formatSourcesText(reply.answer);
    case 'text':
      return reply.text;
  }
}
