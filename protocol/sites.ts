// The Sites API's answers, defined once: the server answers with these types (siteView in
// server/sites/registry.ts, the share answer in server/http/share-routes.ts) and the dashboard
// reads them (dashboard/lib/api.ts). Like everything in protocol/, this file imports nothing from
// server/, dashboard/ or tracker/.

/** One site, as GET, POST and PUT /api/v1/sites answer it. */
export interface SiteAnswer {
  /** the stored name, IDN labels in punycode: the key for every request */
  domain: string;
  /** the name to show people, in Unicode ("räksmörgås.se") */
  display_domain: string;
  timezone: string;
}

/** GET /api/share/:token: the site a shared link shows, and whether this browser may read it yet. */
export interface ShareInfoAnswer extends SiteAnswer {
  has_password: boolean;
  /** the link has no password, or this browser has unlocked it (a cookie) */
  unlocked: boolean;
}
