import type { MessageContext } from '../../../src/domain/messages/message-context.ts';

/** A fixed, fully populated context: Monday 7 December 2026, 09:00–09:30 in Berlin (CET). */
export const CONTEXT: MessageContext = {
  kind: 'confirmation',
  locale: 'en',
  bookingId: 'bk_01JF3Q7Z9X',
  version: 3,
  businessName: 'Studio Lindenhof',
  serviceName: 'Haircut & Styling',
  providerName: 'Anna Schmidt',
  customerName: 'Jürgen Müller',
  start: Date.parse('2026-12-07T08:00:00Z'),
  end: Date.parse('2026-12-07T08:30:00Z'),
  timeZone: 'Europe/Berlin',
  manageUrl: 'https://book.example.com/manage/bk_01JF3Q7Z9X?token=abc123&lang=en',
  shortManageUrl: 'https://book.example.com/s/Ab3dE7kQ9x',
  location: 'Lindenstraße 12, 10969 Berlin',
  intake: [
    { label: 'Hair length', value: 'Shoulder-length' },
    { label: 'Notes', value: 'Sensitive scalp' },
  ],
  reason: 'The stylist is ill',
};

export const ctx = (over: Partial<MessageContext> = {}): MessageContext => ({ ...CONTEXT, ...over });
