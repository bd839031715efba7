import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { asStaff, buildTestApp, createFirmWorld, type Session, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { firms } from '../../db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

const paths = (res: LightMyRequestResponse) => (res.json() as { errors?: { path: string }[] }).errors?.map((e) => e.path) ?? [];

async function firmRow(id: string) {
  const [row] = await t.db.owner.select().from(firms).where(eq(firms.id, id));
  return row;
}

function uploadLogo(s: Session, bytes: Buffer, filename = 'logo.png', contentType = 'image/png', field = 'logo') {
  const boundary = `----ll${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'PUT', url: '/api/staff/firm/logo',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

describe('firm settings', () => {
  it('a member with role "staff" can read but gets 403 on changing settings or the logo', async () => {
    const world = await createFirmWorld(t.db);
    const member = await asStaff(t, world.staff.email);
    const before = await firmRow(world.firm.id);

    const read = await member.req('GET', '/api/staff/firm');
    const attempts = [
      await member.req('PATCH', '/api/staff/firm', { displayName: 'Taken Over' }),
      await uploadLogo(member, PNG),
      await member.req('DELETE', '/api/staff/firm/logo'),
    ];

    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: world.firm.id, displayName: world.firm.displayName });
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await firmRow(world.firm.id)).toEqual(before);
  });

  it('validates ABN, colour, time zone and phone, naming each field, and writes nothing', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const before = await firmRow(world.firm.id);

    const res = await owner.req('PATCH', '/api/staff/firm', { abn: '12 345 678 901', primaryColour: 'teal', timeZone: 'America/New_York', supportPhone: '555 1234', displayName: 'Should Not Stick' });

    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual(['body.abn', 'body.primaryColour', 'body.supportPhone', 'body.timeZone']);
    expect(await firmRow(world.firm.id)).toEqual(before);
  });

  it('saves valid details normalised, warns about a pale brand colour, and the public branding follows', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);

    const pale = await owner.req('PATCH', '/api/staff/firm', {
      displayName: 'Sunny Side Accounting', abn: '51 824 753 556', timeZone: 'Australia/Perth', supportPhone: '(08) 9123 4567', supportEmail: 'Help@Sunny.Example', primaryColour: '#FFFF00', tradingName: '',
    });

    expect(pale.statusCode).toBe(200);
    expect(pale.json()).toMatchObject({
      displayName: 'Sunny Side Accounting', abn: '51824753556', timeZone: 'Australia/Perth', supportPhone: '+61891234567', supportEmail: 'help@sunny.example', tradingName: null,
      primaryColour: '#FFFF00', primaryTextColour: '#111827',
    });
    expect(pale.json().contrastWarning).toMatch(/#FFFF00.*1\.\d:1/);
    expect(await firmRow(world.firm.id)).toMatchObject({ abn: '51824753556', supportPhone: '+61891234567', timeZone: 'Australia/Perth' });
    const branding = await t.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}` });
    expect(branding.json()).toMatchObject({ displayName: 'Sunny Side Accounting', primaryColour: '#FFFF00', supportPhone: '+61891234567' });

    const dark = await owner.req('PATCH', '/api/staff/firm', { primaryColour: '#0F766E' });
    expect(dark.json()).toMatchObject({ primaryColour: '#0F766E', primaryTextColour: '#FFFFFF', contrastWarning: null, displayName: 'Sunny Side Accounting' });
    const audit = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ action: string }>(tx, sql`select action from audit_log where action = 'firm.settings_updated'`));
    expect(audit).toHaveLength(2);
  });

  it('an empty update changes nothing and is not an error', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const before = await firmRow(world.firm.id);

    const res = await owner.req('PATCH', '/api/staff/firm', {});

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: world.firm.id, displayName: world.firm.displayName });
    expect(await firmRow(world.firm.id)).toEqual(before);
  });
});

describe('firm logo', () => {
  it('accepts a PNG and serves it publicly with its type, nosniff and a sandboxing CSP', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);

    const res = await uploadLogo(owner, PNG);

    expect(res.statusCode).toBe(200);
    const logoUrl: string = res.json().logoUrl;
    expect(logoUrl).toMatch(new RegExp(`^/api/public/firms/${world.firm.slug}/logo\\?v=\\d+$`));
    const served = await t.app.inject({ method: 'GET', url: logoUrl });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(String(served.headers['content-security-policy'])).toContain('sandbox');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}` })).json().logoUrl).toBe(logoUrl);

    const removed = await owner.req('DELETE', '/api/staff/firm/logo');
    expect(removed.json().logoUrl).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}/logo` })).statusCode).toBe(404);
  });

  it('refuses SVG and HTML, even named .png and sent as image/png, with 422; the old logo stays', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    await uploadLogo(owner, PNG);
    const before = await firmRow(world.firm.id);

    const svg = await uploadLogo(owner, SVG, 'logo.svg', 'image/svg+xml');
    const svgAsPng = await uploadLogo(owner, SVG, 'logo.png', 'image/png');
    const htmlAsPng = await uploadLogo(owner, HTML, 'logo.png', 'image/png');
    const empty = await uploadLogo(owner, Buffer.alloc(0));

    for (const res of [svg, svgAsPng, htmlAsPng, empty]) {
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('UNPROCESSABLE');
    }
    const after = await firmRow(world.firm.id);
    expect(after?.logo?.equals(PNG)).toBe(true);
    expect(after?.logoContentType).toBe('image/png');
    expect(after?.logoUpdatedAt).toEqual(before?.logoUpdatedAt);
  });

  it('refuses a logo over 1 MB with 413 and a wrongly named field with 400', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10)]);

    const tooBig = await uploadLogo(owner, big);
    const wrongField = await uploadLogo(owner, PNG, 'logo.png', 'image/png', 'picture');
    const json = await owner.req('PUT', '/api/staff/firm/logo', { logo: PNG.toString('base64') });

    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(wrongField.statusCode).toBe(400);
    expect(json.statusCode).toBe(415);
    expect((await firmRow(world.firm.id))?.logo).toBeNull();
  });
});
