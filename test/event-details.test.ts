import { describe, expect, it } from 'vitest';
import { extractMessageDetails, splitPlace } from '../jobs/index.js';

describe('extractMessageDetails', () => {
  it.each([
    ['họp chi bộ 19h thứ năm nhắc trước 1 ngày', 'họp chi bộ 19h thứ năm', ['1d']],
    ['họp chi bộ 19h thứ năm, nhắc trước 3 ngày, 1 ngày và 2 tiếng', 'họp chi bộ 19h thứ năm', ['3d', '1d', '2h']],
    ['hop chi bo 19h thu nam nhac truoc 30 phut va luc bat dau', 'hop chi bo 19h thu nam', ['30m', '0']],
    ['nhắc chi bộ trước 1 tuần: nộp báo cáo quý trước 20/12', 'nộp báo cáo quý trước 20/12', ['7d']],
  ])('takes the reminders out of %j', (input, text, reminders) => {
    const details = extractMessageDetails(input);
    expect(details.text).toBe(text);
    expect(details.reminders).toEqual(reminders);
  });

  it('takes the agenda from "nội dung" to the end, with or without diacritics', () => {
    expect(extractMessageDetails('họp chi bộ 19h thứ năm, nội dung: kết nạp đảng viên mới')).toEqual({
      text: 'họp chi bộ 19h thứ năm',
      agenda: 'kết nạp đảng viên mới',
    });
    expect(extractMessageDetails('hop chi bo 19h thu nam chuong trinh - tong ket nam')).toEqual({ text: 'hop chi bo 19h thu nam', agenda: 'tong ket nam' });
    expect(extractMessageDetails('họp chi bộ 19h thứ năm, nội dung họp: bầu cử')).toEqual({ text: 'họp chi bộ 19h thứ năm', agenda: 'bầu cử' });
  });

  it('leaves a message without details as it is', () => {
    expect(extractMessageDetails('họp chi bộ 19h thứ năm tuần sau')).toEqual({ text: 'họp chi bộ 19h thứ năm tuần sau' });
    expect(extractMessageDetails('nghe nhạc 19h')).toEqual({ text: 'nghe nhạc 19h' });
    expect(extractMessageDetails('Họp bàn chương trình hành động 19h thứ năm tuần sau')).toEqual({
      text: 'Họp bàn chương trình hành động 19h thứ năm tuần sau',
    });
  });
});

describe('splitPlace', () => {
  it('cuts the place after "tại", "ở" or "địa điểm"', () => {
    expect(splitPlace('Họp chi bộ tại hội trường UBND phường')).toEqual({ title: 'Họp chi bộ', place: 'hội trường UBND phường' });
    expect(splitPlace('Sinh hoạt chi bộ ở nhà văn hóa khu 3')).toEqual({ title: 'Sinh hoạt chi bộ', place: 'nhà văn hóa khu 3' });
    expect(splitPlace('Hop chi bo tai nha van hoa')).toEqual({ title: 'Hop chi bo', place: 'nha van hoa' });
    expect(splitPlace('Họp chi bộ, địa điểm: phòng 2')).toEqual({ title: 'Họp chi bộ', place: 'phòng 2' });
  });

  it('does not read "tài liệu" as a place, and leaves no title for a place alone', () => {
    expect(splitPlace('Họp bàn tài liệu đại hội')).toEqual({ title: 'Họp bàn tài liệu đại hội' });
    expect(splitPlace('Tại hội trường')).toEqual({ title: '', place: 'hội trường' });
  });
});
