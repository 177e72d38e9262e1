import type { Store } from '../../server/store/client.js';
import { storedStrings } from '../../server/store/inspect.js';

/** Every value of every String-typed column of every Lagom table, as one list. */
export const allStoredStrings = (store: Store): Promise<string[]> => storedStrings(store);

/** Values that look like identifiers: 32+ hex digits, or a UUID. */
export const IDENTIFIER_LIKE = /[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
