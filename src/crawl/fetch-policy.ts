/**
 * How the crawler speaks to each host, from the site's registry entry (`fetch:`) and
 * from what the host taught it: whether a certificate must verify, whether the host
 * needs legacy TLS (1.0/1.1), and which scheme answers when the registered one does
 * not. Each thing learned has a reason, is logged with the request, and is stored
 * (`host_fetch_policy`) so the next crawl starts from it. Pure decisions; the HTTP
 * strategy applies them and the crawler stores them.
 */
import type { Site } from './sites.js';
import { hostKey } from './url.js';

/** 'verify': refuse a certificate that does not verify; 'accept': read the site without verifying; 'learn': verify, and accept one that fails for this host, saying why. */
export type TlsVerify = 'verify' | 'accept' | 'learn';
export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';

export interface HostPolicy {
  readonly verify: TlsVerify;
  /** Certificate checking was given up for this host, and why (a 'learn' host whose certificate failed, or an 'accept' site). */
  readonly unverified: string | null;
  readonly tlsMin: TlsVersion | null;
  /** The scheme that answers, when it is not the one asked for, and why. */
  readonly scheme: { readonly use: 'http:' | 'https:'; readonly reason: string } | null;
  readonly schemeFallback: boolean;
}

/** A row of `host_fetch_policy`: one thing learned about a host. */
export interface Learned {
  readonly host: string;
  readonly siteId: string | null;
  readonly scheme: 'http' | 'https' | null;
  readonly tlsMinVersion: TlsVersion | null;
  readonly tlsVerify: boolean | null;
  readonly reason: string;
}

/** Options the TLS connection of a request takes. */
export interface TlsOptions { readonly rejectUnauthorized: boolean; readonly minVersion?: TlsVersion; readonly ciphers?: string }

const CERT_ERROR = /CERT_|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID|certificate/i;
/** The server speaks only an old protocol (or old ciphers) our default refuses. */
const OLD_TLS = /unsupported protocol|no protocols available|tlsv1 alert protocol version|ERR_SSL_UNSUPPORTED_PROTOCOL|sslv3 alert handshake failure|ERR_SSL_NO_PROTOCOLS_AVAILABLE|dh key too small|ERR_SSL_DH_KEY_TOO_SMALL/i;
/** Not TLS at all on the other end: an HTTP server on the port asked for with https. */
const NOT_TLS = /wrong version number|ERR_SSL_WRONG_VERSION_NUMBER|packet length too long|http request/i;

/** What to do after a failed connection: try again now with the host's policy changed, or give up as before. */
export type Lesson = { readonly again: true; readonly learned: Learned } | { readonly again: false };

export class FetchPolicies {
  private readonly hosts = new Map<string, HostPolicy>();

  constructor(private readonly sites: readonly Site[], stored: readonly Learned[] = []) {
    for (const l of stored) this.apply(l);
  }

  private siteOf(host: string): Site | undefined {
    return this.sites.find((s) => hostKey(s.base_url) === host) ?? this.sites.find((s) => s.lists.some((l) => hostKey(l) === host));
  }

  policy(url: string): HostPolicy {
    const host = hostKey(url);
    const known = this.hosts.get(host);
    if (known) return known;
    const f = this.siteOf(host)?.fetch;
    const verify = f?.tls_verify ?? 'learn';
    const p: HostPolicy = {
      verify, unverified: verify === 'accept' ? 'the registry says to accept its certificate (fetch.tls_verify: accept)' : null,
      tlsMin: f?.tls_min_version ?? null, scheme: null, schemeFallback: f?.scheme_fallback ?? true,
    };
    this.hosts.set(host, p);
    return p;
  }

  /** The URL to request: the scheme the host answers on, when it taught us another. */
  target(url: string): string {
    const s = this.policy(url).scheme;
    if (!s) return url;
    const u = new URL(url);
    if (u.protocol === s.use) return url;
    const samePort = u.port !== '';
    u.protocol = s.use;
    if (!samePort) u.port = '';
    return u.toString();
  }

  tls(url: string): TlsOptions {
    const p = this.policy(url);
    return {
      rejectUnauthorized: p.unverified === null,
      // Legacy servers need the old protocol and, with OpenSSL 3, the lowered security level its ciphers need.
      ...(p.tlsMin && p.tlsMin !== 'TLSv1.2' ? { minVersion: p.tlsMin, ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
    };
  }

  /** Learns from a connection that failed with `message` (code and text): what to change, if anything, and try again. */
  learn(url: string, message: string): Lesson {
    const u = new URL(url);
    const host = hostKey(url);
    const p = this.policy(url);
    const siteId = this.siteOf(host)?.id ?? null;
    const lesson = (l: Omit<Learned, 'host' | 'siteId'>): Lesson => {
      const learned = { host, siteId, ...l };
      this.apply(learned);
      return { again: true, learned };
    };
    if (u.protocol === 'https:' && CERT_ERROR.test(message) && p.unverified === null && p.verify === 'learn') {
      return lesson({ scheme: null, tlsMinVersion: null, tlsVerify: false, reason: `certificate not verified (${firstLine(message)}); read without verification as fetch.tls_verify: learn allows` });
    }
    if (u.protocol === 'https:' && OLD_TLS.test(message) && !p.tlsMin) {
      return lesson({ scheme: null, tlsMinVersion: 'TLSv1', tlsVerify: null, reason: `the server speaks only old TLS (${firstLine(message)}); TLS 1.0 and 1.1 allowed for this host` });
    }
    if (p.schemeFallback && !p.scheme) {
      if (u.protocol === 'https:' && (NOT_TLS.test(message) || /ECONNREFUSED/.test(message))) {
        return lesson({ scheme: 'http', tlsMinVersion: null, tlsVerify: null, reason: `https did not answer (${firstLine(message)}); the host is read over http` });
      }
      if (u.protocol === 'http:' && /ECONNREFUSED/.test(message) && u.port === '') {
        return lesson({ scheme: 'https', tlsMinVersion: null, tlsVerify: null, reason: `http refused (${firstLine(message)}); the host is read over https` });
      }
    }
    return { again: false };
  }

  private apply(l: Learned): void {
    const p = this.policy(`http://${l.host}/`);
    this.hosts.set(l.host, {
      ...p,
      ...(l.tlsVerify === false && p.verify !== 'verify' ? { unverified: l.reason } : {}),
      ...(l.tlsMinVersion ? { tlsMin: l.tlsMinVersion } : {}),
      ...(l.scheme ? { scheme: { use: `${l.scheme}:` as const, reason: l.reason } } : {}),
    });
  }
}

/** The error's first line, without the URL the fetch error leads with. */
const firstLine = (s: string): string => s.split('\n')[0]!.replace(/^https?:\/\/\S+: /, '').slice(0, 160);
