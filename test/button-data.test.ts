import { describe, expect, it } from 'vitest';
import { acknowledgeButton, attendanceButton, BUTTON_PREFIXES, confirmButton } from '../common/index.js';

describe('button data', () => {
  it('decodes what it encodes, within Telegram’s 64 bytes, each kind under its own prefix', () => {
    const encoded = [
      confirmButton.encode('0123456789ab', false),
      attendanceButton.encode(`ev${'a'.repeat(20)}`, '20261126T1930', true),
      acknowledgeButton.encode('deadbeef'),
    ];
    expect(encoded.map((data) => Buffer.byteLength(data) <= 64)).toEqual([true, true, true]);
    expect(encoded.map((data, index) => data.startsWith(Object.values(BUTTON_PREFIXES)[index]!))).toEqual([true, true, true]);
    expect(confirmButton.decode(encoded[0]!)).toEqual({ token: '0123456789ab', ok: false });
    expect(attendanceButton.decode(encoded[1]!)).toEqual({ eventId: `ev${'a'.repeat(20)}`, occurrence: '20261126T1930', present: true });
    expect(acknowledgeButton.decode(encoded[2]!)).toEqual({ noticeId: 'deadbeef' });
  });

  it('refuses data of another kind or shape', () => {
    expect(confirmButton.decode('ack:deadbeef')).toBeUndefined();
    expect(attendanceButton.decode('at:ev1:20261126T1930:y')).toBeUndefined();
    expect(acknowledgeButton.decode('ack:DEADBEEF; drop')).toBeUndefined();
  });
});
