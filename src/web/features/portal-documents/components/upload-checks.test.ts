import { describe, expect, it } from 'vitest';
import { acceptedExtensions } from '../../../../contracts/documents';
import { ApiError } from '../../../lib/api-client';
import { acceptList, precheckFile, uploadErrorMessage } from './upload-checks';

const limits = { maxBytes: 100 * 1024 * 1024, allowZip: false, acceptedExtensions: [...acceptedExtensions] };

describe('precheckFile', () => {
  it('lets an accepted file within the limit go, whatever the case of its extension', () => {
    expect(precheckFile({ name: 'Sales report.PDF', size: 1_200_000 }, limits)).toBeNull();
  });

  it('names a type that is not accepted, and what is', () => {
    expect(precheckFile({ name: 'setup.exe', size: 10 }, limits)).toMatch(/^EXE files are not accepted\. You can upload PDF, images/);
    expect(precheckFile({ name: 'README', size: 10 }, limits)).toMatch(/^Files without an extension/);
    expect(precheckFile({ name: 'archive.zip', size: 10 }, limits)).toMatch(/^ZIP files are not accepted/);
  });

  it('accepts ZIP only where the firm allows it', () => {
    expect(acceptList({ ...limits, allowZip: true })).toContain('.zip');
    expect(precheckFile({ name: 'archive.zip', size: 10 }, { ...limits, allowZip: true })).toBeNull();
  });

  it('says how big the file is and what the limit is', () => {
    expect(precheckFile({ name: 'scan.pdf', size: 150 * 1024 * 1024 }, limits)).toMatch(/^The file is 150 MB; the limit is 100 MB per file\./);
  });

  it('refuses an empty file', () => {
    expect(precheckFile({ name: 'empty.pdf', size: 0 }, limits)).toMatch(/^The file is empty/);
  });
});

describe('uploadErrorMessage', () => {
  it('uses the server’s reason for a refused type', () => {
    const error = new ApiError({ status: 422, code: 'UNPROCESSABLE', title: 'Unprocessable', detail: 'Programs (executable files) are not accepted.' });
    expect(uploadErrorMessage(error, limits)).toBe('Programs (executable files) are not accepted.');
  });

  it('says what the limit is for a 413', () => {
    expect(uploadErrorMessage(new ApiError({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Too large' }), limits)).toMatch(/larger than the 100 MB limit/);
  });

  it('says to check the connection when the upload never reached the server', () => {
    expect(uploadErrorMessage(new Error('boom'), limits)).toMatch(/Check your internet connection/);
  });
});
