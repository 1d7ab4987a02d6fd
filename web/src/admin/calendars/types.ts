/** The calendar-connection API's answers (src/gateway/routes/admin-connections.route.ts). Never holds secrets. */
export type ConnectionKind = 'caldav' | 'google' | 'microsoft';

export type Connection = {
  id: string;
  providerId: string;
  kind: ConnectionKind;
  status: 'pending' | 'healthy' | 'unhealthy';
  displayName: string;
  calendarId: string | null;
  failClosed: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  createdAt: string;
};

/** `POST /v1/admin/connections/{id}/sync`: the sync's outcome and the connection afterwards. */
export type SyncAnswer = {
  outcome: { status: 'healthy'; full: boolean; blocks: number; changed: number; removed: number } | { status: 'unhealthy'; error: string };
  connection: Connection;
};
