/** GET /v1/admin/delivery and GET /v1/admin/outbox (src/gateway/routes/admin-delivery.route.ts). */
export type DeliveryStatus = {
  email: { transport: 'smtp' | 'sendgrid' | 'outbox'; from: string; delivering: boolean };
  sms: { transport: 'twilio' | null; from: string | null; delivering: boolean; usedByReminders: boolean };
  warnings: { code: 'email_not_configured' | 'sms_not_configured'; message: string }[];
  captured: number;
};

export type CapturedMessage = {
  id: string;
  bookingId: string | null;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  ics: string | null;
  createdAt: string;
};
