import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { useI18n } from '../../../app/i18n';

/** The approval inbox links to a waiver request: open the damage report it belongs to. */
export default function DamageWaiverRedirect() {
  const { t } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['damage-reports', 'waiver', id], queryFn: ({ signal }) => api<{ reportId: number }>(`/damage-reports/waivers/${id}`, { signal }), retry: false });
  useEffect(() => { if (q.data) navigate(`/assets/damage/${q.data.reportId}`, { replace: true }); }, [q.data, navigate]);
  if (q.isError) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  return <Skeleton active />;
}
