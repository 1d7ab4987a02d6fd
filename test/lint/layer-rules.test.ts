/**
 * The layer rules of eslint.config.js can fail: each is fed a small file in the layer it guards, once
 * breaking the rule and once keeping it (type-only imports may cross any line).
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `file` (repo-relative). */
async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('workflow code imports no I/O: Kysely, the Temporal client or an activity module are refused; types and src/domain pass', async () => {
    expect(await rulesFor('workflows/x.workflow.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await rulesFor('workflows/x.workflow.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(
      await rulesFor(
        'workflows/x.workflow.ts',
        "import { createBookingActivities } from '../activities/booking.activities.ts';\nexport const a = createBookingActivities;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(
      await rulesFor(
        'workflows/x.workflow.ts',
        "import { condition } from '@temporalio/workflow';\nimport type { Activities } from '../activities/index.ts';\nimport { changeRefusal } from '../src/domain/policies/change-policy.ts';\nexport const x: [typeof condition, typeof changeRefusal, Activities | null] = [condition, changeRefusal, null];\n",
      ),
    ).toEqual([]);
  });

  it('src/domain stays pure: no database, no network, no adapter folders; a type import is fine', async () => {
    expect(await rulesFor('src/domain/x/y.ts', "import { Kysely } from 'kysely';\nexport const k = Kysely;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await rulesFor('src/domain/x/y.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await rulesFor('src/domain/x/y.ts', "import { findBooking } from '../../db/booking.repository.ts';\nexport const f = findBooking;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(
      await rulesFor(
        'src/domain/x/y.ts',
        "import type { DB } from '../../db/schema.ts';\nimport { isLiveStatus } from '../bookings/booking-status.ts';\nexport const f: [typeof isLiveStatus, DB | null] = [isLiveStatus, null];\n",
      ),
    ).toEqual([]);
  });

  it('SQL lives in src/db: query building or the sql tag elsewhere is refused', async () => {
    const query = "import type { Kysely } from 'kysely';\nexport const q = (db: Kysely<{ t: { a: string } }>) => db.selectFrom('t').selectAll().execute();\n";
    expect(await rulesFor('src/gateway/routes/x.route.ts', query)).toContain('no-restricted-syntax');
    expect(await rulesFor('activities/x.activities.ts', query)).toContain('no-restricted-syntax');
    expect(await rulesFor('src/gateway/routes/x.route.ts', "import { sql } from 'kysely';\nexport const s = sql`now()`;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await rulesFor('src/db/x.repository.ts', query)).toEqual([]);
  });

  it('production files stay under 500 code lines', async () => {
    const long = Array.from({ length: 501 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(await rulesFor('src/gateway/long.ts', long)).toContain('max-lines');
    expect(await rulesFor('src/gateway/long.ts', `// a comment\n\n${long.split('\n').slice(1).join('\n')}`)).toEqual([]);
  });
});
