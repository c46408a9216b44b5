/**
 * The parts of a scheduling message that are not its date: the reminders asked for ("nhắc trước
 * 1 ngày và 2 giờ"), the agenda ("nội dung: kết nạp đảng viên") and the place ("tại hội trường
 * UBND phường"). Matched with and without diacritics.
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../../common/index.js';

/** A scheduling message with its reminders and agenda taken out. */
export interface MessageDetails {
  /** What is left for the date parser. */
  text: string;
  /** Offsets asked for in words ("1d", "2h", "0"), or undefined when none were. */
  reminders?: string[];
  agenda?: string;
}

/** A title with its place taken out. */
export interface TitlePlace {
  title: string;
  place?: string;
}

const UNITS: Record<string, (amount: number) => string> = {
  ngay: (n) => `${n}d`,
  hom: (n) => `${n}d`,
  tuan: (n) => `${n * 7}d`,
  gio: (n) => `${n}h`,
  tieng: (n) => `${n}h`,
  phut: (n) => `${n}m`,
};
const AMOUNT = String.raw`(\d{1,3})\s*(ngay|hom|tuan|gio|tieng|phut)\b`;
const SEPARATOR = String.raw`\s*(?:,|;|\bva\b|\bvoi\b)?\s*`;
const AT_START = String.raw`(?:luc|khi)\s+(?:bat\s+dau|vao\s+hop|den\s+gio)`;
/** "nhắc (trước) 3 ngày, 1 ngày và 2 giờ (và lúc bắt đầu)", "nhắc lúc bắt đầu". */
const REMINDER_REQUEST = new RegExp(
  String.raw`(?:^|[\s,;(])nhac(?:\s+(?:nho|toi|chi\s+bo|moi\s+nguoi|ca\s+chi\s+bo))?(?:\s+truoc)?\s+((?:(?:${AMOUNT}|${AT_START})(?:\s+truoc)?${SEPARATOR})+)`,
  'u',
);
/** "nội dung: …", "chương trình - …": the colon or dash is needed, "bàn chương trình hành động" is a title. */
const AGENDA = /(?:^|[\s,;(])(?:noi\s+dung|chuong\s+trinh)(?:\s+(?:hop|sinh\s+hoat|la))?\s*[:\-–]\s*/u;
/** Place words: with diacritics when the title has any ("tài liệu" is no place), folded otherwise. */
const PLACE = { accented: /(?:^|\s|,)(?:tại|ở|địa\s+điểm\s*:?)\s+/u, folded: /(?:^|\s|,)(?:tai|dia\s+diem\s*:?)\s+/u };

/** A folded key with the same indices as `text` (NFC, lower case, no diacritics); undefined when lengths differ. */
function keyOf(text: string): string | undefined {
  const key = foldVietnamese(normalizeForMatch(text)).normalize('NFC');
  return key.length === text.length ? key : undefined;
}

/** The placeless, punctuation-trimmed form of a fragment. */
function tidy(fragment: string): string {
  return fragment
    .replace(/\s+/gu, ' ')
    .replace(/^[\s,;:.\-–]+|[\s,;:\-–]+$/gu, '')
    .trim();
}

/** Offsets from the captured list of a reminder request. */
function offsetsOf(list: string): string[] {
  const offsets: string[] = [];
  for (const match of list.matchAll(new RegExp(`${AMOUNT}|${AT_START}`, 'gu'))) {
    const unit = match[2] ? UNITS[match[2]] : undefined;
    offsets.push(unit ? unit(Number(match[1])) : '0');
  }
  return offsets;
}

/**
 * Takes the reminder request and the agenda out of a scheduling message. The agenda runs from
 * "nội dung:" (or "chương trình:") to the end of the message, so it is written last.
 */
export function extractMessageDetails(input: string): MessageDetails {
  let text = input.normalize('NFC');
  const details: MessageDetails = { text };
  let key = keyOf(text);
  if (!key) return details;

  const request = REMINDER_REQUEST.exec(key);
  if (request) {
    details.reminders = offsetsOf(request[1]!);
    const start = request.index + (/^[\s,;(]/u.test(request[0]) ? 1 : 0);
    text = `${text.slice(0, start)} ${text.slice(request.index + request[0].length)}`;
    key = keyOf(text) ?? '';
  }
  const agenda = AGENDA.exec(key);
  if (agenda) {
    const value = tidy(text.slice(agenda.index + agenda[0].length));
    if (value) details.agenda = value;
    text = text.slice(0, agenda.index);
  }
  details.text = tidy(text);
  return details;
}

/**
 * Splits "Họp chi bộ tại hội trường UBND phường" into the title and the place; "Tại phòng 2"
 * (a change of place alone) gives an empty title.
 */
export function splitPlace(title: string): TitlePlace {
  const match = hasDiacritics(title) ? PLACE.accented.exec(normalizeForMatch(title)) : PLACE.folded.exec(normalizeForMatch(title));
  if (!match) return { title };
  const place = tidy(title.slice(match.index + match[0].length));
  return place ? { title: tidy(title.slice(0, match.index)), place } : { title };
}
