import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** Built web app folder: the inline scripts of its index.html are allowed by hash, nothing else inline. */
  webDir: string;
  /** The media service's WebSocket, which the browser connects to besides its own origin. */
  mediaSignallingUrl: string;
  /** Strict-Transport-Security max-age in seconds; 0 sends none. Only ever sent on requests that came over TLS. */
  hstsMaxAgeSeconds: number;
}

/** 'sha256-…' sources of every inline <script> in the built index.html (the build's stylesheet loader). */
export function inlineScriptHashes(webDir: string): string[] {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return [];
  const html = readFileSync(index, 'utf8');
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .filter(([, body]) => body.length > 0)
    .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

/**
 * Helmet's headers with a CSP the Angular app works with: scripts only from the origin (plus the build's own
 * inline loader by hash), styles inline because Angular injects component styles at run time, images and media
 * from blob: (frames are fetched with the bearer token and shown as object URLs), no one may frame the portal;
 * it frames only object URLs of its own (the report's sign preview PDF).
 */
export function securityHeaders({ webDir, mediaSignallingUrl, hstsMaxAgeSeconds }: SecurityHeaderOptions): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(webDir)],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Course material may name an https address (lesson and question media); nothing else leaves the portal.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'blob:', new URL(mediaSignallingUrl).origin],
        frameSrc: ['blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Sent below, and only over TLS: over plain HTTP a browser ignores it, and a wrong one locks users out.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  const hsts = (req: Request, res: Response, next: NextFunction) => {
    // req.secure honours X-Forwarded-Proto only from the proxies trusted by OASIS_TRUST_PROXY.
    if (hstsMaxAgeSeconds > 0 && req.secure) res.setHeader('Strict-Transport-Security', `max-age=${hstsMaxAgeSeconds}; includeSubDomains`);
    next();
  };
  return [headers, hsts];
}
