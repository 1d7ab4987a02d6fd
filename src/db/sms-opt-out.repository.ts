/** SMS opt-outs (`sms_opt_outs`): numbers that replied STOP get no more SMS until they reply START. */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function isOptedOut(db: Kysely<DB>, phone: string): Promise<boolean> {
  return (await db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()) !== undefined;
}

export async function setOptOut(db: Kysely<DB>, phone: string, optedOut: boolean): Promise<void> {
  if (optedOut)
    await db
      .insertInto('sms_opt_outs')
      .values({ phone })
      .onConflict((oc) => oc.column('phone').doNothing())
      .execute();
  else await db.deleteFrom('sms_opt_outs').where('phone', '=', phone).execute();
}
