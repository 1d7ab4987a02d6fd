-- How a service's grid of start times meets busy time (src/domain/availability/get-slots.ts, rule 2):
-- 'restart' (the new default, also for existing services) starts the grid again where a booking or busy
-- block ends inside a working window, so no half hour is lost after a short booking; 'fixed' keeps one grid
-- per window from its start (appointments on the hour).
ALTER TABLE services ADD COLUMN slot_alignment text NOT NULL DEFAULT 'restart'
  CONSTRAINT services_slot_alignment_check CHECK (slot_alignment IN ('restart', 'fixed'));
