import { describe, expect, it } from 'vitest';
import { googleCalendarUrl, outlookCalendarUrl } from '../../../src/domain/messages/calendar-links.ts';

const EVENT = {
  title: 'Haircut & Styling with Anna #1 + more',
  start: Date.parse('2026-12-07T08:00:00Z'),
  end: Date.parse('2026-12-07T08:30:00Z'),
  details: 'Studio Lindenhof\n\nReschedule or cancel: https://book.example.com/manage/x?token=a&b=c',
  location: 'Lindenstraße 12, 10969 Berlin',
};

describe('googleCalendarUrl', () => {
  it('a TEMPLATE link with UTC basic-format dates and every field round-tripping', () => {
    const url = new URL(googleCalendarUrl(EVENT));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: 'TEMPLATE',
      text: EVENT.title,
      dates: '20261207T080000Z/20261207T083000Z',
      details: EVENT.details,
      location: EVENT.location,
    });
  });

  it('spaces are %20 (not +), and no location parameter without a location', () => {
    const raw = googleCalendarUrl({ ...EVENT, location: undefined });
    expect(raw).toContain('text=Haircut%20%26%20Styling%20with%20Anna%20%231%20%2B%20more');
    expect(new URL(raw).searchParams.has('location')).toBe(false);
  });
});

describe('outlookCalendarUrl', () => {
  it('a compose deeplink with ISO UTC times and every field round-tripping', () => {
    const raw = outlookCalendarUrl(EVENT);
    expect(raw.startsWith('https://outlook.live.com/calendar/0/deeplink/compose?path=/calendar/action/compose&rru=addevent&')).toBe(true);
    const url = new URL(raw);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      path: '/calendar/action/compose',
      rru: 'addevent',
      subject: EVENT.title,
      startdt: '2026-12-07T08:00:00Z',
      enddt: '2026-12-07T08:30:00Z',
      body: EVENT.details,
      location: EVENT.location,
    });
  });
});
