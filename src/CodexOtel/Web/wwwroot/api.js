// The dashboard's JSON API (README, "Dashboard API").

export class ApiError extends Error {}

/** GET /api/{path}?{params}: the JSON answer; empty parameters are left out. */
export async function get(path, params, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const url = `/api/${path}` + (query.size > 0 ? `?${query}` : '');
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error ?? message; } catch { /* not JSON */ }
    throw new ApiError(message);
  }
  return response.json();
}

/** The URL of an API call, for links (downloads). */
export function url(path, params) {
  const query = new URLSearchParams(params ?? {});
  return `/api/${path}` + (query.size > 0 ? `?${query}` : '');
}
