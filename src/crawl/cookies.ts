/** A tiny per-host cookie jar: enough for challenge cookies and session cookies. */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  set(host: string, name: string, value: string): void {
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    jar.set(name, value);
  }

  /** Stores `Set-Cookie` header values (attributes ignored: host-scoped, session-long). */
  store(host: string, setCookies: readonly string[]): void {
    for (const sc of setCookies) {
      const pair = sc.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.set(host, pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /** The host's cookies as name/value pairs. */
  pairs(host: string): Array<[string, string]> {
    return [...(this.jars.get(host) ?? [])];
  }

  header(host: string): string | null {
    const jar = this.jars.get(host);
    if (!jar || jar.size === 0) return null;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
