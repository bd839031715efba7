import { describe, expect, it } from 'vitest';
import { fileExtension, formatFileSize } from './file-size';

describe('formatFileSize', () => {
  it('says bytes, KB, MB and GB in plain words', () => {
    expect(formatFileSize(1)).toBe('1 byte');
    expect(formatFileSize(532)).toBe('532 bytes');
    expect(formatFileSize(2048)).toBe('2 KB');
    expect(formatFileSize(2_400_000)).toBe('2.3 MB');
    expect(formatFileSize(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatFileSize(3 * 1024 ** 3)).toBe('3 GB');
  });
});

describe('fileExtension', () => {
  it('is the lower-case extension, or empty', () => {
    expect(fileExtension('Scan.PDF')).toBe('.pdf');
    expect(fileExtension('archive.tar.gz')).toBe('.gz');
    expect(fileExtension('.bashrc')).toBe('');
    expect(fileExtension('README')).toBe('');
  });
});
