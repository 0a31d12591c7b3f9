import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { REDIS } from '@mahir/runtime';
import { craftAccessToken, createEmployee, createLogin, expectProblem, fieldRules, problemType, type Login } from '../../test-support/auth-helpers';
import { createAgency, createSuperAdmin, signIn, startTestApp, TEST_PASSWORD, type Agency, type TestApp } from '../../test-support/test-app';

type Pair = { accessToken: string; refreshToken: string };

describe('authentication', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;

  const login = (identifier: string, password: string, app: TestApp = t) => app.http().post('/api/v1/auth/login').send({ identifier, password });
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);
  const familyOf = async (userId: string) =>
    (await t.db.query(`SELECT family_id, revoked_at, used_at FROM refresh_token WHERE user_id = $1 ORDER BY created_at`, [userId])) as {
      family_id: string;
      revoked_at: Date | null;
      used_at: Date | null;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = `Bearer ${(await signIn(t, agency.people.tenant_admin.email)).accessToken}`;
  });
  afterAll(() => t.app.close());

  describe('sign in', () => {
    it('accepts the NIP and answers a bearer token pair that works', async () => {
      const person = agency.people.supervisor;
      const res = await login(person.nip, TEST_PASSWORD).expect(200);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: t.config.ACCESS_TOKEN_TTL_SECONDS,
        user: { id: person.userId, tenantId: agency.id, superAdmin: false },
      });
      expect([...res.body.user.roles].sort()).toEqual(['learner', 'supervisor']);
      expect(res.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
      const who = await me(res.body.accessToken).expect(200);
      expect(who.body.id).toBe(person.userId);
    });

    it('accepts the e-mail whatever its case and surrounding spaces', async () => {
      const person = agency.people.learner;
      const res = await login(`  ${person.email.toUpperCase()} `, TEST_PASSWORD).expect(200);
      expect(res.body.user.id).toBe(person.userId);
    });

    it('answers a wrong password and an unknown account alike: 401 with the same detail', async () => {
      const wrong = await login(agency.people.grader.email, 'Salah#12345');
      const unknown = await login(`nobody.${randomUUID().slice(0, 8)}@nowhere.go.id`, TEST_PASSWORD);
      const unknownNip = await login('198503152010011999', TEST_PASSWORD);
      for (const res of [wrong, unknown, unknownNip]) {
        expectProblem(res, 401, 'auth.invalidCredentials');
        expect(res.body.accessToken).toBeUndefined();
      }
      expect(unknown.body.detail).toBe(wrong.body.detail);
      expect(unknownNip.body.detail).toBe(wrong.body.detail);
      expect(unknown.body.title).toBe(wrong.body.title);
    });

    it('refuses a login disabled by the admin, ends its sessions, and lets it in again once enabled', async () => {
      const person = await createLogin(t.db, agency);
      const before = await signIn(t, person.nip);

      const off = await t.http().patch(`/api/v1/users/${person.userId}`).set('Authorization', admin).send({ disabled: true }).expect(200);
      expect(off.body.disabledAt).toEqual(expect.any(String));

      expectProblem(await login(person.nip, TEST_PASSWORD), 401, 'auth.invalidCredentials');
      expectProblem(await login(person.email, TEST_PASSWORD), 401, 'auth.invalidCredentials');
      expectProblem(await refresh(before.refreshToken), 401, 'auth.refreshInvalid');

      await t.http().patch(`/api/v1/users/${person.userId}`).set('Authorization', admin).send({ disabled: false }).expect(200);
      await login(person.nip, TEST_PASSWORD).expect(200);
    });

    it.each(['retired', 'transferred'])('refuses an employee whose status is %s, and their refresh token stops working', async (status) => {
      const person = await createLogin(t.db, agency);
      const before = await signIn(t, person.email);
      await t.http().patch(`/api/v1/employees/${person.employeeId}`).set('Authorization', admin).send({ status }).expect(200);

      expectProblem(await login(person.email, TEST_PASSWORD), 403, 'auth.accountDisabled');
      // A wrong password says only that the credentials are wrong, not that the account is inactive.
      expectProblem(await login(person.email, 'Salah#12345'), 401, 'auth.invalidCredentials');
      expectProblem(await refresh(before.refreshToken), 401, 'auth.refreshInvalid');
      // The session ended; showing the token again is not mistaken for a stolen-token replay.
      expectProblem(await refresh(before.refreshToken), 401, 'auth.refreshInvalid');
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.refresh_replayed' AND target_id = $1`, [person.userId])).toEqual([]);
    });

    it('tells who is signed in on /auth/me', async () => {
      const person = agency.people.learner;
      const pair = await signIn(t, person.nip);
      const res = await me(pair.accessToken).expect(200);
      expect(res.body).toEqual({
        id: person.userId,
        displayName: person.email,
        email: person.email,
        nip: person.nip,
        tenantId: agency.id,
        employeeId: person.employeeId,
        roles: ['learner'],
        superAdmin: false,
      });
    });

    it('shows a super admin acting in the agency named by X-Tenant-Id, and in none without it', async () => {
      const sa = await createSuperAdmin(t.db);
      const pair = await signIn(t, sa.email);
      const withTenant = await me(pair.accessToken).set('X-Tenant-Id', agency.id).expect(200);
      expect(withTenant.body).toMatchObject({ id: sa.userId, superAdmin: true, tenantId: agency.id, roles: [], employeeId: null });
      const without = await me(pair.accessToken).expect(200);
      expect(without.body.tenantId).toBeNull();
    });
  });

  describe('refresh tokens', () => {
    let person: Login;
    beforeAll(async () => {
      person = await createLogin(t.db, agency, ['learner', 'grader']);
    });

    it('rotates: each refresh answers a new pair, and the new refresh token works in turn', async () => {
      const first = await signIn(t, person.nip);
      const second = (await refresh(first.refreshToken).expect(200)).body as Pair;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.accessToken).expect(200)).body.roles.sort()).toEqual(['grader', 'learner']);
      const third = (await refresh(second.refreshToken).expect(200)).body as Pair;
      expect(third.refreshToken).not.toBe(second.refreshToken);
      await me(third.accessToken).expect(200);
    });

    it('answers a replayed token with auth.refreshReplayed, revokes its whole family (not other sessions) and audits it', async () => {
      const r1 = await signIn(t, person.nip);
      const r2 = (await refresh(r1.refreshToken).expect(200)).body as Pair;
      const r3 = (await refresh(r2.refreshToken).expect(200)).body as Pair;
      const otherSession = await signIn(t, person.email);

      const replay = await refresh(r1.refreshToken);
      expectProblem(replay, 401, 'auth.refreshReplayed');

      // The newest token of the family, never used, is dead too.
      expectProblem(await refresh(r3.refreshToken), 401, 'auth.refreshInvalid');
      const familyId = r1.refreshToken.split('.')[0];
      const [{ family_id: family }] = await t.db.query(`SELECT family_id FROM refresh_token WHERE id = $1`, [familyId]);
      const rows = await t.db.query(`SELECT revoked_at FROM refresh_token WHERE family_id = $1`, [family]);
      expect(rows).toHaveLength(3);
      expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);

      const audit = await t.db.query(`SELECT tenant_id, actor_user_id, target_type, target_id, detail FROM audit_log WHERE action = 'auth.refresh_replayed' AND target_id = $1`, [
        person.userId,
      ]);
      expect(audit).toEqual([
        { tenant_id: agency.id, actor_user_id: person.userId, target_type: 'user', target_id: person.userId, detail: expect.objectContaining({ familyId: family }) },
      ]);

      // Another sign-in of the same person is another family, and survives.
      await refresh(otherSession.refreshToken).expect(200);
    });

    it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
      for (let round = 0; round < 3; round++) {
        const pair = await signIn(t, person.nip);
        const answers = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
        const [loser] = [...answers].sort((x, y) => y.status - x.status);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
        expectProblem(loser, 401, 'auth.refreshReplayed');
      }
    });

    it('refuses garbage, unknown and wrong-secret tokens without spending the real one', async () => {
      expectProblem(await refresh('not-a-token'), 401, 'auth.refreshInvalid');
      expectProblem(await refresh(`${randomUUID()}.${'A'.repeat(43)}`), 401, 'auth.refreshInvalid');
      const pair = await signIn(t, person.nip);
      const [id] = pair.refreshToken.split('.');
      expectProblem(await refresh(`${id}.${'B'.repeat(43)}`), 401, 'auth.refreshInvalid');
      // A guessed secret is neither a use nor a replay: the genuine token still rotates.
      await refresh(pair.refreshToken).expect(200);
    });

    it('refuses an expired refresh token', async () => {
      const pair = await signIn(t, person.nip);
      await t.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [pair.refreshToken.split('.')[0]]);
      expectProblem(await refresh(pair.refreshToken), 401, 'auth.refreshInvalid');
    });

    it('answers a missing refresh token with 400 naming refreshToken', async () => {
      const res = await t.http().post('/api/v1/auth/refresh').send({});
      expectProblem(res, 400, 'request.validation');
      expect(fieldRules(res)).toEqual(['refreshToken:required']);
    });
  });

  describe('logout', () => {
    let person: Login;
    beforeAll(async () => {
      person = await createLogin(t.db, agency);
    });

    it('revokes the family of the presented token; refresh afterwards is 401; other sessions survive', async () => {
      const r1 = await signIn(t, person.nip);
      const r2 = (await refresh(r1.refreshToken).expect(200)).body as Pair;
      const other = await signIn(t, person.nip);

      await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${r2.accessToken}`).send({ refreshToken: r2.refreshToken }).expect(204);
      expectProblem(await refresh(r2.refreshToken), 401, 'auth.refreshInvalid');
      const family = (await familyOf(person.userId)).filter((r) => r.revoked_at !== null);
      expect(family.length).toBeGreaterThanOrEqual(2);
      await refresh(other.refreshToken).expect(200);
    });

    it("refuses to end someone else's session", async () => {
      const mine = await signIn(t, person.nip);
      const theirs = await signIn(t, agency.people.training_admin.nip);
      const res = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${mine.accessToken}`).send({ refreshToken: theirs.refreshToken });
      expectProblem(res, 401, 'auth.refreshInvalid');
      await refresh(theirs.refreshToken).expect(200);
    });

    it('needs an access token', async () => {
      const pair = await signIn(t, person.nip);
      expectProblem(await t.http().post('/api/v1/auth/logout').send({ refreshToken: pair.refreshToken }), 401, 'auth.tokenMissing');
      await refresh(pair.refreshToken).expect(200);
    });
  });

  describe('password change', () => {
    const change = (accessToken: string, currentPassword: string, newPassword: string) =>
      t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${accessToken}`).send({ currentPassword, newPassword });
    let person: Login;
    let session: Pair;
    beforeAll(async () => {
      person = await createLogin(t.db, agency);
      session = await signIn(t, person.nip);
    });

    it('answers a wrong current password with 400 naming currentPassword', async () => {
      const res = await change(session.accessToken, 'BukanIni#2026', 'SandiBaru2026x');
      expect(res.status).toBe(400);
      expect(res.body.status).toBe(400);
      expect(fieldRules(res)).toEqual(['currentPassword:wrongPassword']);
    });

    it('stops guessing of the current password with a stolen access token after the allowed failures', async () => {
      const victim = await createLogin(t.db, agency);
      const stolen = await signIn(t, victim.nip);
      for (let i = 0; i < t.config.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
        expect((await change(stolen.accessToken, `Tebakan#${i}xyz`, 'SandiBaru2026x')).status).toBe(400);
      }
      // Even the right current password is refused now, and the password is unchanged.
      const res = await change(stolen.accessToken, TEST_PASSWORD, 'SandiBaru2026x');
      expectProblem(res, 429, 'auth.tooManyFailures');
      expect(Number(res.headers['retry-after'])).toBe(res.body.retryAfter);
    });

    it.each([
      ['too short', 'abc12', ['strongPassword', 'minLength']],
      ['letters only', 'abcdefghijklmnop', ['strongPassword']],
      ['digits only', '12345678901234', ['strongPassword']],
    ])('answers a weak new password (%s) with 400 naming newPassword', async (_label, weak, rules) => {
      const res = await change(session.accessToken, TEST_PASSWORD, weak as string);
      expectProblem(res, 400, 'request.validation');
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].field).toBe('newPassword');
      expect(rules).toContain(res.body.errors[0].rule);
    });

    it('explains the password rule in the caller\'s language, and holds the initial password an admin sets to it', async () => {
      const en = await change(session.accessToken, TEST_PASSWORD, 'abcdefghijklmnop').set('Accept-Language', 'en');
      expect(en.body.errors).toEqual([{ field: 'newPassword', rule: 'strongPassword', message: 'newPassword needs at least 10 characters with letters and digits.' }]);
      const employee = await createEmployee(t.db, agency);
      const res = await t.http().post('/api/v1/users').set('Authorization', admin).send({ employeeId: employee.employeeId, password: 'hanyahurufsaja', roles: ['learner'] });
      expectProblem(res, 400, 'request.validation');
      expect(fieldRules(res)).toEqual(['password:strongPassword']);
      expect(await t.db.query(`SELECT 1 FROM user_account WHERE employee_id = $1`, [employee.employeeId])).toEqual([]);
    });

    it('refuses a new password equal to the current one', async () => {
      const res = await change(session.accessToken, TEST_PASSWORD, TEST_PASSWORD);
      expect(res.status).toBe(400);
      expect(fieldRules(res)).toEqual(['newPassword:samePassword']);
    });

    it('changes it: 204, the old password fails, the new one works, every old refresh token is revoked', async () => {
      await login(person.nip, TEST_PASSWORD).expect(200); // nothing above changed it
      const secondSession = await signIn(t, person.email);
      const next = 'SandiBaru#2027';
      await change(session.accessToken, TEST_PASSWORD, next).expect(204);

      expectProblem(await login(person.nip, TEST_PASSWORD), 401, 'auth.invalidCredentials');
      await login(person.nip, next).expect(200);
      expectProblem(await refresh(session.refreshToken), 401, 'auth.refreshInvalid');
      expectProblem(await refresh(secondSession.refreshToken), 401, 'auth.refreshInvalid');
      const audit = await t.db.query(`SELECT tenant_id FROM audit_log WHERE action = 'auth.password_changed' AND target_id = $1`, [person.userId]);
      expect(audit).toEqual([{ tenant_id: agency.id }]);
    });
  });

  describe('access tokens', () => {
    let learner: Pair;
    beforeAll(async () => {
      learner = await signIn(t, agency.people.learner.nip);
    });
    const claimsOf = () => ({ sub: agency.people.learner.userId, tid: agency.id, rol: ['learner'], emp: agency.people.learner.employeeId });

    it('answers a missing Authorization header with 401 auth.tokenMissing', async () => {
      expectProblem(await t.http().get('/api/v1/auth/me'), 401, 'auth.tokenMissing');
    });

    it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer not.a.jwt'], ['Bearer garbage']])('answers "%s" with 401 auth.tokenInvalid', async (header) => {
      expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', header), 401, 'auth.tokenInvalid');
    });

    it('refuses a token whose signature has one character changed', async () => {
      await me(learner.accessToken).expect(200);
      const [h, p, s] = learner.accessToken.split('.');
      const i = 10;
      const flipped = `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      expectProblem(await me(`${h}.${p}.${flipped}`), 401, 'auth.tokenInvalid');
    });

    it('refuses a token whose payload was edited to claim tenant_admin', async () => {
      expectProblem(await t.http().get('/api/v1/users').set('Authorization', `Bearer ${learner.accessToken}`), 403, 'auth.forbiddenRole');
      const [h, p, s] = learner.accessToken.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.rol = ['learner', 'tenant_admin'];
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      expectProblem(await t.http().get('/api/v1/users').set('Authorization', `Bearer ${forged}`), 401, 'auth.tokenInvalid');
    });

    it('refuses a token signed with another secret, while the same claims signed with ours pass', async () => {
      await me(await craftAccessToken(t.config.JWT_SECRET, claimsOf())).expect(200);
      const foreign = await craftAccessToken('another-secret-that-is-long-enough-0123456789', claimsOf());
      expectProblem(await me(foreign), 401, 'auth.tokenInvalid');
    });

    it('refuses an expired token', async () => {
      const expired = await craftAccessToken(t.config.JWT_SECRET, claimsOf(), { expiresAt: Math.floor(Date.now() / 1000) - 5 });
      expectProblem(await me(expired), 401, 'auth.tokenInvalid');
    });

    it('refuses a token for another issuer or audience, and an unsigned one', async () => {
      expectProblem(await me(await craftAccessToken(t.config.JWT_SECRET, claimsOf(), { issuer: 'someone-else' })), 401, 'auth.tokenInvalid');
      expectProblem(await me(await craftAccessToken(t.config.JWT_SECRET, claimsOf(), { audience: 'another-api' })), 401, 'auth.tokenInvalid');
      const [, p] = learner.accessToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
      expectProblem(await me(none), 401, 'auth.tokenInvalid');
    });
  });

  describe('login rate limits', () => {
    const max = () => t.config.LOGIN_MAX_FAILURES_PER_ACCOUNT;

    it('answers 429 with retryAfter after the allowed failures, even for the right password', async () => {
      expect(max()).toBe(5);
      const person = await createLogin(t.db, agency);
      for (let i = 0; i < max(); i++) expectProblem(await login(person.nip, `Salah#${i}xyz`), 401, 'auth.invalidCredentials');
      const res = await login(person.nip, TEST_PASSWORD);
      expectProblem(res, 429, 'auth.tooManyFailures');
      expect(res.body.accessToken).toBeUndefined();
      expect(Number.isInteger(res.body.retryAfter)).toBe(true);
      expect(res.body.retryAfter).toBeGreaterThan(0);
      expect(res.body.retryAfter).toBeLessThanOrEqual(t.config.LOGIN_WINDOW_SECONDS);
      expect(res.body.detail).toContain(String(res.body.retryAfter));
      expect(res.headers['retry-after']).toBe(String(res.body.retryAfter));
    });

    it('counts failures per account, whether the NIP or the e-mail was typed', async () => {
      const person = await createLogin(t.db, agency);
      for (let i = 0; i < max(); i++) {
        const identifier = i % 2 ? person.email.toUpperCase() : person.nip;
        expectProblem(await login(identifier, `Salah#${i}xyz`), 401, 'auth.invalidCredentials');
      }
      expectProblem(await login(person.nip, TEST_PASSWORD), 429, 'auth.tooManyFailures');
      expectProblem(await login(person.email, TEST_PASSWORD), 429, 'auth.tooManyFailures');
    });

    it('clears the failure count on a successful login before the limit', async () => {
      const person = await createLogin(t.db, agency);
      for (let i = 0; i < max() - 1; i++) expectProblem(await login(person.email, `Salah#${i}xyz`), 401, 'auth.invalidCredentials');
      await login(person.email, TEST_PASSWORD).expect(200);
      // Counting from zero again: another full set of failures is answered 401, not 429.
      for (let i = 0; i < max(); i++) expectProblem(await login(person.email, `Salah#${i}abc`), 401, 'auth.invalidCredentials');
      expectProblem(await login(person.email, TEST_PASSWORD), 429, 'auth.tooManyFailures');
    });

    it('does not lock one account because of failures on another', async () => {
      const victim = await createLogin(t.db, agency);
      const other = await createLogin(t.db, agency);
      for (let i = 0; i <= max(); i++) await login(other.nip, `Salah#${i}xyz`);
      await login(victim.nip, TEST_PASSWORD).expect(200);
    });

    it('limits attempts per client address', async () => {
      const prefix = `{mahir-test-addr-${randomUUID().replace(/-/g, '').slice(0, 12)}}`;
      const limited = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '3', QUEUE_PREFIX: prefix });
      try {
        const person = await createLogin(t.db, agency);
        expectProblem(await login(`a.${randomUUID()}@x.go.id`, TEST_PASSWORD, limited), 401, 'auth.invalidCredentials');
        expectProblem(await login(`b.${randomUUID()}@x.go.id`, TEST_PASSWORD, limited), 401, 'auth.invalidCredentials');
        await login(person.nip, TEST_PASSWORD, limited).expect(200);
        const res = await login(person.nip, TEST_PASSWORD, limited);
        expectProblem(res, 429, 'auth.tooManyFailures');
        expect(res.body.retryAfter).toBeGreaterThan(0);
        // The address limit of one deployment (prefix) does not leak into another.
        await login(person.nip, TEST_PASSWORD).expect(200);
      } finally {
        const redis = limited.app.get<Redis>(REDIS);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await limited.app.close();
      }
    });
  });

  describe('language', () => {
    const unknown = () => `nobody.${randomUUID().slice(0, 8)}@nowhere.go.id`;

    it('answers in Indonesian by default and in English when Accept-Language prefers it', async () => {
      const id = await login(unknown(), TEST_PASSWORD);
      expect(id.body).toMatchObject({ type: problemType('auth.invalidCredentials'), title: 'Belum masuk atau sesi berakhir', detail: 'NIP/e-mail atau kata sandi salah.' });
      const en = await t.http().post('/api/v1/auth/login').set('Accept-Language', 'en').send({ identifier: unknown(), password: TEST_PASSWORD });
      expect(en.body).toMatchObject({ status: 401, title: 'Not signed in or session expired', detail: 'Wrong NIP/e-mail or password.' });
      const enUs = await t.http().post('/api/v1/auth/login').set('Accept-Language', 'en-US,en;q=0.9,id;q=0.5').send({ identifier: unknown(), password: 'x' });
      expect(enUs.body.detail).toBe('Wrong NIP/e-mail or password.');
      const other = await t.http().post('/api/v1/auth/login').set('Accept-Language', 'fr-FR').send({ identifier: unknown(), password: 'x' });
      expect(other.body.detail).toBe('NIP/e-mail atau kata sandi salah.');
    });

    it('translates field errors too', async () => {
      const en = await t.http().post('/api/v1/auth/login').set('Accept-Language', 'en').send({ password: 'x' });
      expect(en.status).toBe(400);
      expect(en.body.errors).toEqual([{ field: 'identifier', rule: 'required', message: 'identifier is required.' }]);
      const id = await t.http().post('/api/v1/auth/login').send({ password: 'x' });
      expect(id.body.errors[0].message).toBe('identifier wajib diisi.');
    });
  });
});
