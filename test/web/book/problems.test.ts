import { describe, expect, it } from 'vitest';
import { toUiProblem, type ApiProblem } from '../../../web/src/book/problems.ts';

const problem = (status: number, code: string, extra: Partial<ApiProblem> = {}): ApiProblem => ({
  status,
  code,
  message: `server says ${code}`,
  errors: [],
  ...extra,
});

describe('ApiError → what the page shows', () => {
  it('a proof-of-work refusal that survived the widget’s own retry asks to try again, in plain words', () => {
    for (const code of ['challenge_required', 'challenge_invalid']) {
      expect(toUiProblem(problem(422, code))).toEqual({
        kind: 'other',
        message: 'We could not complete the security check for this booking. Please try again.',
      });
    }
  });

  it('a lost race names the time and promises the remaining times', () => {
    expect(toUiProblem(problem(409, 'slot_unavailable'), '10:30')).toEqual({
      kind: 'slot_taken',
      message: 'Sorry, someone just booked 10:30 — here are the times still free.',
    });
  });

  it('422 field errors land on form fields; others are listed in the summary', () => {
    const p = toUiProblem(
      problem(422, 'invalid_request', {
        errors: [
          { path: 'body.intake.kind', message: 'must be one of "A"' },
          { path: 'body.customer.email', message: 'Invalid email address' },
          { path: 'body.start', message: 'Invalid ISO datetime' },
        ],
      }),
    );
    expect(p).toEqual({
      kind: 'fields',
      fieldErrors: { 'body.intake.kind': 'must be one of "A"', 'body.customer.email': 'Invalid email address' },
      message: 'Please check: start: Invalid ISO datetime',
    });
    expect(toUiProblem(problem(422, 'invalid_request', { errors: [{ path: 'body.intake.x', message: 'is required' }] })).message).toBe(
      'Please correct the highlighted fields.',
    );
  });

  it('503 / 429 say when to try again (Retry-After, else 5 s)', () => {
    expect(toUiProblem(problem(503, 'calendar_busy', { retryAfterSeconds: 12 }))).toEqual({
      kind: 'retry_later',
      seconds: 12,
      message: "We're busy right now — please try again in 12 s.",
    });
    expect(toUiProblem(problem(503, 'service_unavailable'))).toMatchObject({ kind: 'retry_later', seconds: 5 });
    expect(toUiProblem(problem(429, 'rate_limited', { retryAfterSeconds: 30 }))).toMatchObject({ kind: 'retry_later', seconds: 30 });
  });

  it('network errors offer a retry; policy windows keep the server explanation', () => {
    expect(toUiProblem(problem(0, 'network_error')).kind).toBe('network');
    expect(toUiProblem(problem(403, 'policy_window'))).toEqual({ kind: 'policy', message: 'server says policy_window' });
  });

  it('dead manage links each get their own state', () => {
    expect(toUiProblem(problem(410, 'link_superseded'))).toMatchObject({
      kind: 'link',
      code: 'link_superseded',
      message: expect.stringContaining('newest link from your e-mail'),
    });
    expect(toUiProblem(problem(410, 'link_expired'))).toMatchObject({ kind: 'link', code: 'link_expired', title: 'This link has expired' });
    expect(toUiProblem(problem(401, 'link_invalid'))).toMatchObject({ kind: 'link', code: 'link_invalid', title: 'This link is not valid' });
  });

  it('a booking changed meanwhile is shown as it is now (the problem carries it), not a dead end', () => {
    const current = { id: 'b1', version: 3 };
    expect(toUiProblem({ ...problem(409, 'booking_changed'), problem: { code: 'booking_changed', booking: current } })).toEqual({
      kind: 'changed',
      message: expect.stringContaining('here is how it stands now'),
      current,
    });
  });

  it('unknown codes keep the server message; non-API errors get a generic one', () => {
    expect(toUiProblem(problem(500, 'internal_error'))).toEqual({ kind: 'other', message: 'server says internal_error' });
    expect(toUiProblem(new TypeError('x is undefined'))).toEqual({ kind: 'other', message: 'Something went wrong. Please try again.' });
  });
});
