import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, displayPrefix, scopeAllows, type RouteAccess } from '../../../src/domain/access/api-key-scope.ts';

describe('scopeAllows', () => {
  it('an agent key reaches public and agent routes, never admin ones; an admin key reaches all', () => {
    const table = API_KEY_SCOPES.map((scope) => [scope, (['public', 'agent', 'admin'] as RouteAccess[]).map((a) => scopeAllows(scope, a))]);
    expect(table).toEqual([
      ['admin', [true, true, true]],
      ['agent', [true, true, false]],
    ]);
  });
});

describe('displayPrefix', () => {
  it('shows the format prefix and six characters, never the rest', () => {
    expect(displayPrefix('sfk_AbCdEfGhIjKlMnOp')).toBe('sfk_AbCdEf');
  });
});
