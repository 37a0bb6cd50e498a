import { describe, expect, it, vi } from 'vitest';
import { fakeServer, reply } from '../testing/fakeServer';
import { ApiClient, ApiError, fieldErrorsOf } from './client';

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

describe('following a driver log', () => {
  function streamed(chunks: string[], fail: boolean) {
    const encoder = new TextEncoder();
    let next = 0;
    // one chunk per read, then the end or, as a dropped connection does, an error
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next < chunks.length) controller.enqueue(encoder.encode(chunks[next++]));
        else if (fail) controller.error(new TypeError('network error'));
        else controller.close();
      },
    });
  }

  function serve(body: ReadableStream<Uint8Array> | string, headers: Record<string, string>) {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 200, headers: { 'Content-Type': 'text/plain', ...headers } })));
  }

  it('continues after the bytes of a plain chunk of an ended attempt, complete or not', async () => {
    // the server answers an ended attempt plainly, at most 1 MiB, Next-Offset at its end
    serve('0123456789', { 'Sparkplane-Next-Offset': '110', 'Sparkplane-Log-Complete': 'false' });
    const text: string[] = [];
    const reached = await new ApiClient('spk_x').followLog('r', 1, 100, (piece) => text.push(piece), new AbortController().signal);
    expect(reached).toEqual({ offset: 110, complete: false, dropped: false });
    expect(text.join('')).toBe('0123456789');
  });

  it('counts bytes, not characters, and keeps what arrived before a drop', async () => {
    serve(streamed(['héllo ', 'wor'], true), { 'Sparkplane-Next-Offset': '0', 'Sparkplane-Log-Complete': 'false' });
    const text: string[] = [];
    const reached = await new ApiClient('spk_x').followLog('r', 1, 0, (piece) => text.push(piece), new AbortController().signal);
    expect(reached).toEqual({ offset: 10, complete: false, dropped: true });
    expect(text.join('')).toBe('héllo wor');
  });

  it('a stream that ends with the attempt is not complete until a plain answer says so', async () => {
    serve(streamed(['line\n'], false), { 'Sparkplane-Next-Offset': '7', 'Sparkplane-Log-Complete': 'false' });
    const reached = await new ApiClient('spk_x').followLog('r', 1, 7, () => {}, new AbortController().signal);
    expect(reached).toEqual({ offset: 12, complete: false, dropped: false });
  });
});

describe('the ETag cache', () => {
  it('keeps the most recently used answers only', async () => {
    const { calls } = fakeServer({ 'GET /api/v1/runs': (call) => ({ body: { url: call.url }, headers: { ETag: `W/"${call.url}"` } }) });
    const api = new ApiClient('spk_x');
    for (let page = 0; page < 70; page++) await api.get(`/api/v1/runs?cursor=${page}`);
    await api.get('/api/v1/runs?cursor=69');
    await api.get('/api/v1/runs?cursor=0');
    expect(calls[70].headers.get('If-None-Match')).toBe('W/"/api/v1/runs?cursor=69"');
    expect(calls[71].headers.get('If-None-Match'), 'the oldest answer was let go').toBeNull();
  });
});

describe('fieldErrorsOf', () => {
  it('maps a refusal to its fields, an item of a list to the list', () => {
    const refused = new ApiError(400, { type: 'about:blank', title: 'Invalid', status: 400, detail: 'd', errors: [{ field: 'workspaces[1]', message: 'unknown' }, { field: 'name', message: 'empty' }] });
    expect(fieldErrorsOf(refused)).toEqual({ workspaces: 'unknown', name: 'empty' });
    expect(fieldErrorsOf(new ApiError(500, null))).toEqual({});
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });
});
