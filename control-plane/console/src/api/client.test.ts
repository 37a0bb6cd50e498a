import { describe, expect, it, vi } from 'vitest';
import { fakeServer, reply } from '../testing/fakeServer';
import { ApiClient, ApiError } from './client';

describe('ApiClient', () => {
  it('sends the token, and the ETag of the last answer; a 304 gives the same object back', async () => {
    let version = 'W/"1"';
    const { calls } = fakeServer({
      'GET /api/v1/runs': (call) => (call.headers.get('If-None-Match') === version ? { status: 304 } : { body: { items: [], nextCursor: null }, headers: { ETag: version } }),
    });
    const api = new ApiClient('spk_secret');
    const first = await api.get('/api/v1/runs');
    const second = await api.get('/api/v1/runs');
    expect(second).toBe(first);
    expect(calls[0].headers.get('Authorization')).toBe('Bearer spk_secret');
    expect(calls[0].headers.get('If-None-Match')).toBeNull();
    expect(calls[1].headers.get('If-None-Match')).toBe('W/"1"');
    version = 'W/"2"';
    const third = await api.get('/api/v1/runs');
    expect(third).not.toBe(first);
  });

  it('turns a problem document into an ApiError, and a 401 signs out', async () => {
    fakeServer({
      'POST /api/v1/runs': reply(400, { type: 'about:blank', title: 'Invalid', status: 400, detail: 'bad field', errors: [{ field: 'name', message: 'too long' }] }),
      'GET /api/v1/identity': reply(401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'unknown token' }),
    });
    const signedOut = vi.fn();
    const api = new ApiClient('spk_x', signedOut);
    const refused = (await api.send("POST", "/api/v1/runs", {}).catch((error) => error)) as ApiError & { problem: { errors: unknown } };
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.problem.errors).toEqual([{ field: 'name', message: 'too long' }]);
    expect(signedOut).not.toHaveBeenCalled();
    await api.get('/api/v1/identity').catch(() => undefined);
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('sends a PATCH as a JSON merge patch', async () => {
    const { calls } = fakeServer({ 'PATCH /api/v1/workspaces/w': { body: {} } });
    await new ApiClient('spk_x').send('PATCH', '/api/v1/workspaces/w', { quotas: null });
    expect(calls[0].headers.get('Content-Type')).toBe('application/merge-patch+json');
  });
});
