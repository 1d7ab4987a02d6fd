/** After the appointment: attendance marked by an admin, or the grace period passing unmarked. */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';

describe('after the appointment: attendance or grace', () => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind('pglite'))('ends as no_show when marked, as completed when the grace passes unmarked', async () => {
    d = await testDatabase('pglite');
    const gw = await testGateway(d, { attendanceGraceMs: 1_000 });
    const worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    try {
      const provider = (await d.db.insertInto('providers').values({ name: 'P', time_zone: 'UTC', weekly_hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
      const other = (await d.db.insertInto('providers').values({ name: 'Q', time_zone: 'UTC', weekly_hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
      const service = (await d.db.insertInto('services').values({ name: 'One minute', duration_minutes: 1, reminder_offsets_minutes: [] }).returning('id').executeTakeFirstOrThrow()).id;
      await d.db.insertInto('provider_services').values([{ provider_id: provider, service_id: service }, { provider_id: other, service_id: service }]).execute();
      const start = Math.ceil((Date.now() + 6_000) / 1000) * 1000;
      await d.db.insertInto('provider_overrides').values([provider, other].map((p) => ({ provider_id: p, kind: 'open' as const, start_time: new Date(start), end_time: new Date(start + 60_000) }))).execute();
      const book = (providerId: string) =>
        gw.app.inject({ method: 'POST', url: '/v1/bookings', payload: { serviceId: service, providerId, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'A' } } });
      const [marked, unmarked] = [(await book(provider)).json() as { id: string }, (await book(other)).json() as { id: string }];
      const { adminHeaders } = await import('../support/gateway.ts');
      const early = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${marked.id}/attendance`, headers: adminHeaders, payload: { attendance: 'no_show' } });
      expect(early.statusCode).toBe(409); // before the start
      await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now()) + 500));
      const mark = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${marked.id}/attendance`, headers: adminHeaders, payload: { attendance: 'no_show' } });
      expect(mark.statusCode).toBe(200);
      const status = (id: string) => d.db.selectFrom('bookings').select(['status', 'attendance']).where('id', '=', id).executeTakeFirstOrThrow();
      await waitFor(async () => ((await status(unmarked.id)).status === 'completed' ? true : undefined), 90_000, 'completed after grace');
      expect(await status(marked.id)).toEqual({ status: 'no_show', attendance: 'no_show' });
      expect(await status(unmarked.id)).toEqual({ status: 'completed', attendance: null });
      const metrics = (await gw.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain('slotflow_no_show_ratio 0.5');
    } finally {
      await worker.stop();
      await gw.close();
    }
  }, 150_000);
});
