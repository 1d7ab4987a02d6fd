/** Request and response shapes of `/v1/admin/api-keys` (scoped API keys, issue #15). */
import { z } from 'zod';
import { API_KEY_SCOPES } from '../../domain/access/api-key-scope.ts';

export const ZCreateApiKey = z.strictObject({
  /** What the key is for ("Vapi receptionist", "Claude desktop"), shown in the list. */
  name: z.string().trim().min(1).max(100),
  /** `agent`: what a customer could do (MCP, voice tools); `admin`: the admin API. */
  scope: z.enum(API_KEY_SCOPES),
});

export const ZApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  /** The key's first characters, to tell keys apart; not enough to use it. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  /** Updated at most once a minute. */
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const ZApiKeyList = z.object({ apiKeys: z.array(ZApiKey) });
/** A new key: the key itself appears in this one answer only. */
export const ZIssuedApiKey = ZApiKey.extend({ key: z.string() });
