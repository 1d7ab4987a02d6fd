/**
 * The details step: the form, its validation and the POST /v1/bookings — loaded lazily (prefetched
 * while the customer picks a time) so the widget's first load stays small; the confirmation lives in
 * the same chunk (see LateSteps). Answers and the Idempotency-Key state belong to the widget (they outlive this step:
 * a lost race comes back here with the answers kept, and a retry after a network error keeps its key).
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { BookingCreated, PublicService, Slot } from '../api/types.ts';
import { BookingForm } from './BookingForm.tsx';
import { Confirmation, type ConfirmationProps } from './Confirmation.tsx';
import { formatTime } from './format.ts';
import { buildRequest, IdempotencyKeys, localProblem, randomKey, type FieldErrors, type FormAnswers } from './form-model.ts';
import { t } from '../shared/i18n/en-form.ts';
import { toActionProblem } from './action-problems.ts';
import type { UiProblem } from './problems.ts';
import { CHALLENGE_CODES, ProofPool } from './proof-of-work.ts';

export type DetailsStepProps = {
  service: PublicService;
  slot: Slot;
  /** Set only when the customer chose a provider ("anyone": the server picks). */
  providerId: string | undefined;
  zone: string;
  locale: string | undefined;
  answers: FormAnswers;
  onAnswers: (a: FormAnswers) => void;
  keys: RefObject<IdempotencyKeys | null>;
  onBooked: (b: BookingCreated) => void;
  /** 409: the widget refreshes the times and shows `problem.message` there. */
  onSlotTaken: (problem: UiProblem) => void;
};

/**
 * The chunk's one entry: the form, or (`done`) the confirmation. One lazy component for both, so the
 * step after a booking renders at once instead of suspending on a second lazy wrapper.
 */
export default function LateSteps(p: { details: DetailsStepProps } | { done: ConfirmationProps }) {
  return 'done' in p ? <Confirmation {...p.done} /> : <DetailsStep {...p.details} />;
}

function DetailsStep({ service, slot, providerId, zone, locale, answers, onAnswers, keys, onBooked, onSlotTaken }: DetailsStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<UiProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The proof of work (when the operator has it on) is solved while the customer types.
  const proofs = useRef<ProofPool | null>(null);
  proofs.current ??= new ProofPool();
  useEffect(() => proofs.current!.prefetch(), []);

  /** An edited field's error goes away (the others stay until the next submit). */
  const at = (a: FormAnswers, path: string) => (path.startsWith('body.customer.') ? a[path.slice(14) as 'name'] : a.intake[path.slice(12)]);
  const change = (a: FormAnswers) => {
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([path]) => at(a, path) === at(answers, path))));
    onAnswers(a);
  };

  async function submit() {
    const built = buildRequest({
      serviceId: service.id,
      providerId,
      slot,
      zone,
      locale,
      fields: service.intakeFields,
      customerFields: service.customerFields,
      answers,
    });
    setErrors(built.errors ?? {});
    setProblem(null);
    if (!built.request) return;
    const k = (keys.current ??= new IdempotencyKeys(randomKey));
    const key = k.keyFor(built.request);
    setSubmitting(true);
    const pool = proofs.current!;
    const send = (altcha: string | undefined) =>
      api<BookingCreated>('/v1/bookings', {
        method: 'POST',
        body: built.request,
        headers: { 'idempotency-key': key, ...(altcha ? { 'x-altcha': altcha } : {}) },
      });
    try {
      const b = await send(await pool.take()).catch(async (err: unknown) => {
        // No proof, or a spent / expired one: solve one now and try once more (same key: safe).
        if (err instanceof ApiError && CHALLENGE_CODES.includes(err.code)) return send(await pool.fresh());
        throw err;
      });
      k.settle();
      onBooked(b);
    } catch (err) {
      pool.prefetch(); // a proof books once: the next attempt gets a new one
      const p = toActionProblem(err, formatTime(slot.start, zone, locale));
      // Refused for good: the next submission is a new attempt (new key). Network / 503: same key.
      if (p.kind === 'slot_taken' || p.kind === 'fields') k.settle();
      if (p.kind === 'slot_taken') return onSlotTaken(p);
      // The server's field messages are the shared rules' English: shown in the page's language.
      if (p.kind === 'fields') setErrors(Object.fromEntries(Object.entries(p.fieldErrors).map(([path, m]) => [path, localProblem(m)])));
      setProblem(p);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <BookingForm
      fields={service.intakeFields}
      customerFields={service.customerFields}
      answers={answers}
      onChange={change}
      errors={errors}
      submitting={submitting}
      onSubmit={submit}
    >
      {problem && (
        <div className={problem.kind === 'fields' ? 'notice bad' : 'notice warn'} role="alert">
          <p>{problem.message}</p>
          {problem.kind === 'network' && (
            <button type="button" onClick={submit} disabled={submitting}>
              {t('retry')}
            </button>
          )}
        </div>
      )}
    </BookingForm>
  );
}
