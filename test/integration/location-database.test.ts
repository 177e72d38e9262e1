// Whether the server has a City location database (LAGOM_GEOIP_DB) is told to the signed-in
// dashboard by /api/auth/me, which then explains an empty Regions or Cities tab; without a
// session it tells nothing. The bundled country database stands in for a City file here: any
// MaxMind-format file is accepted, and only the setting is asked about.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { bundledCountryDb } from '../../server/ingest/geo.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

describe('location database in /api/auth/me', () => {
  let lagom: TestLagom;
  beforeAll(async () => {
    lagom = await startLagom({ LAGOM_GEOIP_DB: bundledCountryDb() });
  });
  afterAll(() => lagom?.stop());

  it("says 'city' with LAGOM_GEOIP_DB set, to a signed-in person only", async () => {
    const cookie = await signIn(lagom.url, { email: lagom.email, password: lagom.password });
    const me = await fetch(`${lagom.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: lagom.email, location: 'city' });
    const anonymous = await fetch(`${lagom.url}/api/auth/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).not.toHaveProperty('location');
  });
});
