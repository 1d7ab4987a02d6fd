-- A service's no-show policy: what an appointment nobody marked becomes once the attendance grace
-- period after its end has passed. 'assume_attended' (the default, as before): completed;
-- 'require_check_in' (clinics that check every patient in): no_show.
ALTER TABLE services
  ADD COLUMN no_show_policy text NOT NULL DEFAULT 'assume_attended'
    CHECK (no_show_policy IN ('assume_attended', 'require_check_in'));
