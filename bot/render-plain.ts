import { formatAnswerText, passagesByDocument, SOURCES_HINT, type Answer } from '../knowledge/index.js';
import type { Reply } from './chat-types.js';

/**
 * The full sources of an answer (/nguon) as plain text: the whole answer where the chat cut it,
 * then each document with the number the answer gave it, and every passage quoted from it with its
 * longer excerpt.
 */
export function formatSourcesText(answer: Answer): string {
  const blocks = passagesByDocument(answer.citations).map(({ document, passages }, index) => {
    const lines = [`[${index + 1}] ${document.title}${document.date ? ` (${document.date})` : ''}`];
    if (document.status) lines.push(`Lưu ý: ${document.status}`);
    for (const passage of passages) {
      if (passage.section) lines.push(`Mục: ${passage.section}`);
      for (const cited of passage.cites ?? []) lines.push(`Căn cứ: ${cited}`);
      lines.push(`"${passage.excerpt}"`);
    }
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
