import { describe, expect, it } from 'vitest';
import { MESSAGE_KINDS } from '../../../src/domain/messages/message-context.ts';
import { renderEmail, renderSms } from '../../../src/domain/messages/render-message.ts';
import { ctx } from './fixtures.ts';

// One file per kind × locale × part, so a template change shows up as a readable diff in review.
// Missing files are written on a local run; under CI=true vitest refuses to write them (they are committed).
describe.each(MESSAGE_KINDS)('%s', (kind) => {
  it.each(['en', 'de'] as const)('%s', async (locale) => {
    const c = ctx({ kind, locale });
    const email = renderEmail(c);
    const sms = renderSms(c);
    const file = (part: string) => `./__snapshots__/${kind}.${locale}.${part}.txt`;
    await expect(email.subject).toMatchFileSnapshot(file('subject'));
    await expect(email.text).toMatchFileSnapshot(file('text'));
    await expect(email.html).toMatchFileSnapshot(file('html'));
    await expect(`${sms.body}\n\n[${sms.encoding}, ${sms.segments} segment(s)]\n`).toMatchFileSnapshot(file('sms'));
  });
});
