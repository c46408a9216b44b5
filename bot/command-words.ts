/**
 * Commands as members type them on phone keyboards: every command name is a Vietnamese phrase
 * with its accents and spaces removed (/hop = họp, /thongbao = thông báo, /diemdanh = điểm danh),
 * and Telex keyboards write "/họp …", "/thông báo …", "/Điểm danh". In a private chat a
 * scheduling command may also come without its slash ("họp chi bộ 19h30 thứ năm").
 */
import { foldVietnamese } from '../common/index.js';

/** A command as read from a message. */
export interface TypedCommand {
  /** The command's name, folded: lower case, no accents, no spaces ("thongbao"). */
  name: string;
  /** The name as typed, lower case, for naming an unknown command back ("xyz", "lệnhlạ"). */
  typed: string;
  /** The text after the command, trimmed. */
  args: string;
}

/** Most words of a command name typed with spaces ("đổi mã thành viên"). */
const MAX_NAME_WORDS = 4;
/** One word of a command name, with the bot's name after the last one ("/hop@chibo_bot"). */
const NAME_WORD = /^([\p{L}\p{M}_]+)(@\w+)?$/u;

/**
 * Reads a message that starts with "/" as a command. The name is folded ("/Họp" is /hop); words
 * typed apart are one command when together they fold to a `known` name ("/thông báo Hội nghị …"
 * is /thongbao with "Hội nghị …", "/diem danh" is /diemdanh), the longest such name first. Only
 * known names are joined: "/hoi Chi bộ họp mấy lần" stays /hoi. A single word is a command
 * whether known or not (an unknown one is named back to the member).
 */
export function readCommand(text: string, known: ReadonlySet<string>): TypedCommand | undefined {
  if (!text.startsWith('/')) return undefined;
  const words = [...text.slice(1).matchAll(/\S+/gu)].slice(0, MAX_NAME_WORDS);
  // Words must follow the slash directly: "/ hop" is no command.
  if (words[0]?.index !== 0) return undefined;
  for (let count = words.length; count >= 1; count -= 1) {
    const parts = words.slice(0, count).map((word) => NAME_WORD.exec(word[0]));
    // Only the last word may carry the bot's name.
    if (parts.some((part, index) => !part || (index < count - 1 && part[2]))) continue;
    const typed = parts.map((part) => part![1]!.normalize('NFC').toLowerCase());
    let name = typed.map(foldVietnamese).join('');
    if (count > 1 && !known.has(name)) continue;
    if (count === 1) {
      if (!/^[a-z_]+$/u.test(name)) return undefined;
      // "/thong_bao" as "/thongbao".
      if (!known.has(name) && known.has(name.replace(/_/gu, ''))) name = name.replace(/_/gu, '');
    }
    const last = words[count - 1]!;
    return { name, typed: typed.join(' '), args: text.slice(1 + last.index + last[0].length).trim() };
  }
  return undefined;
}

/** Scheduling commands a message may start with, without the slash: their folded words. */
const SLASHLESS: ReadonlyArray<readonly [words: string, command: string]> = [
  ['hop', 'hop'],
  ['bao cao', 'baocao'],
  ['kiem tra', 'kiemtra'],
  ['thong bao', 'thongbao'],
];

/** A time or a date in folded text: "19h30", "8 giờ", "20:00", "15/6", "ngày 4", "thứ năm", "tuần sau", "hằng tháng". */
const WHEN = new RegExp(
  [
    String.raw`\b\d{1,2}\s*(?:h|g|gio)(?:\s*\d{1,2})?\b`,
    String.raw`\b\d{1,2}:\d{2}\b`,
    String.raw`\b\d{1,2}\s*[/-]\s*\d{1,2}\b`,
    String.raw`\bngay\s+\d{1,2}\b`,
    String.raw`\bthu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])\b`,
    String.raw`\bchu nhat\b`,
    String.raw`\b(?:hom nay|ngay mai|sang mai|chieu mai|toi mai|toi nay|(?:tuan|thang) (?:sau|toi|nay)|hang (?:tuan|thang|nam|quy)|cuoi (?:tuan|thang|nam|quy)|dau (?:tuan|thang))\b`,
  ].join('|'),
  'u',
);

/** Words that make a message a question ("mấy", "bao nhiêu", "khi nào", "không", "ko"...), folded. */
const QUESTION_WORDS = /\b(?:may|bao nhieu|bao lau|gi|nao|ai|khong|ko|chua|sao|o dau|co phai|phai khong|the nao)\b/u;

/**
 * The scheduling command a private message seems meant as when it starts with the command's word
 * without the slash and holds a time or a date ("họp chi bộ 19h30 thứ năm" → "hop"). A question
 * ("họp chi bộ mấy lần một tháng?", "báo cáo quý nộp trước ngày nào") is never one.
 */
export function slashlessCommand(text: string): string | undefined {
  const folded = foldVietnamese(text.normalize('NFC')).replace(/\s+/gu, ' ').trim();
  if (/\?\s*$/u.test(folded) || QUESTION_WORDS.test(folded) || !WHEN.test(folded)) return undefined;
  const words = folded.split(' ');
  for (const [start, command] of SLASHLESS) {
    const wanted = start.split(' ');
    // The command's words, then more: "họp" alone is no schedule.
    if (words.length > wanted.length && wanted.every((word, index) => words[index]!.replace(/[^a-z]/gu, '') === word)) return command;
  }
  return undefined;
}
