import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPage, UnreadCount } from '../../../contracts/notifications';
import type { MyTasks } from '../../../contracts/tasks';
import { api } from '../../api/client';
import type { Locale } from '../../../contracts/i18n';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  latest: (locale: Locale) => ['notifications', 'latest', locale] as const,
};

/** The unread count, polled every 30 s while the page is visible. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api<UnreadCount>('/notifications/unread-count', { signal }),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
  });
}

/** The latest 10, in the UI language (titles are rendered by the server). */
export function useLatestNotifications(locale: Locale, enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.latest(locale),
    queryFn: ({ signal }) => api<NotificationPage>('/notifications', { query: { limit: 10 }, signal }),
    enabled,
    staleTime: 0,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/notifications/${id}/read`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ updated: number }>('/notifications/read-all', { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMyTasks(scope: 'today' | 'all', locale: Locale) {
  return useQuery({
    queryKey: ['tasks', 'mine', scope, locale] as const,
    queryFn: ({ signal }) => api<MyTasks>('/tasks/mine', { query: { scope }, signal }),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}
