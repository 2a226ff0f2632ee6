import { describe, expect, it } from 'vitest';
import { checkExternalLink } from './external-link';

describe('checkExternalLink', () => {
  it('accepts http, https and mailto, and says where they really go', () => {
    expect(checkExternalLink('https://evil.example/admin')).toEqual({
      ok: true,
      href: 'https://evil.example/admin',
      scheme: 'https:',
      target: 'evil.example',
    });
    expect(checkExternalLink('HTTP://Oc-Pizzas.com:8080/x')).toMatchObject({
      ok: true,
      scheme: 'http:',
      target: 'oc-pizzas.com:8080',
    });
    expect(checkExternalLink('mailto:ops@oc-pizzas.com?subject=x')).toMatchObject({
      ok: true,
      scheme: 'mailto:',
      target: 'ops@oc-pizzas.com',
    });
  });

  it('shows the real host of a URL that dresses up as another', () => {
    expect(checkExternalLink('https://oc-pizzas.com@evil.example/')).toMatchObject({
      target: 'evil.example',
    });
    // A Cyrillic "о" in place of the Latin "o": the dialog shows the punycode, which does not read as ours.
    expect(checkExternalLink('https://\u043ec-pizzas.com/')).toMatchObject({
      target: 'xn--c-pizzas-mbh.com',
    });
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'data:text/html,hi', 'ftp://h/'])(
    'refuses %s by its scheme',
    (url) => {
      expect(checkExternalLink(url)).toMatchObject({ ok: false, reason: 'scheme' });
    },
  );

  it('refuses what is not a URL', () => {
    expect(checkExternalLink('not a url')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkExternalLink('mailto:')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkExternalLink('mailto:%E0%A4%A')).toEqual({ ok: false, reason: 'invalid' });
  });
});
