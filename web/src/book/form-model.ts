/**
 * The booking form, pure: its answers, their validation with the SAME `validateIntake` the server runs
 * (so the rules are written once), and the POST /v1/bookings body they become. Errors are keyed by the
 * server's paths (`body.customer.email`, `body.intake.<key>`), so a 422 from the server lands on the
 * same fields as a client-side problem.
 */
import type { IntakeField, Slot } from '../api/types.ts';
import { EMAIL_PROBLEM, PHONE_PROBLEM, validateIntake } from '../../../src/domain/bookings/intake.ts';
import { DEFAULT_CUSTOMER_FIELDS, formRequires, type CustomerFields } from '../../../src/domain/catalog/customer-fields.ts';
import { t } from '../shared/i18n/en-form.ts';

export type FormAnswers = {
  name: string;
  email: string;
  phone: string;
  /** Keyed by intake field key: strings for text-like fields and select, booleans for checkboxes. */
  intake: Record<string, string | boolean>;
};

export type FieldErrors = Record<string, string>;

export const emptyAnswers = (): FormAnswers => ({ name: '', email: '', phone: '', intake: {} });

/** The customer's own details checked as intake fields (one rule set), required as the service's form needs. */
function customerChecks(f: CustomerFields): IntakeField[] {
  const needs = formRequires(f);
  return [
    { key: 'email', label: 'E-mail', type: 'email', required: needs.email },
    { key: 'phone', label: 'Phone', type: 'phone', required: needs.phone },
  ];
}

/**
 * A field problem of the shared rules (intake.ts, in English: the server's words too) in the page's
 * language; one the form does not know stays as it is.
 */
export function localProblem(message: string): string {
  const known: Record<string, string> = {
    'is required': t('isRequired'),
    [EMAIL_PROBLEM]: t('notEmail'),
    [PHONE_PROBLEM]: t('notPhone'),
    'must be checked': t('mustCheck'),
  };
  const long = /^must be at most (\d+) characters/.exec(message);
  return known[message] ?? (long ? t('tooLong', { n: long[1]! }) : message);
}

export type BookingRequest = {
  serviceId: string;
  providerId?: string;
  start: string;
  timeZone: string;
  customer: { name: string; email?: string; phone?: string };
  intake: Record<string, string | boolean>;
  channel: 'web';
  locale?: string;
};

/** Problems of a validateIntake failure, or rethrows anything else. */
function problemsOf(err: unknown): { path: string; message: string }[] {
  const list = (err as { extra?: { errors?: { path: string; message: string }[] } }).extra?.errors;
  if (!Array.isArray(list)) throw err;
  return list;
}

/**
 * Validates the answers; either `{ request }` ready to POST or `{ errors }` keyed by server path.
 * Only the intake fields of the service are sent (answers of other services' fields are dropped), and
 * they are sent cleaned (trimmed; phone separators removed) as the server would store them.
 */
export function buildRequest(p: {
  serviceId: string;
  /** Set only when the customer chose a provider; "anyone" lets the server pick the least booked. */
  providerId?: string | undefined;
  slot: Slot;
  zone: string;
  locale?: string | undefined;
  fields: readonly IntakeField[];
  /** The service's e-mail / phone settings (absent: the defaults). */
  customerFields?: CustomerFields | undefined;
  answers: FormAnswers;
}): { request: BookingRequest; errors?: undefined } | { errors: FieldErrors; request?: undefined } {
  const errors: FieldErrors = {};
  const name = p.answers.name.trim();
  if (!name) errors['body.customer.name'] = localProblem('is required');
  else if (name.length > 200) errors['body.customer.name'] = localProblem('must be at most 200 characters');

  let customer: Record<string, string | boolean> = {};
  try {
    customer = validateIntake(customerChecks(p.customerFields ?? DEFAULT_CUSTOMER_FIELDS), { email: p.answers.email, phone: p.answers.phone });
  } catch (err) {
    for (const e of problemsOf(err)) errors[e.path.replace('body.intake.', 'body.customer.')] = localProblem(e.message);
  }

  let intake: Record<string, string | boolean> = {};
  const given: Record<string, string | boolean> = {};
  for (const f of p.fields) {
    const v = p.answers.intake[f.key];
    if (v !== undefined) given[f.key] = v;
  }
  try {
    intake = validateIntake(p.fields, given);
  } catch (err) {
    for (const e of problemsOf(err)) errors[e.path] = localProblem(e.message);
  }

  if (Object.keys(errors).length > 0) return { errors };
  return {
    request: {
      serviceId: p.serviceId,
      ...(p.providerId ? { providerId: p.providerId } : {}),
      start: p.slot.start,
      timeZone: p.zone,
      customer: {
        name,
        ...(customer.email ? { email: String(customer.email) } : {}),
        ...(customer.phone ? { phone: String(customer.phone) } : {}),
      },
      intake,
      channel: 'web',
      ...(p.locale ? { locale: p.locale } : {}),
    },
  };
}

/**
 * Idempotency keys for POST /v1/bookings: one key per submission attempt of one request body. The
 * same body (a double click, "Retry" after a network error or a 503) reuses the key, so the server
 * answers with the booking it may already have made; a changed body (another slot, edited answers)
 * or a settled attempt (booked, or refused for good: 409/422) gets a fresh key, because reusing a key
 * with a different body is refused (422 idempotency_key_mismatch) and a refused request never booked.
 */
export class IdempotencyKeys {
  private body: string | null = null;
  private key = '';
  constructor(private readonly random: () => string) {}

  keyFor(request: BookingRequest): string {
    const body = JSON.stringify(request);
    if (body !== this.body) {
      this.body = body;
      this.key = this.random();
    }
    return this.key;
  }

  /** After a definitive answer: the next submission is a new attempt. */
  settle(): void {
    this.body = null;
  }
}

/** A random key: 128 bits as hex (getRandomValues works outside secure contexts, unlike randomUUID). */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
