/**
 * Records a booking through the paths the `reminder-catch-up` and `change-policy-in-domain` patches
 * change, as a replay history:
 *   node --import tsx test/replay/record-catch-up.ts <name>      → test/histories/<name>.json
 * Reminders 2 and 1 minutes before a start ~130 s ahead; the worker is down while both fall due (the
 * older is skipped, the latest sent); then the customer reschedules through the manage link and an
 * admin cancels. On its own recording stack (recording-stack.ts); about two minutes.
 */
import { historyNameArg, startRecordingStack } from './recording-stack.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

const name = historyNameArg('record-catch-up.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const stack = await startRecordingStack();
const { db, app } = stack;
try {
  const provider = await insertProvider(db, { name: 'Dr. Record', time_zone: 'UTC', weekly_hours: '{}' });
  const service = await insertService(db, { name: 'Half hour', duration_minutes: 30, minimum_notice_minutes: 0, reminder_offsets_minutes: [2, 1] });
  await offerService(db, provider, service);
  const start = Math.ceil((Date.now() + 130_000) / 1000) * 1000; // reminders at ~+10 s and ~+70 s
  await db
    .insertInto('provider_overrides')
    .values({ provider_id: provider, kind: 'open', start_time: new Date(start), end_time: new Date(start + 3 * 3_600_000) })
    .execute();
  const created = await app.inject({
    method: 'POST',
    url: '/v1/bookings',
    payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } },
  });
  if (created.statusCode !== 201) throw new Error(`booking: ${created.statusCode} ${created.body}`);
  const { id, manageUrl } = created.json() as { id: string; manageUrl: string };
  await sleep(4_000); // the confirmation steps run
  await stack.stopWorker();
  console.log('worker down while both reminders fall due');
  await sleep(start - 55_000 - Date.now());
  await stack.startWorker();
  for (let i = 0; i < 60; i++) {
    const rows = await db.selectFrom('reminders').select(['status', 'last_error']).where('booking_id', '=', id).orderBy('when').execute();
    if (rows.every((r) => r.status !== 'scheduled')) {
      console.log('reminders:', JSON.stringify(rows));
      break;
    }
    await sleep(1_000);
  }
  const manage = `/v1${new URL(manageUrl).pathname}`;
  const moved = await app.inject({ method: 'POST', url: `${manage}/reschedule`, payload: { start: new Date(start + 3_600_000).toISOString() } });
  if (moved.statusCode !== 200) throw new Error(`reschedule: ${moved.statusCode} ${moved.body}`);
  const cancelled = await app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: stack.adminHeaders, payload: { reason: 'record' } });
  if (cancelled.statusCode !== 200) throw new Error(`cancel: ${cancelled.statusCode} ${cancelled.body}`);
  const saved = await stack.saveHistory(id, name);
  console.log(`wrote ${saved.file} (${saved.events} events, ${saved.markers} markers)`);
} finally {
  await stack.close();
}
