// The one HTTP client every resource module uses: JSON in and out, the session cookie,
// the CSRF header on unsafe methods, and RFC 9457 problem documents turned into ApiError.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
  limit?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly retryAfter?: number;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.status = problem.status;
    this.code = problem.code ?? "error";
    this.field = problem.field;
    this.retryAfter = retryAfter;
  }
}

const CSRF_KEY = "sb_csrf";
let csrfToken: string | null = sessionStorage.getItem(CSRF_KEY);

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
  if (csrfToken) sessionStorage.setItem(CSRF_KEY, csrfToken);
  else sessionStorage.removeItem(CSRF_KEY);
}

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();
// The app listens once for 401 (back to the login page) and password_change_required.
export function onAuthProblem(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  quietAuth?: boolean; // don't redirect on 401 (the login page's own calls)
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError({
      status: 0,
      code: "network",
      detail: "The server can't be reached. Check your connection.",
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      parsed && typeof parsed === "object"
        ? { status: response.status, ...(parsed as Partial<Problem>) }
        : { status: response.status, detail: `The server answered ${response.status}.` };
    const retry = Number(response.headers.get("Retry-After") ?? "");
    const error = new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    if (!options.quietAuth && (error.status === 401 || error.code === "password_change_required"))
      listeners.forEach((l) => l(error));
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};

// Query strings without empty values: {status: "open", assignee: ""} -> "?status=open".
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// Plain words for an error, for notifications and forms.
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429)
      return `Too many requests; try again${error.retryAfter ? ` in ${error.retryAfter} s` : " shortly"}.`;
    if (error.status >= 500)
      return "Something went wrong on the server. Try again; if it keeps happening, tell your administrator.";
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
