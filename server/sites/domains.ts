import { domainToASCII, domainToUnicode } from 'node:url';

// A site is stored under its ASCII name (IDN labels in punycode, "xn--rksmrgs-5wao1o.se"):
// that is what the browser's location.hostname gives and what the page URL's host holds, so the
// tracker's default `d` needs no work. An owner may still write the Unicode form, in the
// dashboard, the API or the snippet's data-site; it is turned into the same key.

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The key a site is stored and looked up under. Cheap for the usual ASCII name (one regex test,
 * no conversion) since it runs for every event; a Unicode name goes through UTS #46, which
 * also lowercases it. A name that cannot be converted is returned as it is and matches nothing.
 */
export function siteKey(domain: string): string {
  if (!NON_ASCII.test(domain)) return domain;
  return domainToASCII(domain) || domain;
}

/**
 * ASCII form of an owner's input, or '' when it is not a valid host name; unlike siteKey it
 * also checks punycode labels, so "xn--zz.se" is refused rather than stored.
 */
export function asciiDomain(domain: string): string {
  return NON_ASCII.test(domain) || domain.includes('xn--') ? domainToASCII(domain) : domain;
}

/** How a site is shown to people: "räksmörgås.se" for "xn--rksmrgs-5wao1o.se". */
export function displayDomain(domain: string): string {
  return domain.includes('xn--') ? domainToUnicode(domain) || domain : domain;
}
