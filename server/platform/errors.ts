import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z, ZodError } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { pickLocale, translate, type Locale } from '../../contracts/i18n';

export interface FieldError { path: string; message: string }

/**
 * A refused field: `code` is an i18n key under `errors.` filled by `params`; or, for a zod issue that has
 * no key of its own, `issue` — worded when the reply is made (field label and zod's words, in the request's language).
 */
export interface AppFieldError { path: string; code: string; params?: Record<string, string | number>; issue?: z.core.$ZodIssue }

/** The one error type: `code` is an i18n key under `errors.`; details fill its placeholders. */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    public readonly details: { params?: Record<string, string | number>; fields?: AppFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('notFound', 404);
export const conflict = (code = 'conflict') => new AppError(code, 409);

export function localeOf(req: FastifyRequest): Locale {
  return pickLocale(req.headers['accept-language']);
}

const zodLocales: Record<Locale, { localeError: (issue: never) => unknown }> = {
  'zh-CN': z.locales.zhCN(),
  'en-US': z.locales.en(),
};

function fieldLabel(locale: Locale, path: (string | number | symbol)[]): string {
  const name = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  const label = name ? translate(locale, `fields.${name}`) : '';
  return label && !label.startsWith('fields.') ? label : path.map(String).join('.');
}

/** zod issues as `{path, message}` with the field's name in the request's language. */
export function zodFieldErrors(locale: Locale, issues: readonly z.core.$ZodIssue[], prefix: string[] = []): FieldError[] {
  return issues.map((issue) => {
    // A refinement names its own message key in params.i18n (zod's locales cannot know it).
    const own = issue.code === 'custom' ? (issue.params as { i18n?: string } | undefined) : undefined;
    const raw = own?.i18n ? translate(locale, `errors.${own.i18n}`, own as Record<string, string | number>) : zodLocales[locale].localeError(issue as never);
    const text = typeof raw === 'string' ? raw : (raw as { message?: string })?.message ?? issue.message;
    const path = [...prefix, ...issue.path.map(String)];
    const sep = locale === 'zh-CN' ? '：' : ': ';
    return { path: path.join('.'), message: `${fieldLabel(locale, issue.path as (string | number)[])}${sep}${text}` };
  });
}

export function sendError(reply: FastifyReply, req: FastifyRequest, status: number, code: string, params?: Record<string, string | number>, fields?: FieldError[], correlationId?: string) {
  const locale = localeOf(req);
  return reply.status(status).send({
    error: { code, message: translate(locale, `errors.${code}`, params), ...(fields?.length ? { fields } : {}), ...(correlationId ? { correlationId } : {}) },
  });
}

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | ZodError | Error, req, reply) => {
    const locale = localeOf(req);
    if (err instanceof AppError) {
      if (err.details.headers) reply.headers(err.details.headers);
      const fields = err.details.fields?.map((f) => ({
        path: f.path,
        message: f.issue ? zodFieldErrors(locale, [f.issue])[0].message : translate(locale, `errors.${f.code}`, f.params),
      }));
      return sendError(reply, req, err.status, err.code, err.details.params, fields);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        ...(v.params as object), code: v.keyword, message: v.message,
        path: v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      })) as unknown as z.core.$ZodIssue[];
      const prefix = err.validationContext && err.validationContext !== 'body' ? [err.validationContext] : [];
      return sendError(reply, req, 400, 'validation', undefined, zodFieldErrors(locale, issues, prefix));
    }
    if (err instanceof ZodError) return sendError(reply, req, 400, 'validation', undefined, zodFieldErrors(locale, err.issues));
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) return sendError(reply, req, 400, 'badJson');
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return sendError(reply, req, 413, 'tooLarge');
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) return sendError(reply, req, 415, 'unsupportedMediaType');
    if (fe.statusCode === 429) return sendError(reply, req, 429, 'auth.throttled', { seconds: 60 });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, req, fe.statusCode, 'validation');
    const id = randomUUID();
    req.log.error({ err, correlationId: id }, 'unhandled error');
    return sendError(reply, req, 500, 'internal', { id }, undefined, id);
  });
}

/** Postgres unique violations → 409 naming the field; other db errors pass through. */
export function pgErrorCode(e: unknown): { code?: string; constraint?: string } {
  const err = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return err?.cause?.code ? err.cause : err;
}
