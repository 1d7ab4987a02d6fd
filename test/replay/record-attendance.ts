/**
 * Records a booking whose attendance is marked `no_show` after it started and before it ended — the
 * path the `attendance-at-once` patch changes — as a replay history:
 *   node --import tsx test/replay/record-attendance.ts <name>      → test/histories/<name>.json
 * Runs on its own recording stack (recording-stack.ts); the
 * booking is a 1-minute appointment starting within a minute, so a run takes about two minutes.
 */
import { everyDayHours } from '../support/catalog-seed.ts';
import { historyNameArg, startRecordingStack } from './recording-stack.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

const name = historyNameArg('record-attendance.ts');
const stack = await startRecordingStack();
const { db, app } = stack;
try {
  const provider = await insertProvider(db, { name: 'Dr. Record', time_zone: 'UTC', weekly_hours: everyDayHours() });
  const service = await insertService(db, {
    name: 'One minute',
    duration_minutes: 1,
    minimum_notice_minutes: 0,
    maximum_advance_days: 2,
    reminder_offsets_minutes: [],
  });
  await offerService(db, provider, service);
  // The next whole minute ≥ 20 s ahead of the real now: a slot of the UTC provider open 00:00–24:00 at any instant.
  const start = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  const created = await app.inject({
    method: 'POST',
    url: '/v1/bookings',
    payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } },
  });
  if (created.statusCode !== 201) throw new Error(`booking: ${created.statusCode} ${created.body}`);
  const id = (created.json() as { id: string }).id;
  await new Promise((r) => setTimeout(r, start - Date.now() + 2_000));
  const marked = await app.inject({
    method: 'POST',
    url: `/v1/admin/bookings/${id}/attendance`,
    headers: stack.adminHeaders,
    payload: { attendance: 'no_show' },
  });
  if (marked.statusCode !== 200) throw new Error(`attendance: ${marked.statusCode} ${marked.body}`);
  console.log('marked no_show:', JSON.stringify(marked.json()));
  const saved = await stack.saveHistory(id, name);
  const row = await db.selectFrom('bookings').select(['status', 'attendance']).where('id', '=', id).executeTakeFirstOrThrow();
  console.log(`wrote ${saved.file} (${saved.events} events); booking ${row.status} / ${row.attendance}`);
} finally {
  await stack.close();
}
