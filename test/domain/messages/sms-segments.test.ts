import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../../src/domain/messages/sms-segments.ts';

describe('smsSegments', () => {
  it.each([
    ['empty', '', { encoding: 'GSM-7', units: 0, segments: 0 }],
    ['plain ASCII', 'Hello, see you at 09:00!', { encoding: 'GSM-7', units: 24, segments: 1 }],
    ['GSM basic accents and symbols', 'Jürgen Müller, Straße, é è à ñ £ $ ¥ @ § ¿ ¡ Δ', { encoding: 'GSM-7', units: 46, segments: 1 }],
    ['€ counts 2', 'Price: 50€', { encoding: 'GSM-7', units: 11, segments: 1 }],
    ['[ ] { } \\ ^ ~ | count 2 each', '[a]{b}\\^~|', { encoding: 'GSM-7', units: 18, segments: 1 }],
    ['newline and CR are basic', 'a\nb\rc', { encoding: 'GSM-7', units: 5, segments: 1 }],
    ['an emoji forces UCS-2 (2 code units)', 'Nails 💅', { encoding: 'UCS-2', units: 8, segments: 1 }],
    ['a curly apostrophe forces UCS-2', 'Women’s cut', { encoding: 'UCS-2', units: 11, segments: 1 }],
    ['ç (lowercase) is not in the basic set', 'Façade', { encoding: 'UCS-2', units: 6, segments: 1 }],
    ['a tab is not GSM-7', 'a\tb', { encoding: 'UCS-2', units: 3, segments: 1 }],
  ] as const)('%s', (_name, text, expected) => {
    expect(smsSegments(text)).toEqual(expected);
  });

  it('GSM-7 boundaries: 160 is one segment, 161 two, 306 two, 307 three', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('extension characters count double at the boundary', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(159) + '€')).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('an escape pair is never split across segments', () => {
    // 152 + '€' (2) would straddle the 153-unit part boundary: the '€' moves to the next part.
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsSegments('a'.repeat(151) + '€' + 'a'.repeat(153))).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });

  it('UCS-2 boundaries: 70 is one segment, 71 two, 134 two, 135 three', () => {
    expect(smsSegments('ж'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ж'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments('ж'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ж'.repeat(135)).segments).toBe(3);
  });

  it('UCS-2 counts UTF-16 code units and never splits a surrogate pair', () => {
    expect(smsSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ж' + '😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    // 66 + pair (2) would straddle the 67-unit boundary.
    expect(smsSegments('ж'.repeat(66) + '😀' + 'ж'.repeat(66))).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  });
});
