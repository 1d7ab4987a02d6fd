/**
 * How one intake question will look to the customer: the same control the booking widget renders for
 * its type. `inert`: it previews, it does not collect, so it is out of the tab order and hidden from
 * assistive technology (the editor beside it already says everything).
 */
import { optionsOf, type IntakeDraft } from './intake.ts';

export function IntakePreview({ draft }: { draft: IntakeDraft }) {
  const id = `preview-${draft.uid}`;
  const label = (draft.label.trim() || 'Untitled question') + (draft.required ? ' *' : '');
  const options = optionsOf(draft);
  let control;
  switch (draft.type) {
    case 'textarea':
      control = <textarea id={id} rows={2} readOnly />;
      break;
    case 'select':
      control = (
        <select id={id} defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      return (
        <div className="cat-preview" inert>
          <span className="cat-preview-tag">Preview</span>
          <div className="cat-check">
            <input type="checkbox" id={id} readOnly />
            <label htmlFor={id}>{label}</label>
          </div>
        </div>
      );
    default:
      control = <input id={id} type={draft.type === 'phone' ? 'tel' : draft.type} readOnly placeholder={draft.type === 'email' ? 'name@example.com' : ''} />;
  }
  return (
    <div className="cat-preview" inert>
      <span className="cat-preview-tag">Preview</span>
      <label htmlFor={id}>{label}</label>
      {control}
    </div>
  );
}
