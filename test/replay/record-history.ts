/**
 * Saves the history of a finished workflow as JSON for the replay test:
 *   node --import tsx test/replay/record-history.ts <temporal address> <workflowId> <name>
 * writes test/histories/<name>.json. Record one history per released workflow version (and one
 * before and after each `patched()` change) so old bookings keep replaying against new code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

const [address, workflowId, name] = process.argv.slice(2);
if (!address || !workflowId || !name) {
  console.error('usage: record-history.ts <address> <workflowId> <name>');
  process.exit(2);
}
const connection = await Connection.connect({ address });
try {
  const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(import.meta.dirname, '..', 'histories', `${name}.json`);
  fs.writeFileSync(file, historyToJSON(history));
  console.log(`wrote ${file} (${history.events?.length ?? 0} events)`);
} finally {
  await connection.close();
}
