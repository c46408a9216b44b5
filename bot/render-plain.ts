import { formatAnswerText, SOURCES_HINT, type Answer } from '../knowledge/index.js';
import type { Reply } from './chat-types.js';

/** The full sources of an answer (/nguon) as plain text: the whole answer where the chat cut it, every passage with its longer excerpt. */
export function formatSourcesText(answer: Answer): string {
  const blocks = answer.citations.map((citation, index) => {
    const lines = [`[${index + 1}] ${citation.title}${citation.date ? ` (${citation.date})` : ''}`];
    if (citation.section) lines.push(`Mục: ${citation.section}`);
    for (const cited of citation.cites ?? []) lines.push(`Căn cứ: ${cited}`);
    if (citation.status) lines.push(`Lưu ý: ${citation.status}`);
    lines.push(`"${citation.excerpt}"`);
    return lines.join('\n');
  });
  const full = answer.fullAnswer === undefined ? [] : [`Câu trả lời đầy đủ:\n${answer.fullAnswer}`];
  return [`Nguồn của câu trả lời cho "${answer.question}":`, ...full, ...blocks].join('\n\n');
}

/** A reply as plain text (Zalo, the terminal): buttons are left out, the channel shows them its own way. */
export function renderPlain(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return reply.answer.grounded && reply.answer.fullAnswer === undefined
        ? `${formatAnswerText(reply.answer)}\n\n${SOURCES_HINT}`
        : formatAnswerText(reply.answer);
    case 'sources':
      return formatSourcesText(reply.answer);
    case 'text':
      return reply.text;
  }
}
