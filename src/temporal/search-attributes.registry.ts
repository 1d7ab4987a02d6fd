/**
 * Registers slotflow's search attributes on a running server (node side; not for workflow code).
 *
 * Why not only the dev server's `--search-attribute` flags: with an existing SQLite file (a restart) the
 * namespace already exists and the flags are ignored, and a production cluster never sees those flags.
 * So every start lists the namespace's attributes and adds the missing ones through the operator API.
 */
import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto, { type temporal as T } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from './search-attributes.ts';

const { temporal } = proto;
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const PROTO_TYPE: Record<string, T.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Adds the missing custom search attributes to `namespace`; returns the names it added. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const have = existing.customAttributes ?? {};
  const missing: Record<string, T.api.enums.v1.IndexedValueType> = {};
  for (const key of SEARCH_ATTRIBUTES) {
    const want = PROTO_TYPE[key.type]!;
    const got = have[key.name];
    if (got === undefined) missing[key.name] = want;
    else if (got !== want) {
      throw new Error(
        `Search attribute ${key.name} exists in namespace ${namespace} with another type (${IndexedValueType[got]}); ` +
          `slotflow needs ${IndexedValueType[want]}.`,
      );
    }
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
  return Object.keys(missing);
}
