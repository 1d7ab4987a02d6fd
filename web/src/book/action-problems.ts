/**
 * API failures of an action (booking, rescheduling, cancelling, "e-mail me my link") and of a manage link →
 * what the pages show, pure, by the stable problem `code`. Lives in the lazy chunks (the details step, the
 * manage page): codes only those meet are not part of the widget's first load. Anything else: `toUiProblem`.
 */
import { t } from '../shared/i18n/en-form.ts';
import { t as tb } from '../shared/i18n/en-book.ts';
import { isApiProblem, toUiProblem, type UiProblem } from './problems.ts';

/** Field paths the booking form shows at a field; other paths go into the summary message. */
const FORM_PATH = /^body\.(customer\.(name|email|phone)|intake\.[A-Za-z][A-Za-z0-9_]*)$/;

/** `slotLabel` names the lost slot ('10:30') in the race message. */
export function toActionProblem(err: unknown, slotLabel?: string): UiProblem {
  if (!isApiProblem(err)) return toUiProblem(err);
  switch (err.code) {
    case 'slot_unavailable':
      return { kind: 'slot_taken', message: slotLabel ? t('slotTakenAt', { time: slotLabel }) : t('slotTaken') };
    case 'invalid_request': {
      const fieldErrors: Record<string, string> = {};
      const rest: string[] = [];
      for (const e of err.errors) {
        if (FORM_PATH.test(e.path)) fieldErrors[e.path] = e.message;
        else rest.push(`${e.path.replace(/^body\./, '')}: ${e.message}`);
      }
      return { kind: 'fields', message: rest.length ? t('checkFields', { list: rest.join('; ') }) : t('fixFields'), fieldErrors };
    }
    case 'challenge_required':
    case 'challenge_invalid':
      // The widget solves the proof of work itself and retries once; this shows only if that failed too.
      return { kind: 'other', message: t('securityCheck') };
    case 'policy_window':
      return { kind: 'policy', message: err.message || t('tooLate') };
    case 'booking_changed':
      return { kind: 'changed', message: tb('error'), current: err.problem?.['booking'] };
    case 'link_superseded':
    case 'link_expired':
    case 'link_invalid':
    case 'not_found':
      return { kind: 'link', code: err.code, message: tb('error') };
    default:
      return toUiProblem(err);
  }
}
