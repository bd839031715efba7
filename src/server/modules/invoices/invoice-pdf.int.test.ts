import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { LightMyRequestResponse } from 'fastify';
import type { InvoiceDto } from '../../../contracts/invoices.js';
import { queryRows } from '../../db/client.js';
import { asClient, buildTestApp, multipart, type Session, type TestApp } from '../../../../test/harness.js';
import { workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let client: Session;
let neighbour: Session;
beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  await w.owner$.req('PATCH', '/api/staff/firm', { abn: '51 824 753 556' });
  client = await asClient(t, w.firm.slug, w.person1.email);
  neighbour = await asClient(t, w.firm.slug, w.person2.email);
});
afterAll(async () => t.close());

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function draft(description = 'BAS preparation', clientId = w.client1.id): Promise<InvoiceDto> {
  const res = await w.owner$.req('POST', '/api/staff/invoices', { clientId, lines: [{ description, quantityMilli: 1500, unitPriceCents: 82_300 }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as InvoiceDto;
}
async function issued(description?: string, clientId?: string): Promise<InvoiceDto> {
  const d = await draft(description, clientId);
  const res = await w.owner$.req('POST', `/api/staff/invoices/${d.id}/issue`, { version: d.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InvoiceDto;
}
const shows = (res: LightMyRequestResponse, s: string) => res.rawPayload.toString('latin1').includes(`(${s}) Tj`);

describe('GET …/invoices/:id/pdf', () => {
  it('staff download an issued invoice as a PDF attachment named by its number, never cached or sniffed', async () => {
    const inv = await issued();
    const res = await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${inv.number}.pdf"; filename*=UTF-8''${inv.number}.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(res.rawPayload)).getPageCount()).toBe(1);
    for (const s of ['Tax invoice', inv.number ?? '', 'ABN 51 824 753 556', w.client1.name, 'BAS preparation', '1.5', '$1,234.50', '$123.45', '$1,357.95', 'Balance due']) {
      expect(shows(res, s), s).toBe(true);
    }
  });

  it('the client downloads its own issued invoice — the same file staff get', async () => {
    const inv = await issued();
    const staff = await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/pdf`);
    const res = await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${inv.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename="${inv.number}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.equals(staff.rawPayload)).toBe(true);
  });

  it('is drawn from what was frozen at issue: later changes to the firm or client do not change it', async () => {
    const inv = await issued();
    const before = await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/pdf`);
    await queryRows(t.db.owner, sql`update firms set legal_name = 'Renamed Pty Ltd' where id = ${w.firm.id}`);
    await queryRows(t.db.owner, sql`update clients set name = 'Renamed Client' where id = ${w.client1.id}`);
    try {
      const after = await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/pdf`);
      expect(after.rawPayload.equals(before.rawPayload)).toBe(true);
      expect(shows(after, 'Renamed Pty Ltd')).toBe(false);
    } finally {
      await queryRows(t.db.owner, sql`update firms set legal_name = ${w.firm.legalName} where id = ${w.firm.id}`);
      await queryRows(t.db.owner, sql`update clients set name = ${w.client1.name} where id = ${w.client1.id}`);
    }
  });

  it('a draft: staff get it marked "DRAFT — not a tax invoice"; the client gets 404', async () => {
    const d = await draft();
    const res = await w.owner$.req('GET', `/api/staff/invoices/${d.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="draft-invoice.pdf"');
    expect(shows(res, 'DRAFT \\227 not a tax invoice')).toBe(true);
    expect(shows(res, 'Tax invoice')).toBe(false);
    const portal = await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${d.id}/pdf`);
    expect(portal.statusCode).toBe(404);
    expect(portal.headers['content-type']).toContain('application/problem+json');
  });

  it('another client of the firm, or a missing id, gets the same 404', async () => {
    const inv = await issued('Private work for client one');
    const theirs = await neighbour.req('GET', `/api/portal/${w.firm.slug}/invoices/${inv.id}/pdf`);
    const missing = await neighbour.req('GET', `/api/portal/${w.firm.slug}/invoices/00000000-0000-4000-8000-000000000000/pdf`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().detail).toBe(missing.json().detail);
    expect(theirs.body).not.toContain('Private work');
    expect((await w.owner$.req('GET', '/api/staff/invoices/not-a-uuid/pdf')).statusCode).toBe(400);
  });

  it('carries the firm’s logo (PNG or JPEG); a WebP logo is left out and the PDF still renders', async () => {
    const inv = await issued();
    const upload = (bytes: Buffer) => {
      const { payload, contentType } = multipart('logo.png', bytes, {}, 'logo');
      return t.app.inject({ method: 'PUT', url: '/api/staff/firm/logo', payload, headers: { cookie: w.owner$.cookie, 'x-csrf-token': w.owner$.csrf, 'content-type': contentType } });
    };
    expect((await upload(PNG)).statusCode).toBe(200);
    const withLogo = await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/pdf`);
    expect(withLogo.statusCode).toBe(200);
    expect(withLogo.rawPayload.toString('latin1')).toContain('/Logo Do');

    await queryRows(t.db.owner, sql`update firms set logo = ${Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ')}, logo_content_type = 'image/webp' where id = ${w.firm.id}`);
    const webp = await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${inv.id}/pdf`);
    expect(webp.statusCode, webp.body).toBe(200);
    expect(webp.rawPayload.toString('latin1')).not.toContain('/Logo Do');
    expect(shows(webp, 'Tax invoice')).toBe(true);
    expect((await w.owner$.req('DELETE', '/api/staff/firm/logo')).statusCode).toBe(200);
  });
});
