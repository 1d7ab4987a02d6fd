/** Public booking endpoints: create (update-with-start) and confirm a hold. */
import { z } from 'zod';
import { zInstant } from '../schemas/common.schemas.ts';
import { confirmBooking } from '../../use-cases/confirm-booking.ts';
import { createBooking } from '../../use-cases/create-booking.ts';
import { firstAcceptedLanguage, normalizePhone } from '../../domain/bookings/contact.ts';
import { EMAIL_PROBLEM, isEmailAddress, isPhoneNumber, PHONE_PROBLEM } from '../../domain/bookings/intake.ts';
import { isValidTimeZone } from '../../domain/time/zones.ts';
import { decodeLinkToken } from '../../domain/links/link-token.ts';
import { unreachableByText } from '../../domain/messages/sms-policy.ts';
import { AppError } from '../../errors.ts';
import { bearer } from '../auth.ts';
import { challengeSecrets, issueChallenge, spendProof } from '../booking-challenge.ts';
import { clientKeyOf } from '../client-key.ts';
import type { GatewayDeps } from '../deps.ts';
import { gatewayBookingDeps, idempotencyKeyOf, serverSecretOf, ZIdempotencyKey } from '../booking-request.ts';
import { bookingZone, presentSnapshot } from '../presenters/booking.presenter.ts';
import { getBookingOrFail } from '../../db/booking.repository.ts';
import { providerTimeZone } from '../../db/provider.repository.ts';
import { emailsOn } from '../delivery.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZInstant = zInstant();
const ZConfirmBody = z
  .object({ token: z.string().min(10).max(512).describe('The token of the manageUrl the create answer returned') })
  .strict()
  .optional();
