/**
 * `POST /v1/channels/email/inbound` with SendGrid Inbound Parse bodies (fixtures/: multipart as SendGrid
 * documents it, raw-MIME and parsed modes, boundary xYzZY), on PGlite and PostgreSQL: the secret in the URL
 * or as basic auth, wrong or missing → 401 problem+json; a message is answered once however often it is
 * posted; a body over INBOUND_MAX_BYTES → 413; attachments are dropped.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInboundMessages } from '../../src/db/inbound-message.repository.ts';
import { DB_KINDS, skipKind } from '../support/databases.ts';
import { TEST_NOW } from '../support/clock.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import { startEmailStack, textOf, WEBHOOK_SECRET, type EmailStack } from '../support/email-stack.ts';
import { waitFor } from '../support/process.ts';

function fixture(name: string, fill: Record<string, string>): string {
  let text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  for (const [k, v] of Object.entries(fill)) text = text.replaceAll(`{{${k}}}`, v);
  return text.replace(/\r?\n/g, '\r\n');
}
const MULTIPART = 'multipart/form-data; boundary=xYzZY';

describe.each(DB_KINDS)('SendGrid Inbound Parse webhook on %s', (kind) => {
  let stack: EmailStack;
  let n = 0;
  const fill = () => {
    const id = `${kind}-${++n}`;
    return { from: `lena-${id}@mail.test`, fromName: 'Lena Brandt', messageId: `CAF=${id}@mail.test`, rfc2822: new Date(TEST_NOW - 60_000).toUTCString() };
  };
  const post = (body: string, url = `/v1/channels/email/inbound?secret=${WEBHOOK_SECRET}`, headers: Record<string, string> = {}) =>
    stack.gw.app.inject({ method: 'POST', url, headers: { 'content-type': MULTIPART, ...headers }, payload: body });

  beforeAll(async () => {
    if (skipKind(kind)) return;
    stack = await startEmailStack({ kind, maxBytes: 20_000 });
    const provider = await insertProvider(stack.db.db, { name: 'Dr. Weber', time_zone: 'Europe/Berlin', weekly_hours: everyDayHours([['08:00', '18:00']]) });
    await insertService(stack.db.db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
    await insertService(stack.db.db, { name: 'Massage', duration_minutes: 60, providers: [provider] });
  }, 90_000);
  afterAll(async () => stack?.close());

  it.skipIf(skipKind(kind))('raw mode: 200, answered with proposals; posting it again (a SendGrid retry) answers nothing twice', async () => {
    const f = fill();
    const body = fixture('sendgrid-inbound-parse-raw.multipart', f);
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'received' });
    const [answer] = await stack.sentTo(f.from, 1);
    expect(answer!.parsed.subject).toBe('Re: Haircut?');
    expect(answer!.parsed.inReplyTo).toBe(`<${f.messageId}>`);
    expect(textOf(answer!)).toMatch(/Hello Lena Brandt,/);
    expect(textOf(answer!)).toMatch(/2\) .*10:00–10:30/);
    // The thread records its outcome just after sending the answer; a retry before that is re-signalled
    // (answered 'received', still answered once — checked below), one after it is a plain duplicate.
    await waitFor(
      async () => ((await listInboundMessages(stack.db.db, { limit: 100 })).find((m) => m.from_address === f.from)?.outcome !== 'received' ? true : undefined),
      15_000,
      'the first message answered',
    );
    const again = await post(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'duplicate' });
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.outbound.messages.filter((m) => m.envelope.to.includes(f.from))).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('parsed mode (headers + text, with an attachment): understood the same way; the attachment is not kept', async () => {
    const f = fill();
    const res = await post(fixture('sendgrid-inbound-parse-parsed.multipart', f));
    expect(res.statusCode).toBe(200);
    const [answer] = await stack.sentTo(f.from, 1);
    expect(textOf(answer!)).toMatch(/free for Massage/);
    const row = (await listInboundMessages(stack.db.db, { limit: 100 })).find((m) => m.from_address === f.from)!;
    expect(row.via).toBe('webhook');
    expect(row.body_text).toContain('A massage the day after tomorrow');
    expect(row.body_text).not.toContain('dropped unread');
  });

  it.skipIf(skipKind(kind))('the secret: basic auth works; a wrong or missing one is 401 problem+json and records nothing', async () => {
    const f = fill();
    const basic = `Basic ${Buffer.from(`sendgrid:${WEBHOOK_SECRET}`).toString('base64')}`;
    expect((await post(fixture('sendgrid-inbound-parse-raw.multipart', f), '/v1/channels/email/inbound', { authorization: basic })).statusCode).toBe(200);
    const g = fill();
    for (const url of ['/v1/channels/email/inbound?secret=wrong-secret-0123456789', '/v1/channels/email/inbound']) {
      const res = await post(fixture('sendgrid-inbound-parse-raw.multipart', g), url);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
    }
    expect((await listInboundMessages(stack.db.db, { limit: 100 })).some((m) => m.from_address === g.from)).toBe(false);
  });

  it.skipIf(skipKind(kind))('a message over INBOUND_MAX_BYTES is refused with 413; a body without a message is 422', async () => {
    const f = fill();
    const huge = fixture('sendgrid-inbound-parse-raw.multipart', f).replace('Thanks, Lena', `Thanks, Lena\r\n${'x'.repeat(30_000)}`);
    const res = await post(huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
    const empty = await post('--xYzZY\r\nContent-Disposition: form-data; name="to"\r\n\r\nbook@clinic.test\r\n--xYzZY--\r\n');
    expect(empty.statusCode).toBe(422);
  });
});
