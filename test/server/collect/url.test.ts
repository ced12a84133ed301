import { describe, expect, test } from 'vitest'
import { compilePathPatterns, hostBelongsToSite, normaliseUrl } from '../../../server/collect/url'

describe('normaliseUrl', () => {
  test.each([
    ['https://Example.com', false, [], { hostname: 'example.com', pathname: '/' }],
    ['https://www.example.com/a/b/', false, [], { hostname: 'example.com', pathname: '/a/b/' }],
    ['https://example.com/a//', false, [], { hostname: 'example.com', pathname: '/a/' }],
    ['https://example.com/caf%C3%A9', false, [], { hostname: 'example.com', pathname: '/café' }],
    [
      'https://example.com/bad%E0%A4%A',
      false,
      [],
      { hostname: 'example.com', pathname: '/bad%E0%A4%A' },
    ],
    [
      'https://example.com/p?email=a@b.c&utm_source=x',
      false,
      [],
      { hostname: 'example.com', pathname: '/p' },
    ],
    [
      'https://example.com/search?q=shoes&page=2&token=s3cr3t',
      false,
      ['q', 'page'],
      { hostname: 'example.com', pathname: '/search?q=shoes&page=2' },
    ],
    ['https://example.com/#/about', false, [], { hostname: 'example.com', pathname: '/' }],
    ['https://example.com/#/about', true, [], { hostname: 'example.com', pathname: '/#/about' }],
    ['https://example.com/app#', true, [], { hostname: 'example.com', pathname: '/app' }],
    [
      'https://example.com/#/reset?token=s3cr3t&email=a@b.c',
      true,
      [],
      { hostname: 'example.com', pathname: '/#/reset' },
    ],
    [
      'https://example.com/#/search?q=shoes&email=a@b.c',
      true,
      ['q'],
      { hostname: 'example.com', pathname: '/#/search?q=shoes' },
    ],
    [
      'https://example.com/app/?page=2&token=x#/list?q=red%20shoes&email=a@b.c',
      true,
      ['q', 'page'],
      { hostname: 'example.com', pathname: '/app/#/list?page=2&q=red+shoes' },
    ],
    ['https://example.com/#?email=a@b.c', true, [], { hostname: 'example.com', pathname: '/' }],
    [
      'https://shop.example.com:8443/x',
      false,
      [],
      { hostname: 'shop.example.com', pathname: '/x' },
    ],
  ] as const)('%s (hash mode %s, allowed %j)', (url, hash, allowed, expected) => {
    expect(normaliseUrl(new URL(url), hash, allowed)).toEqual(expected)
  })
})

describe('hostBelongsToSite', () => {
  test.each([
    ['example.com', true],
    ['www.example.com', true],
    ['blog.example.com', true],
    ['EXAMPLE.COM', true],
    ['example.com.', true],
    ['example-shop.de', true],
    ['www.example-shop.de', true],
    ['evilexample.com', false],
    ['example.com.evil.net', false],
    ['localhost', false],
    ['other.org', false],
  ])('%s → %s', (host, expected) => {
    expect(hostBelongsToSite(host, 'example.com', ['example-shop.de'])).toBe(expected)
  })
})

describe('compilePathPatterns', () => {
  const excluded = compilePathPatterns(['/admin/*', '/preview', '/*/draft', '/a.b'])
  test.each([
    ['/admin/', true],
    ['/admin/users/1', true],
    ['/admin', false],
    ['/preview', true],
    ['/preview/x', false],
    ['/blog/draft', true],
    ['/a.b', true],
    ['/aXb', false],
    ['/', false],
  ])('%s → %s', (path, expected) => {
    expect(excluded(path)).toBe(expected)
  })

  test('no patterns exclude nothing', () => {
    expect(compilePathPatterns([])('/anything')).toBe(false)
  })
})
