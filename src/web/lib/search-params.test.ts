import { describe, expect, it } from 'vitest';
import { pageParam, withParam } from './search-params';

describe('search params', () => {
  it('sets or clears one value and goes back to page 1, except when setting the page', () => {
    const prev = new URLSearchParams('q=cafe&page=3&sort=client');
    expect(withParam(prev, 'q', 'bakery').toString()).toBe('q=bakery&sort=client');
    expect(withParam(prev, 'q', '').toString()).toBe('sort=client');
    expect(withParam(prev, 'page', pageParam(4)).toString()).toBe('q=cafe&page=4&sort=client');
    expect(withParam(prev, 'page', pageParam(1)).toString()).toBe('q=cafe&sort=client');
    expect(prev.toString()).toBe('q=cafe&page=3&sort=client');
  });
});
