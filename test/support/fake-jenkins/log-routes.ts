/**
 * A build's console, after Jenkins core's AnnotatedLargeText.doProgressiveText:
 * `<build>/logText/progressiveText?start=<byte offset>` answers the bytes from `start` as
 * text/plain, with `X-Text-Size` (where the next read starts) and `X-More-Data: true` while the
 * build may still write.
 */
import { text, type Route } from './fake-jenkins.js';

export const logRoutes: Route[] = [
  {
    method: 'GET',
    path: /^(\d+)\/logText\/progressiveText$/,
    kind: 'log',
    handle(fake, ctx, m) {
      const build =
        ctx.jobPath.length === 2 ? fake.build(ctx.jobPath[0]!, ctx.jobPath[1]!, Number(m[1])) : undefined;
      if (!build) return text(ctx.res, 404, 'Not Found');
      const start = Math.max(0, Number(ctx.url.searchParams.get('start') ?? 0) || 0);
      const log = build.log;
      const headers: Record<string, string> = { 'x-text-size': String(Math.max(start, log.length)) };
      if (build.building) headers['x-more-data'] = 'true';
      text(ctx.res, 200, log.subarray(Math.min(start, log.length)).toString('utf8'), headers);
    },
  },
];
