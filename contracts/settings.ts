import { z } from 'zod';

// Per-school settings of a module: `GET/PATCH /api/v1/settings/:module`.

/** What `GET /api/v1/settings/<module>` answers: the defaults merged under the stored values. */
export const SettingsView = z.object({
  module: z.string(),
  values: z.record(z.string(), z.unknown()),
  /** 0 until the school first saves; send it back with a change (409 when someone saved in between). */
  version: z.number().int(),
});
export type SettingsView<T = Record<string, unknown>> = Omit<z.infer<typeof SettingsView>, 'values'> & { values: T };

/** `PATCH /api/v1/settings/<module>`: only the keys to change. */
export const UpdateSettingsInput = z.object({
  values: z.record(z.string(), z.unknown()),
  version: z.number().int().min(0).optional(),
});
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInput>;

export const WEBHOOK_KINDS = ['wecom', 'dingtalk'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
/** The group-robot host of each kind (the server may be told another list for tests). */
export const WEBHOOK_HOSTS: Record<WebhookKind, string> = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' };

/** The platform's `notifications` settings: a WeCom or DingTalk group robot, or none. */
export const NotificationsSettings = z.object({
  webhookKind: z.enum(WEBHOOK_KINDS).nullable(),
  webhookUrl: z.string().trim().max(500).nullable(),
});
export type NotificationsSettings = z.infer<typeof NotificationsSettings>;
export const NOTIFICATIONS_SETTINGS_DEFAULTS: NotificationsSettings = { webhookKind: null, webhookUrl: null };
