import type { Artifact, Problem } from './types';

/** An answer other than 2xx/304, with its problem document when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : `HTTP ${status}`);
  }
}

/** The control plane cannot be reached at all (down, restarting, network gone). */
export class Unreachable extends Error {}

type Listener = () => void;

const CACHED_ANSWERS = 64;

/**
 * The console's only way to the API: every call carries the signed-in token; GETs remember the
 * ETag of their last answer and send it back, so an unchanged poll is a 304 with no body; a 401 on
 * any call signs the tab out.
 */
export class ApiClient {
  private readonly cache = new Map<string, { etag: string; body: unknown }>();
  private readonly onUnauthorized: Listener;

  constructor(
    private readonly token: string,
    onUnauthorized: Listener = () => {},
    private readonly base = '',
  ) {
    this.onUnauthorized = onUnauthorized;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const cached = this.cache.get(path);
    if (cached) {
      this.cache.delete(path);
      this.cache.set(path, cached);
    }
    const headers: Record<string, string> = {};
    if (cached) headers['If-None-Match'] = cached.etag;
    const response = await this.fetch(path, { method: 'GET', headers, signal });
    if (response.status === 304 && cached) return cached.body as T;
    const body = (await response.json()) as T;
    const etag = response.headers.get('ETag');
    if (etag) {
      // the most recently used answers only: a long-lived tab asks for many different pages
      this.cache.delete(path);
      this.cache.set(path, { etag, body });
      if (this.cache.size > CACHED_ANSWERS) this.cache.delete(this.cache.keys().next().value as string);
    }
    return body;
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      (init.headers as Record<string, string>)['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.fetch(path, init);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Uploads a file as an artifact of the workspace (the same bytes are stored once). */
  async upload(file: Blob, name: string, workspace: string, onProgress?: (fraction: number) => void): Promise<Artifact> {
    const query = new URLSearchParams({ name, workspace });
    // XMLHttpRequest, for upload progress: fetch has none
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', `${this.base}/api/v1/artifacts?${query}`);
      request.setRequestHeader('Authorization', `Bearer ${this.token}`);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      request.upload.onprogress = (event) => event.lengthComputable && onProgress?.(event.loaded / event.total);
      request.onerror = () => reject(new Unreachable('the control plane cannot be reached'));
      request.onload = () => {
        let body: unknown = null;
        try {
          body = request.responseText ? JSON.parse(request.responseText) : null;
        } catch {
          // not JSON (a proxy's HTML error page): the status says enough
          body = null;
        }
        if (request.status >= 200 && request.status < 300 && body) resolve(body as Artifact);
        else {
          if (request.status === 401) this.onUnauthorized();
          reject(new ApiError(request.status, body as Problem | null));
        }
      };
      request.send(file);
    });
  }

  /**
   * Reads an attempt's driver log from `offset` with the API's follow mode and hands each decoded
   * piece to `onText`. Resolves with the offset reached (the start plus every byte received, whether
   * the answer was streamed or, once the attempt has ended, a plain chunk), whether the log is
   * complete, and whether the stream dropped before its end (then ask again from the offset).
   */
  async followLog(
    runId: string,
    attempt: number,
    offset: number,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<{ offset: number; complete: boolean; dropped: boolean }> {
    const query = new URLSearchParams({ attempt: String(attempt), offset: String(offset), follow: 'true' });
    const response = await this.fetch(`/api/v1/runs/${runId}/logs?${query}`, { method: 'GET', signal, headers: { Accept: 'text/plain, application/problem+json' } });
    const complete = response.headers.get('Sparkplane-Log-Complete') === 'true';
    const decoder = new TextDecoder();
    let read = 0;
    try {
      const reader = response.body?.getReader();
      if (!reader) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        read = bytes.length;
        onText(decoder.decode(bytes));
      } else {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          read += value.length;
          onText(decoder.decode(value, { stream: true }));
        }
      }
    } catch (error) {
      if (signal.aborted) throw error;
      // the connection dropped mid-body: what arrived counts, the rest comes from there
      onText(decoder.decode());
      return { offset: offset + read, complete: false, dropped: true };
    }
    onText(decoder.decode());
    return { offset: offset + read, complete, dropped: false };
  }

  /** A staged file's bytes, for a download through a blob: URL (a plain link could not send the token). */
  async download(path: string): Promise<Blob> {
    const response = await this.fetch(path, { method: 'GET', headers: { Accept: 'application/octet-stream, application/problem+json' } });
    return response.blob();
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.token}`);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json, text/plain');
    let response: Response;
    try {
      response = await fetch(this.base + path, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new Unreachable('the control plane cannot be reached; retrying');
    }
    if (response.ok || response.status === 304) return response;
    let problem: Problem | null = null;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = null;
    }
    if (response.status === 401) this.onUnauthorized();
    throw new ApiError(response.status, problem);
  }
}

/** A refusal's field errors by field (`workspaces[2]` counts as `workspaces`); empty when it names none. */
export function fieldErrorsOf(failure: unknown): Record<string, string> {
  if (!(failure instanceof ApiError) || !failure.problem?.errors) return {};
  return Object.fromEntries(failure.problem.errors.map((item) => [item.field.replace(/\[\d+\]$/, ''), item.message]));
}

/** The message to show for a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.problem ? `${error.problem.detail}` : `The control plane answered ${error.status}.`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
