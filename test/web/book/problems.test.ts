import { describe, expect, it } from 'vitest';
import { manage } from '../../../web/src/shared/i18n/en-manage.ts';
import { toActionProblem } from '../../../web/src/book/action-problems.ts';
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
      expect(toActionProblem(problem(422, code))).toEqual({
        kind: 'other',
        message: 'We could not complete the security check for this booking. Please try again.',
      });
    }
  });

  it('a lost race names the time and promises the remaining times', () => {
    expect(toActionProblem(problem(409, 'slot_unavailable'), '10:30')).toEqual({
      kind: 'slot_taken',
      message: 'Sorry, someone just booked 10:30 — here are the times still free.',
    });
  });

  it('422 field errors land on form fields; others are listed in the summary', () => {
    const p = toActionProblem(
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
    expect(toActionProblem(problem(422, 'invalid_request', { errors: [{ path: 'body.intake.x', message: 'is required' }] })).message).toBe(
      'Please correct the highlighted fields.',
    );
  });

  it('503 / 429 say when to try again (Retry-After, else 5 s)', () => {
    expect(toActionProblem(problem(503, 'calendar_busy', { retryAfterSeconds: 12 }))).toEqual({
      kind: 'retry_later',
      seconds: 12,
      message: "We're busy right now — please try again in 12 s.",
    });
    expect(toActionProblem(problem(503, 'service_unavailable'))).toMatchObject({ kind: 'retry_later', seconds: 5 });
    expect(toActionProblem(problem(429, 'rate_limited', { retryAfterSeconds: 30 }))).toMatchObject({ kind: 'retry_later', seconds: 30 });
  });

  it('network errors offer a retry; policy windows keep the server explanation', () => {
    expect(toActionProblem(problem(0, 'network_error')).kind).toBe('network');
    expect(toActionProblem(problem(403, 'policy_window'))).toEqual({ kind: 'policy', message: 'server says policy_window' });
  });

  it('dead manage links each get their own state; their words are the manage page’s (not in the widget’s load)', () => {
    expect(toActionProblem(problem(410, 'link_superseded'))).toMatchObject({ kind: 'link', code: 'link_superseded' });
    expect(toActionProblem(problem(410, 'link_expired'))).toMatchObject({ kind: 'link', code: 'link_expired' });
    expect(toActionProblem(problem(401, 'link_invalid'))).toMatchObject({ kind: 'link', code: 'link_invalid' });
    expect(toActionProblem(problem(404, 'not_found'))).toMatchObject({ kind: 'link', code: 'not_found' });
    expect(manage.link_supersededText).toContain('newest link from your e-mail');
    expect(manage.link_expired).toBe('This link has expired');
    expect(manage.link_invalid).toBe('This link is not valid');
  });

  it('a booking changed meanwhile is shown as it is now (the problem carries it), not a dead end', () => {
    const current = { id: 'b1', version: 3 };
    expect(toActionProblem({ ...problem(409, 'booking_changed'), problem: { code: 'booking_changed', booking: current } })).toMatchObject({
      kind: 'changed',
      current,
    });
    expect(manage.changed).toContain('here is how it stands now');
  });

  it('unknown codes keep the server message; non-API errors get a generic one', () => {
    expect(toActionProblem(problem(500, 'internal_error'))).toEqual({ kind: 'other', message: 'server says internal_error' });
    expect(toActionProblem(new TypeError('x is undefined'))).toEqual({ kind: 'other', message: 'Something went wrong. Please try again.' });
  });

  it('a read never meets an action’s codes: toUiProblem (first load) keeps the server’s words for them', () => {
    expect(toUiProblem(problem(409, 'slot_unavailable'))).toEqual({ kind: 'other', message: 'server says slot_unavailable' });
    expect(toUiProblem(problem(503, 'service_unavailable'))).toMatchObject({ kind: 'retry_later', seconds: 5 });
  });
});
