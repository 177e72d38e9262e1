/** Values that look like identifiers: 32+ hex digits, or a UUID. */
export const IDENTIFIER_LIKE = /[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
