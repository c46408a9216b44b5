/** What a member reads from the knowledge engine, besides the documents' own words: refusals and the words around quotes. */
import { documentNumberName } from './describe-source.js';
import type { QuestionProblem } from './prepare-question.js';
import type { Citation } from './types.js';

/** The reply when the documents do not hold the answer: says so, and how to ask better, in two short lines with one example. */
export const NOT_FOUND_ANSWER =
  'Tôi chưa tìm thấy nội dung này trong các tài liệu hiện có.\n' + 'Đồng chí thử hỏi cụ thể hơn, ví dụ: "Nhiệm vụ của bí thư cấp ủy cơ sở là gì?"';

/** The reply to a question that cannot be searched, in plain Vietnamese. */
export const QUESTION_PROBLEM_REPLIES: Record<QuestionProblem, string> = {
  empty: 'Đồng chí chưa nhập câu hỏi. Hãy gõ câu hỏi bằng tiếng Việt, ví dụ: "Chức năng của cấp ủy cơ sở là gì?"',
  'no-words': 'Tôi chưa đọc được câu hỏi vì tin nhắn không có chữ. Hãy gõ câu hỏi bằng tiếng Việt, ví dụ: "Đảng đoàn họp bao lâu một lần?"',
};

/** The most characters of a title named above its quotes; the sources under the answer name it whole. */
const HEADING_TITLE_CHARS = 48;

/** A title of at most {@link HEADING_TITLE_CHARS} characters: a longer one up to a word's end, then "…". */
function shortTitle(title: string): string {
  if (title.length <= HEADING_TITLE_CHARS) return title;
  const cut = title.slice(0, HEADING_TITLE_CHARS - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[\s,;:.-]+$/u, '')}…`;
}

/**
 * The line above a document's quotes: its kind and number where it has them ("Theo Quy định
 * 294-QĐ/TW (26/05/2025):"), else its title in quotes (a long one shortened), and its date; the
 * full title is in the sources under the answer.
 */
export function sourceHeading(citation: Pick<Citation, 'title' | 'date'>): string {
  const name = documentNumberName(citation.title) ?? `"${shortTitle(citation.title)}"`;
  return `Theo ${name}${citation.date ? ` (${citation.date})` : ''}:`;
}

/** Said under quotes from documents of different dates. */
export const DIFFERENT_TIMES_NOTE = '(Các nguồn trên thuộc những thời điểm khác nhau; nên căn cứ văn bản mới nhất.)';

/** After an answer cut to fit one phone screen: the rest is behind /nguon. */
export const MORE_IN_SOURCES = '(xem đầy đủ: /nguon)';

/** Under an answer shown whole: where its sources are in full. */
export const SOURCES_HINT = 'Gõ /nguon để xem đầy đủ nguồn.';
