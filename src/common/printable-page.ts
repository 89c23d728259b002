import path from 'node:path';
import { createRequire } from 'node:module';
import express, { type Request, type RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.ts';

/**
 * Printable A4 pages in Chinese (the agreement form, village notices): served by this server with
 * its own font (Noto Sans SC from @fontsource/noto-sans-sc) under a policy that lets nothing be
 * fetched from elsewhere — villages and government networks are often offline.
 */
export const FONT_PATH = '/assets/noto-sans-sc';

/** Noto Sans SC's stylesheets and files, from the npm package, under FONT_PATH. */
export function fontAssets(): RequestHandler {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@fontsource/noto-sans-sc/400.css'));
  return express.static(dir, { index: false, immutable: true, maxAge: '30d', fallthrough: false });
}

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The head of a printable page: title, the font, the A4 page and the shared styles. */
export function pageHead(title: string, style: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${FONT_PATH}/400.css"><link rel="stylesheet" href="${FONT_PATH}/700.css">
<style>
@page { size: A4; margin: 16mm 18mm; }
body { font-family: 'Noto Sans SC', sans-serif; font-size: 11pt; line-height: 1.6; color: #111; max-width: 174mm; margin: 0 auto; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 2mm; letter-spacing: 2pt; }
h2 { font-size: 12pt; margin: 4mm 0 1mm; }
table { width: 100%; border-collapse: collapse; }
td, th { border: 1px solid #555; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #f0f0f0; font-weight: 700; }
footer { margin-top: 5mm; font-size: 9pt; color: #444; border-top: 1px solid #999; padding-top: 2mm; }
${style}
</style></head><body>`;
}

/** What a page's renderer answers: the HTML, or a status and a plain message. */
export type PageResult = { html: string } | { status: number; message: string };

/**
 * GET handler of a printable page for the same Authorization header as the API: `contextOf`
 * authenticates the request as the API does; `render` reads what the viewer may read.
 */
export function printablePage(
  contextOf: (authorization: string | undefined) => Promise<Context>,
  render: (ctx: Context, req: Request) => Promise<PageResult>,
): RequestHandler {
  return async (req, res) => {
    const fail = (status: number, message: string) =>
      res.status(status).type('text/plain; charset=utf-8').send(message);
    let ctx: Context;
    try {
      ctx = await contextOf(req.headers.authorization);
    } catch (error) {
      return void fail(401, error instanceof GraphQLError ? error.message : 'The token is not valid');
    }
    if (!ctx.viewer.authenticated) return void fail(401, 'Sign in to read this page');
    const page = await render(ctx, req);
    if ('status' in page) return void fail(page.status, page.message);
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy':
          "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self'",
      })
      .send(page.html);
  };
}
