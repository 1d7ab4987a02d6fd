/** Temporal client for the gateway: one connection per process, closed on shutdown. */
import { Client, Connection } from '@temporalio/client';

export type TemporalClient = { readonly client: Client; readonly connection: Connection; close(): Promise<void> };

export async function connectTemporal(address: string, namespace: string): Promise<TemporalClient> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  const client = new Client({ connection, namespace });
  return { client, connection, close: () => connection.close() };
}

/** Cheap liveness check of the frontend (used by /healthz); rejects after `timeoutMs`. */
export async function pingTemporal(t: TemporalClient, namespace: string, timeoutMs = 2_000): Promise<void> {
  await t.connection.withDeadline(Date.now() + timeoutMs, () => t.connection.workflowService.describeNamespace({ namespace }));
}
