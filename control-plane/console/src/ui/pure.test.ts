import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/types';
import { canEdit, describeIdentity, editableWorkspaces } from '../session/permissions';
import { between, bytes, duration, localTime, parsePairs } from './format';
import { href, parseHash } from './router';

describe('format', () => {
  it.each([
    [850, '850 ms'],
    [4200, '4.2 s'],
    [185000, '3 min 05 s'],
    [7260000, '2 h 01 min'],
    [-1, '–'],
  ])('duration(%d) = %s', (value, text) => expect(duration(value)).toBe(text));

  it('between an instant and now, or none', () => {
    expect(between('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z')).toBe('2.0 s');
    expect(between(null, null)).toBe('–');
  });

  it('bytes in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });

  it("shows today's times without the date, other days with it, in the browser's zone", () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(localTime('2026-12-06T11:00:00Z', now)).toBe(new Date('2026-12-06T11:00:00Z').toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
    expect(localTime('2025-01-02T11:00:00Z', now)).toContain('2025');
    expect(localTime(null)).toBe('–');
  });

  it('parses key=value lines', () => {
    expect(parsePairs('a=1\n\n b = x=y \nbad')).toEqual({ pairs: { a: '1', b: 'x=y' }, errors: ['line 4: expected key=value'] });
  });
});

describe('router', () => {
  it('reads paths and repeated query parameters from the hash', () => {
    const route = parseHash('#/runs/abc?state=RUNNING&state=QUEUED&label=team%3Ddata');
    expect(route.path).toEqual(['runs', 'abc']);
    expect(route.query.getAll('state')).toEqual(['RUNNING', 'QUEUED']);
    expect(route.query.get('label')).toBe('team=data');
    expect(parseHash('').path).toEqual([]);
  });

  it('writes them back, leaving out empty ones', () => {
    expect(href('/runs', { state: ['RUNNING', 'FAILED'], workspace: '', cursor: undefined })).toBe('#/runs?state=RUNNING&state=FAILED');
  });
});

describe('permissions', () => {
  const admin: Identity = { subject: 'token:a', tokenId: 'a', admin: true, workspaces: [] };
  const viewer: Identity = { subject: 'token:v', tokenId: 'v', admin: false, workspaces: [{ workspace: 'default', role: 'viewer' }] };
  const mixed: Identity = {
    subject: 'oidc:ann',
    tokenId: null,
    admin: false,
    workspaces: [
      { workspace: 'a', role: 'editor' },
      { workspace: 'b', role: 'viewer' },
    ],
  };

  it('an admin edits everywhere', () => {
    expect(canEdit(admin)).toBe(true);
    expect(canEdit(admin, 'any')).toBe(true);
    expect(editableWorkspaces(admin)).toBeUndefined();
    expect(describeIdentity(admin)).toBe('admin');
  });

  it('a viewer edits nowhere', () => {
    expect(canEdit(viewer)).toBe(false);
    expect(canEdit(viewer, 'default')).toBe(false);
    expect(editableWorkspaces(viewer)).toEqual([]);
  });

  it('roles count per workspace', () => {
    expect(canEdit(mixed)).toBe(true);
    expect(canEdit(mixed, 'a')).toBe(true);
    expect(canEdit(mixed, 'b')).toBe(false);
    expect(editableWorkspaces(mixed)).toEqual(['a']);
    expect(describeIdentity(mixed)).toBe('editor in a, viewer in b');
  });
});
