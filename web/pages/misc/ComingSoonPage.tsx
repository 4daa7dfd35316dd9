import { useParams } from 'react-router';
import { Result } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { SOON_KEYS } from '../../app/nav';
import { NotFound } from '../../app/Forbidden';
import { useI18n } from '../../app/i18n';

/** The labelled place of a module still to come: no data, no fake figures. */
export default function ComingSoonPage() {
  const { t } = useI18n();
  const { module = '' } = useParams();
  if (!(SOON_KEYS as readonly string[]).includes(module)) return <NotFound />;
  const name = t(`menu.${module}`);
  return (
    <div data-testid="coming-soon">
      <Result icon={<ClockCircleOutlined style={{ color: '#8c8c8c' }} />} title={t('soon.title', { name })}
        subTitle={t('soon.body', { name })} />
    </div>
  );
}
