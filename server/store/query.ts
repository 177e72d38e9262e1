import type { Store } from './client.js';

/** Runs a SELECT with its values bound as {name:Type} parameters and returns its rows. */
export async function rows<T>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}
