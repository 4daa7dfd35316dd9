import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, download, type Query } from '../api/client';
import { useI18n } from '../app/i18n';

/** Downloads a list's .xlsx export with the list's filters (the server names the file). */
export function ExportButton({ path, query, size = 'large' }: { path: string; query: Query; size?: 'small' | 'middle' | 'large' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const name = await download(path, query);
      message.success(t('common.exportDone', { name }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally { setBusy(false); }
  };
  return <Button size={size} icon={<DownloadOutlined />} onClick={run} loading={busy} data-testid="export-button">{t('common.export')}</Button>;
}
