/**
 * A searchable time-zone picker (ARIA 1.2 combobox with a listbox popup): typing filters on the city, the
 * zone id, its long names and its GMT offset (zone-search.ts); ↑/↓ move, Enter picks, Escape closes and
 * keeps the zone; the active option is `aria-activedescendant`, so focus stays in the field. Closed, the
 * field shows the zone's friendly label at `at` (the day being viewed). Pinned zones (the visitor's, the
 * business's) lead the list. Used by the widget's time picker (loaded lazily there) and the admin.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { loadBranding } from './branding.ts';
import { t } from './i18n/en-zone.ts';
import './zone-combobox.css';
import { allZones, searchZones, zoneEntry } from './zone-search.ts';

export type ZoneComboboxProps = {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  /** The instant whose offsets are shown (ms). */
  at: number;
  locale?: string | undefined;
  /** The business's zone (else the one of GET /v1/branding): listed first with the browser's, tagged. */
  business?: string | undefined;
  /** Focus the field and open the list when mounted (the widget swaps this in on the first focus). */
  autoFocus?: boolean;
  /** Extra ids for aria-describedby (a hint, an error). */
  describedBy?: string | undefined;
  invalid?: boolean;
};

export default function ZoneCombobox({ id, value, onChange, at, locale, business, autoFocus, describedBy, invalid }: ZoneComboboxProps) {
  const [branded, setBranded] = useState<string | undefined>();
  useEffect(() => {
    if (!business) void loadBranding().then((b) => setBranded(b?.defaultTimeZone ?? undefined));
  }, [business]);
  const detected = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const [query, setQuery] = useState<string | null>(autoFocus ? '' : null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const hour = Math.floor(at / 3_600_000) * 3_600_000; // offsets change on the hour at most
  const pins = (
    [
      [detected, t('detected')],
      [business ?? branded, t('business')],
    ] as const
  ).filter((p): p is readonly [string, string] => !!p[0]);
  const pinKey = pins.map((p) => p[0]).join(',');
  const entries = useMemo(
    () => allZones([value, ...pins.map((p) => p[0])]).map((z) => zoneEntry(z, hour, locale)),
    [hour, locale, value, pinKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const open = query !== null;
  const results = useMemo(
    () =>
      open
        ? searchZones(
            entries,
            query,
            pins.map((p) => p[0]),
          )
        : [],
    [entries, query, pinKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const current = entries.find((e) => e.zone === value);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [active, open]); // eslint-disable-line react-hooks/exhaustive-deps

  const choose = (zone: string) => {
    setQuery(null);
    if (zone !== value) onChange(zone);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setQuery('');
        setActive(0);
      } else setActive((a) => Math.max(0, Math.min(results.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      const r = results[active];
      if (r) choose(r.zone);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setQuery(null);
    }
  };

  return (
    <div className="sf-combo">
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && results[active] ? optionId(active) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        placeholder={current?.label ?? value}
        value={open ? query : (current?.label ?? value)}
        onFocus={() => {
          if (!open) {
            setQuery('');
            setActive(0);
          }
        }}
        onClick={() => !open && setQuery('')}
        onBlur={() => setQuery(null)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        // Pressing an option must not blur the field first (that would close the list before the click).
        <ul id={listId} role="listbox" aria-label={t('label')} className="sf-combo-list" onMouseDown={(e) => e.preventDefault()}>
          {results.length === 0 && <li className="muted sf-combo-empty">{t('noMatch')}</li>}
          {results.map((r, i) => {
            const tag = pins.find((p) => p[0] === r.zone)?.[1];
            return (
              <li
                key={r.zone}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                data-zone={r.zone}
                className={r.zone === value ? 'sf-combo-current' : undefined}
                onClick={() => choose(r.zone)}
                onMouseMove={() => i !== active && setActive(i)}
              >
                {r.label}
                {tag && <span className="sf-combo-tag">{tag}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
