/**
 * The template-override admin API over HTTP on PGlite and PostgreSQL: list/read/put/delete round trips,
 * every refused template naming its field (and leaving nothing stored), and the preview with a sample
 * booking (override parts over defaults, SMS segments, HTML escaping of customer-visible values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_KINDS } from '../../src/domain/messages/message-context.ts';
import { TEMPLATE_LISTS, TEMPLATE_VARIABLES } from '../../src/domain/messages/render-message.ts';
import { defaultTemplate } from '../../src/domain/messages/templates.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Json = Record<string, unknown>;
type Preview = { subject: string; text: string; html: string; sms: { body: string; encoding: string; segments: number } };

const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';
/** Wednesday 9 January 2030, 12:00 UTC: the sample booking is on Monday 14 January 2030, 09:00. */
const NOW = new Date('2030-01-09T12:00:00Z');
const week = { mon: [['09:00', '17:00']] };

describe.each(DB_KINDS)('template overrides API on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: () => NOW });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const call = (method: Method, url: string, payload?: unknown, headers: Json = adminHeaders) =>
    gw.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const ok = async <T = Json>(method: Method, url: string, payload: unknown, status = 200): Promise<T> => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return (status === 204 ? undefined : res.json()) as T;
  };
  const problem = async (method: Method, url: string, payload: unknown, status: number, code: string) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
    expect(body.code).toBe(code);
    return body;
  };
  const invalid = async (method: Method, url: string, payload?: unknown) => (await problem(method, url, payload, 422, 'invalid_request')).errors!;

  const service = async (over: Json = {}, providerOver: Json = {}) => {
    const provider = await ok<{ id: string }>(
      'POST',
      '/v1/admin/providers',
      { name: 'Dr. Grace', email: 'grace@example.com', timeZone: 'America/New_York', weeklyHours: week, ...providerOver },
      201,
    );
    const svc = await ok<{ id: string }>('POST', '/v1/admin/services', { name: 'Consultation', durationMinutes: 45, providerIds: [provider.id], ...over }, 201);
    return svc.id;
  };
  const tpl = (serviceId: string, kindAndLocale = 'confirmation/en') => `/v1/admin/services/${serviceId}/templates/${kindAndLocale}`;
  const stored = (serviceId: string) => d.db.selectFrom('message_templates').selectAll().where('service_id', '=', serviceId).execute();

  it.skipIf(skipKind(kind))('401 on every template route without the admin key', async () => {
    const base = `/v1/admin/services/${UNKNOWN_ID}/templates`;
    const routes: [Method, string, unknown][] = [
      ['GET', base, undefined],
      ['GET', `${base}/confirmation/en`, undefined],
      ['PUT', `${base}/confirmation/en`, { subject: 'x' }],
      ['DELETE', `${base}/confirmation/en`, undefined],
      ['POST', `${base}/confirmation/en/preview`, {}],
    ];
    for (const [method, url, payload] of routes) {
      for (const headers of [{}, { authorization: 'Bearer wrong-key' }]) {
        const res = await call(method, url, payload, headers);
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json()).toMatchObject({ code: 'unauthorized' });
      }
    }
  });

  it.skipIf(skipKind(kind))('PUT stores an override; the list and the single read show it; PUT again replaces it', async () => {
    const id = await service();
    const empty = await ok<Json>('GET', `/v1/admin/services/${id}/templates`, undefined);
    expect(empty).toEqual({
      variables: [...TEMPLATE_VARIABLES],
      lists: { intake: [...TEMPLATE_LISTS.intake!] },
      kinds: [...MESSAGE_KINDS],
      locales: ['en', 'de'],
      overrides: [],
    });

    const put = await ok<Json>('PUT', tpl(id, 'reminder/de'), { subject: 'Bald: {{serviceName}}', sms: 'Bis {{shortWhen}}!', html: null });
    expect(put).toEqual({
      kind: 'reminder',
      locale: 'de',
      subject: 'Bald: {{serviceName}}',
      text: null,
      html: null,
      sms: 'Bis {{shortWhen}}!',
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    await ok('PUT', tpl(id, 'confirmation/en'), { text: 'Hello {{customerName}}' });

    const list = await ok<{ overrides: Json[] }>('GET', `/v1/admin/services/${id}/templates`, undefined);
    expect(list.overrides.map((o) => `${o.kind as string}/${o.locale as string}`)).toEqual(['confirmation/en', 'reminder/de']);
    expect(list.overrides[1]).toEqual(put);

    const one = await ok<Json>('GET', tpl(id, 'reminder/de'), undefined);
    expect(one).toEqual({
      kind: 'reminder',
      locale: 'de',
      default: { ...defaultTemplate('reminder', 'de') },
      override: { ...put, kind: undefined, locale: undefined },
    });
    expect(Object.keys(one.override as Json).sort()).toEqual(['html', 'sms', 'subject', 'text', 'updatedAt']);
    const none = await ok<Json>('GET', tpl(id, 'cancelled/en'), undefined);
    expect(none).toEqual({ kind: 'cancelled', locale: 'en', default: { ...defaultTemplate('cancelled', 'en') }, override: null });

    // PUT replaces: parts not given go back to the default; blank parts are stored as null.
    const replaced = await ok<Json>('PUT', tpl(id, 'reminder/de'), { text: 'Erinnerung an {{serviceName}}', subject: '   ' });
    expect(replaced).toMatchObject({ subject: null, text: 'Erinnerung an {{serviceName}}', html: null, sms: null });
    const rows = await stored(id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.kind === 'reminder')).toMatchObject({
      locale: 'de',
      subject: null,
      body_text: 'Erinnerung an {{serviceName}}',
      body_html: null,
      sms: null,
    });
  });

  it.skipIf(skipKind(kind))('refused templates: 422 naming the field with the validator message, nothing stored', async () => {
    const id = await service();
    const broken = await invalid('PUT', tpl(id), { subject: 'Fine {{serviceName}}', text: 'Hi {{#location}}at {{location}}' });
    expect(broken).toEqual([{ path: 'body.text', message: expect.stringMatching(/^Template syntax error: Unclosed section "location"/) }]);
    expect(await stored(id)).toEqual([]);
    expect((await ok<Json>('GET', tpl(id), undefined)).override).toBeNull();

    const unknownVar = await invalid('PUT', tpl(id), { subject: 'Hi {{customer_name}}' });
    expect(unknownVar).toEqual([{ path: 'body.subject', message: expect.stringContaining('Unknown variable "customer_name" (line 1, column 4)') }]);
    expect(await invalid('PUT', tpl(id), { html: '{{> footer}}' })).toEqual([
      { path: 'body.html', message: expect.stringContaining('Partials are not supported') },
    ]);
    expect(await invalid('PUT', tpl(id), { sms: '{{intake}}' })).toEqual([{ path: 'body.sms', message: expect.stringContaining('"intake" is a list') }]);
    // One answer names every bad part.
    const two = await invalid('PUT', tpl(id), { subject: '{{nope}}', sms: '{{/x}}' });
    expect(two.map((e) => e.path)).toEqual(['body.subject', 'body.sms']);

    // Lengths, shape and "at least one part".
    expect(await invalid('PUT', tpl(id), { subject: 'x'.repeat(301) })).toEqual([{ path: 'body.subject', message: 'at most 300 characters' }]);
    expect(await invalid('PUT', tpl(id), { sms: 'x'.repeat(1601) })).toEqual([{ path: 'body.sms', message: 'at most 1600 characters' }]);
    expect((await invalid('PUT', tpl(id), { text: 'x'.repeat(100_001) })).map((e) => e.path)).toEqual(['body.text']);
    expect((await invalid('PUT', tpl(id), { text: 42 })).map((e) => e.path)).toEqual(['body.text']);
    expect((await invalid('PUT', tpl(id), { body: 'Hi' })).map((e) => e.path)).toEqual(['body']);
    for (const payload of [{}, { subject: null, sms: null }, { text: ' \n ' }]) {
      expect(await invalid('PUT', tpl(id), payload)).toEqual([{ path: 'body', message: expect.stringContaining('at least one of subject, text, html, sms') }]);
    }
    expect(await stored(id)).toEqual([]);

    // A refused PUT leaves an earlier override as it was.
    await ok('PUT', tpl(id), { subject: 'Kept {{serviceName}}' });
    await invalid('PUT', tpl(id), { subject: 'Lost {{serviceName' });
    expect((await ok<{ override: Json }>('GET', tpl(id), undefined)).override.subject).toBe('Kept {{serviceName}}');
    expect(await stored(id)).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('partial override (subject only): preview shows that subject and the default text', async () => {
    const id = await service();
    const before = await ok<Preview>('POST', `${tpl(id)}/preview`, undefined);
    expect(before.subject).toBe('Confirmed: Consultation on Monday, 14 January 2030 at 09:00');
    expect(before.text).toContain('Hi Ada Lovelace,');
    expect(before.text).toContain('When: Monday, 14 January 2030, 09:00–09:45 (Eastern Standard Time, America/New_York)');
    expect(before.text).toContain('With: Dr. Grace');
    expect(before.text).toMatch(/Reschedule or cancel: http:\/\/slotflow\.test\/manage\/\S+/);
    expect(before.html).toMatch(/^<!DOCTYPE html>/);
    expect(before.sms.body).toMatch(/^Hi Ada Lovelace, your Consultation with Dr\. Grace on .* Reschedule or cancel: http:\/\/slotflow\.test\/s\/\w{10} - /);

    await ok('PUT', tpl(id), { subject: 'See you {{date}}, {{customerName}}!' });
    const after = await ok<Preview>('POST', `${tpl(id)}/preview`, {});
    expect(after.subject).toBe('See you Monday, 14 January 2030, Ada Lovelace!');
    expect(after.text).toBe(before.text);
    expect(after.html).toBe(before.html);
    expect(after.sms).toEqual(before.sms);

    // Draft parts go over the stored override: a string replaces, null means the default, absent keeps.
    const draft = await ok<Preview>('POST', `${tpl(id)}/preview`, { text: 'Draft for {{customerName}}' });
    expect(draft).toMatchObject({ subject: after.subject, text: 'Draft for Ada Lovelace' });
    expect((await ok<Preview>('POST', `${tpl(id)}/preview`, { subject: null })).subject).toBe(before.subject);
    // A draft is validated like a PUT (the renderer would silently fall back to the default).
    expect(await invalid('POST', `${tpl(id)}/preview`, { text: 'Hi {{who}}' })).toEqual([
      { path: 'body.text', message: expect.stringContaining('Unknown variable "who"') },
    ]);
    // Previews store nothing.
    expect((await stored(id)).map((r) => r.body_text)).toEqual([null]);

    // German, a kind without a manage link, with the sample reason.
    const de = await ok<Preview>('POST', `${tpl(id, 'cancelled/de')}/preview`, {});
    expect(de.subject).toBe('Abgesagt: Consultation am Montag, 14. Januar 2030 um 09:00 Uhr');
    expect(de.text).toContain('Hallo Ada Lovelace,');
    expect(de.text).toContain('Grund: ');
    expect(de.text).not.toContain('/manage/');
    expect(de.sms.body).not.toContain('/s/');
  });

  it.skipIf(skipKind(kind))('DELETE → 204, then 404; the defaults apply again', async () => {
    const id = await service();
    await ok('PUT', tpl(id, 'approved/de'), { subject: 'Ja: {{serviceName}}' });
    await ok('DELETE', tpl(id, 'approved/de'), undefined, 204);
    expect(await stored(id)).toEqual([]);
    expect((await ok<Json>('GET', tpl(id, 'approved/de'), undefined)).override).toBeNull();
    const again = await problem('DELETE', tpl(id, 'approved/de'), undefined, 404, 'not_found');
    expect(again.detail).toContain('approved');
    expect((await ok<Preview>('POST', `${tpl(id, 'approved/de')}/preview`, {})).subject).toMatch(/^Angenommen: Consultation am /);
  });

  it.skipIf(skipKind(kind))('unknown service → 404; malformed id → 422; unknown kind or locale → 404', async () => {
    const base = `/v1/admin/services/${UNKNOWN_ID}/templates`;
    const routes: [Method, string, unknown][] = [
      ['GET', base, undefined],
      ['GET', `${base}/confirmation/en`, undefined],
      ['PUT', `${base}/confirmation/en`, { subject: 'Hi' }],
      ['DELETE', `${base}/confirmation/en`, undefined],
      ['POST', `${base}/confirmation/en/preview`, {}],
    ];
    for (const [method, url, payload] of routes) {
      const p = await problem(method, url, payload, 404, 'not_found');
      expect(p.detail, `${method} ${url}`).toContain(UNKNOWN_ID);
    }
    expect(await d.db.selectFrom('message_templates').selectAll().where('service_id', '=', UNKNOWN_ID).execute()).toEqual([]);

    expect((await invalid('GET', '/v1/admin/services/not-a-uuid/templates')).map((e) => e.path)).toEqual(['params.serviceId']);
    expect((await invalid('PUT', '/v1/admin/services/not-a-uuid/templates/confirmation/en', { subject: 'x' })).map((e) => e.path)).toEqual([
      'params.serviceId',
    ]);

    const id = await service();
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', { subject: 'Hi' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await problem(method, tpl(id, 'birthday/en'), payload, 404, 'not_found')).detail).toContain('"birthday"');
      expect((await problem(method, tpl(id, 'confirmation/fr'), payload, 404, 'not_found')).detail).toContain('"fr"');
      expect((await problem(method, tpl(id, 'confirmation/de-AT'), payload, 404, 'not_found')).detail).toContain('"de-AT"');
    }
    await problem('POST', `${tpl(id, 'birthday/en')}/preview`, {}, 404, 'not_found');
    expect(await stored(id)).toEqual([]);
  });

  it.skipIf(skipKind(kind))('preview of an SMS reports encoding and segments', async () => {
    const id = await service();
    const plain = await ok<Preview>('POST', `${tpl(id, 'reminder/en')}/preview`, {});
    expect(plain.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(plain.sms.body).toMatch(/^Reminder: Consultation on /);

    const long = await ok<Preview>('POST', `${tpl(id, 'reminder/en')}/preview`, { sms: `${'x'.repeat(150)} {{serviceName}} {{shortManageUrl}}` });
    expect(long.sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(long.sms.body).toContain(' Consultation http://slotflow.test/s/');

    await ok('PUT', tpl(id, 'reminder/en'), { sms: 'Bis bald 🙂 {{customerName}}' });
    const ucs2 = await ok<Preview>('POST', `${tpl(id, 'reminder/en')}/preview`, {});
    expect(ucs2.sms).toEqual({ body: 'Bis bald 🙂 Ada Lovelace', encoding: 'UCS-2', segments: 1 });
    // Typographic punctuation is folded to ASCII, as in delivery.
    const folded = await ok<Preview>('POST', `${tpl(id, 'reminder/en')}/preview`, { sms: 'It’s {{time}} – see you…' });
    expect(folded.sms).toEqual({ body: "It's 09:00 - see you...", encoding: 'GSM-7', segments: 1 });
  });

  it.skipIf(skipKind(kind))('preview HTML escapes customer-visible values, also in triple braces', async () => {
    const evil = 'Cut <b>&</b> "Colour"';
    const intakeFields = [{ key: 'note', label: 'Note <script>x</script>', type: 'text' }];
    const id = await service({ name: evil, intakeFields }, { name: "Dr. <i>O'Hara</i>" });
    const escapedName = 'Cut &lt;b&gt;&amp;&lt;/b&gt; &quot;Colour&quot;';

    const p = await ok<Preview>('POST', `${tpl(id)}/preview`, {});
    expect(p.html).toContain(escapedName);
    expect(p.html).toContain('Dr. &lt;i&gt;O&#39;Hara&lt;/i&gt;');
    expect(p.html).toContain('<li>Note &lt;script&gt;x&lt;/script&gt;: Sample answer</li>');
    expect(p.html).not.toContain('<b>');
    expect(p.html).not.toContain('<script>');
    expect(p.html).not.toContain('<i>');
    // Text and subject are plain text: the values as they are.
    expect(p.text).toContain(`What: ${evil}`);
    expect(p.subject).toBe(`Confirmed: ${evil} on Monday, 14 January 2030 at 09:00`);

    const draft = await ok<Preview>('POST', `${tpl(id)}/preview`, { html: '<h1>{{{serviceName}}}</h1><p>{{& providerName}}</p>' });
    expect(draft.html).toBe(`<h1>${escapedName}</h1><p>Dr. &lt;i&gt;O&#39;Hara&lt;/i&gt;</p>`);
  });

  it.skipIf(skipKind(kind))('sample time: next Monday 09:00 in the provider zone (Europe/Berlin without providers)', async () => {
    const tokyo = await service({}, { timeZone: 'Asia/Tokyo', name: 'Dr. Kenji' });
    expect((await ok<Preview>('POST', `${tpl(tokyo)}/preview`, {})).text).toContain('09:00–09:45 (Japan Standard Time, Asia/Tokyo)');

    const lonely = await ok<{ id: string }>('POST', '/v1/admin/services', { name: 'Alone', durationMinutes: 30, providerIds: [] }, 201);
    const p = await ok<Preview>('POST', `${tpl(lonely.id)}/preview`, {});
    expect(p.text).toContain('When: Monday, 14 January 2030, 09:00–09:30 (Central European Standard Time, Europe/Berlin)');
    expect(p.text).toContain('With: Sample Provider');
  });

  it.skipIf(skipKind(kind))('the OpenAPI document lists the template paths', async () => {
    const doc = (await call('GET', '/docs/openapi.json', undefined, {})).json() as { paths: Record<string, Record<string, Json>> };
    const base = '/v1/admin/services/{serviceId}/templates';
    expect(Object.keys(doc.paths[base] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths[`${base}/{kind}/{locale}`] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths[`${base}/{kind}/{locale}/preview`] ?? {})).toEqual(['post']);
    const put = doc.paths[`${base}/{kind}/{locale}`]!.put as { parameters: Json[]; security: unknown; requestBody: Json; responses: Record<string, unknown> };
    expect(put.security).toEqual([{ adminKey: [] }]);
    expect(put.parameters.map((p) => p.name)).toEqual(['serviceId', 'kind', 'locale']);
    expect(put.parameters.find((p) => p.name === 'kind')).toMatchObject({ in: 'path', required: true, schema: { enum: [...MESSAGE_KINDS] } });
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '401', '422']));
    expect(JSON.stringify(put.requestBody)).toContain('"subject"');
  });
});
