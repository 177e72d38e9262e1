// What the signed-in person's role lets them do, for showing only that: the server checks every
// route on its own (server/auth/access.ts), so this only spares people buttons that would fail.
import { atLeast } from '../../protocol/people.js';
import type { Me } from './api.js';

export interface Abilities {
  /** add and edit sites, their settings and goals */
  writeSites: boolean;
  /** delete a site with its data */
  deleteSites: boolean;
  /** export a report */
  export: boolean;
  /** shared links */
  links: boolean;
  /** Settings → People */
  people: boolean;
  /** Settings → Audit log */
  audit: boolean;
}

export function abilities(me: Pick<Me, 'role'>): Abilities {
  const admin = atLeast(me.role, 'admin');
  return { writeSites: admin, deleteSites: me.role === 'owner', export: admin, links: admin, people: admin, audit: admin };
}
