// What the case files share: Plausible's usual moments and day, and its fixed user id.
import type { Params } from '../types.js';

/** Plausible's usual timestamps: a visit's start and a pageview 25 minutes later. */
export const T0 = '2021-01-01 00:00:00';
export const T25 = '2021-01-01 00:25:00';
export const DAY: Params = { period: 'day', date: '2021-01-01' };
/** Plausible's `@user_id`: one fixed person in a test. */
export const U = 'user_id';
/** Plausible's tests that assert `json_response(conn, 200)["results"]` only. */
export const results = (answer: { results?: unknown }) => answer?.results;
