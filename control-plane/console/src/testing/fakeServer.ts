import { vi } from 'vitest';

// A stand-in for the network in component tests: answers by method and path, records what was
// sent. The end-to-end tests (e2e/) run the console against the real control plane.

export interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

type Answer = { status?: number; body?: unknown; text?: string; headers?: Record<string, string> };
type Handler = (call: Call) => Answer | undefined;

/** An answer other than 200 with a JSON body. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Handler {
  return () => ({ status, body, headers });
}

/** A plain-text answer, such as a driver log. */
export function text(content: string, headers: Record<string, string> = {}): Handler {
  return () => ({ text: content, headers: { 'Content-Type': 'text/plain', ...headers } });
}

export function fakeServer(routes: Record<string, Handler | object>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const call = { method, url, headers, body };
    calls.push(call);
    const path = url.split('?')[0];
    const route = routes[`${method} ${path}`] ?? routes[`${method} ${url}`];
    const answer = typeof route === 'function' ? (route as Handler)(call) : route ? { body: route } : { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404, detail: `no route ${method} ${url}` } };
    const status = answer?.status ?? 200;
    const content = answer?.text ?? (answer?.body === undefined ? '' : JSON.stringify(answer.body));
    const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(status === 204 || status === 304 ? null : content, { status, headers: { 'Content-Type': contentType, ...(answer?.headers ?? {}) } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const ADMIN = { subject: 'token:a', tokenId: 'a', admin: true, workspaces: [] };
export const VIEWER = { subject: 'token:v', tokenId: 'v', admin: false, workspaces: [{ workspace: 'default', role: 'viewer' }] };

export const RUN = {
  id: '11111111-2222-3333-4444-555555555555',
  workspace: 'default',
  name: 'sales by region',
  entrypoint: { pythonFile: 'artifact:sha256:abc/sales_by_region.py' },
  args: ['sales.csv', 'out'],
  pyFiles: [],
  jars: [],
  files: ['artifact:sha256:def/sales.csv'],
  archives: [],
  sparkConf: {},
  resources: { driver: { cores: 1, memory: '1g' }, executor: { cores: 1, memory: '1g' } },
  autoscaling: { policy: 'backlog', minExecutors: 1, maxExecutors: 2 },
  backend: 'local',
  timeoutSeconds: null,
  maxRetries: 0,
  labels: { team: 'data' },
  state: 'RUNNING',
  reason: null,
  message: null,
  attempt: 1,
  attempts: [{ attempt: 1, state: 'RUNNING', reason: null, message: null, exitCode: null, provisioningAt: '2026-12-06T12:00:01Z', startedAt: '2026-12-06T12:00:04Z', endedAt: null }],
  queuedAt: '2026-12-06T12:00:00Z',
  provisioningAt: '2026-12-06T12:00:01Z',
  startedAt: '2026-12-06T12:00:04Z',
  endedAt: null,
  cancelRequestedAt: null,
  createdAt: '2026-12-06T12:00:00Z',
};

export const WORKSPACES = {
  items: [
    {
      id: 'default',
      displayName: null,
      defaultBackend: null,
      quotas: { maxActiveRuns: 4, maxExecutors: null, maxQueuedRuns: null },
      usage: { queuedRuns: 0, activeRuns: 1, executors: 2 },
      stagingLocation: 'file:///tmp/staging/',
      allowedSchemes: ['file'],
      storeProfile: 'default',
      createdAt: '2026-12-06T11:00:00Z',
    },
  ],
};
