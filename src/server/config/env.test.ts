import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

describe('configuration', () => {
  it('has working development defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, appBaseUrl: 'http://localhost:3000', portalDomain: 'localhost:3000', demoData: true, dataDir: './data' });
  });
  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', APP_BASE_URL: 'not a url', MASTER_KEY: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', APP_BASE_URL: 'not a url', MASTER_KEY: 'short' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('APP_BASE_URL');
      expect(msg).toContain('MASTER_KEY');
    }
  });
  it('production requires a database, a master key, SMTP, https and Azure Blob Storage, and never demo data', () => {
    let msg = '';
    try {
      loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' });
    } catch (err) {
      msg = (err as Error).message;
    }
    for (const v of ['DATABASE_URL', 'MASTER_KEY', 'SMTP_URL', 'DEMO_DATA', 'APP_BASE_URL', 'BLOB_STORE', 'EWAY_ENDPOINT', 'EWAY_API_KEY', 'EWAY_API_PASSWORD']) expect(msg).toContain(v);
    const ok = loadConfig({
      NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/ll', MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      SMTP_URL: 'smtp://relay:587', APP_BASE_URL: 'https://app.ledgerloom.com.au',
      EWAY_ENDPOINT: 'https://api.ewaypayments.com/', EWAY_API_KEY: 'key', EWAY_API_PASSWORD: 'password',
      BLOB_STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=llprod;AccountKey=a2V5;EndpointSuffix=core.windows.net',
    });
    expect(ok.demoData).toBe(false);
    expect(ok.blobStore).toMatchObject({ kind: 'azure', container: 'ledger-loom-documents' });
    expect(ok.eway).toEqual({ endpoint: 'https://api.ewaypayments.com/', apiKey: 'key', apiPassword: 'password', emulator: false });
    expect(loadConfig({}).eway).toMatchObject({ endpoint: 'http://localhost:3000/dev/eway/', emulator: true });
    expect(() => loadConfig({ BLOB_STORE: 'azure' })).toThrow(/AZURE_STORAGE_CONNECTION_STRING: is required when BLOB_STORE=azure/);
  });
});