const ZCreateBooking = z
  .object({
    serviceId: z.uuid(),
    providerId: z.uuid().optional(),
    start: ZInstant.describe('ISO-8601 with offset, one of the availability slots'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone').describe("The customer's zone"),
    customer: z
      .object({
        name: z.string().trim().min(1).max(200),
        // The same rules as intake answers and the widget (src/domain/bookings/intake.ts).
        email: z.string().trim().refine(isEmailAddress, EMAIL_PROBLEM).optional(),
        phone: z.string().max(40).refine(isPhoneNumber, PHONE_PROBLEM).optional(),
      })
      .strict(),
    intake: z.record(z.string().max(64), z.unknown()).optional().describe("Answers to the service's intake fields"),
    channel: z.enum(['web', 'phone', 'email', 'api']).default('web'),
    hold: z.boolean().default(false),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or de-AT')
      .max(35)
      .optional()
      .describe("Language of the customer's messages (en, de); default: the request's Accept-Language, else en"),
  })
  .strict();
const ZBookingParams = z.object({ id: z.uuid() }).strict();

const ZBooking = z.object({
  id: z.string(),
  status: z.string(),
  serviceId: z.string(),
  providerId: z.string(),
  start: z.string(),
  end: z.string(),
  version: z.number(),
  resources: z
    .array(z.object({ id: z.string(), name: z.string(), pool: z.string() }))
    .optional()
    .describe('The rooms and equipment the booking holds, when its service requires some'),
  holdExpiresAt: z.string().optional(),
  manageUrl: z.string().optional(),
  customerEmailed: z
    .boolean()
    .describe('Whether the customer gets e-mail about the booking: false when no e-mail transport is configured (the outbox) or no address was given'),
  calendarUid: z.string().optional().describe('UID of the booking in calendars (the invitation e-mail uses it): give a downloadable .ics this UID'),
});

const BOOKING_EXAMPLE = {
  id: '7d1f0c7e-6a5b-4f3e-9c2d-1b0a9e8d7c6b',
  status: 'held',
  serviceId: '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
  providerId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  start: '2026-12-08T10:00:00+01:00',
  end: '2026-12-08T10:30:00+01:00',
  version: 1,
  holdExpiresAt: '2026-12-06T12:10:00+01:00',
  manageUrl: 'https://book.example.com/manage.html#t=eyJiIjoiN2QxZjBjN2UiLCJ2IjoxfQ.c2lnbmF0dXJl',
  calendarUid: '7d1f0c7e-6a5b-4f3e-9c2d-1b0a9e8d7c6b@slotflow',
};

const ZChallengeAnswer = z.object({
  required: z.boolean(),
  challenge: z.object({ parameters: z.record(z.string(), z.unknown()), signature: z.string().optional() }).optional(),
});

export function bookingRoutes(deps: GatewayDeps): AnyRoute[] {
  // Keys idempotency ids, client hashes and challenges; every gateway of a deployment shares it.
  const serverSecret = serverSecretOf(deps);
  const proofSecrets = challengeSecrets(serverSecret);
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/bookings',
      summary: 'Book a slot (Idempotency-Key header supported); 409 slot_unavailable when taken',
      tags: ['public'],
      auth: 'public',
      body: ZCreateBooking,
      bodyExample: {
        serviceId: '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
        start: '2026-12-08T10:00:00+01:00',
        timeZone: 'Europe/Berlin',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      },
      headers: {
        'Idempotency-Key': {
          description:
            'Retrying with the same key answers the first booking again (no second one); the same key with another body is 422 idempotency_key_mismatch',
          schema: ZIdempotencyKey,
        },
        'X-Altcha': { description: 'The solved proof of work (GET /v1/bookings/challenge) while BOOKING_CHALLENGE is on', schema: z.string() },
      },
      errors: [
        'slot_unavailable',
        'not_a_slot',
        'not_found',
        'idempotency_key_mismatch',
        'challenge_required',
        'challenge_invalid',
        'hold_limit',
        'booking_limit',
        'calendar_busy',
      ],
      responses: { 201: { description: 'The booking', schema: ZBooking, example: BOOKING_EXAMPLE } },
      async handler({ body }, req, reply) {
        const idempotencyKey = idempotencyKeyOf(req.headers);
        if (deps.bookings.challenge) await spendProof(deps.db, req.headers['x-altcha'], proofSecrets);
        // Only a phone, in a country the business does not text: no confirmation could reach the customer.
        const phone = body.customer.phone ? normalizePhone(body.customer.phone) : undefined;
        if (unreachableByText(deps.smsPolicy, { phone, email: body.customer.email })) {
          throw new AppError('invalid_request', 'We cannot send text messages to this number. Please give an e-mail address.', {
            errors: [{ path: 'body.customer.phone', message: 'we cannot text this country; add an e-mail address' }],
          });
        }
        const started = process.hrtime.bigint();
        const outcome = (o: string) => deps.metrics.bookingRoundTrip.observe({ outcome: o }, Number(process.hrtime.bigint() - started) / 1e9);
        const snapshot = await createBooking(gatewayBookingDeps(deps, { abuseLimits: deps.bookings.abuseLimits }), {
          serviceId: body.serviceId,
          providerId: body.providerId,
          start: Date.parse(body.start),
          customer: {
            ...body.customer,
            ...(phone ? { phone } : {}),
            timeZone: body.timeZone,
          },
          locale: body.locale ?? firstAcceptedLanguage(req.headers['accept-language']),
          intake: body.intake ?? {},
          channel: body.channel,
          hold: body.hold,
          idempotencyKey,
          clientKey: clientKeyOf(serverSecret, req.ip),
        }).catch((err: unknown) => {
          outcome(err instanceof AppError && err.code === 'slot_unavailable' ? 'slot_unavailable' : 'error');
          throw err;
        });
        outcome('created');
        reply.status(201);
        return presentSnapshot(snapshot, body.timeZone, deps.links?.manageUrl(snapshot), emailsOn(deps));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/bookings/challenge',
      summary:
        'A proof-of-work challenge (ALTCHA v2) for POST /v1/bookings: solve it and send the payload as the X-Altcha header. {"required": false} while BOOKING_CHALLENGE is off',
      tags: ['public'],
      auth: 'public',
      responses: { 200: { description: 'Whether a proof is required, and a fresh challenge when it is', schema: ZChallengeAnswer } },
      async handler(_input, _req, reply) {
        reply.header('cache-control', 'no-store');
        const settings = deps.bookings.challenge;
        if (!settings) return { required: false };
        return { required: true, challenge: await issueChallenge(settings, proofSecrets) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/bookings/:id/confirm',
      // An id alone confirms nothing: no token → 401 `unauthorized`; an invalid one, or another booking's → 404.
      summary:
        'Confirm a held booking (created with "hold": true) with the token of the manageUrl its create answer returned ({"token"} or Authorization: Bearer)',
      tags: ['public'],
      auth: 'public',
      params: ZBookingParams,
      body: ZConfirmBody,
      bodyExample: { token: 'eyJiIjoiN2QxZjBjN2UiLCJ2IjoxfQ.c2lnbmF0dXJl' },
      errors: ['unauthorized', 'not_found', 'conflict'],
      responses: { 200: { description: 'The booking', schema: ZBooking, example: { ...BOOKING_EXAMPLE, status: 'confirmed', holdExpiresAt: undefined } } },
      async handler({ params, body }, req) {
        // The hold's secret is its manage token: knowing a booking id (ICS UID, event id, …) is not enough.
        const token = body?.token ?? bearer(req);
        if (!token)
          throw new AppError(
            'unauthorized',
            'Confirming a hold needs the manage token its create answer returned: send {"token": "…"} or Authorization: Bearer <token>.',
          );
        const links = deps.links;
        if (!links) throw new AppError('not_found', `No booking ${params.id}.`);
        let claimed: { bookingId: string };
        try {
          claimed = decodeLinkToken(token, links.secret);
        } catch {
          throw new AppError('not_found', `No booking ${params.id}.`);
        }
        // The same answer for "no such booking" and "a token of another booking": nothing to probe.
        if (claimed.bookingId !== params.id) throw new AppError('not_found', `No booking ${params.id}.`);
        const snapshot = await confirmBooking({ db: deps.db, client: deps.temporal.client }, params.id);
        // Shown in the booking's zone, as its create answer was (the customer's; else its provider's).
        const row = await getBookingOrFail(deps.db, params.id);
        const zone = bookingZone(row, await providerTimeZone(deps.db, row.provider_id));
        return presentSnapshot(snapshot, zone, deps.links?.manageUrl(snapshot), emailsOn(deps));
      },
    }),
  ];
}
