import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from './i18n';

export function Forbidden() {
  const t = useT();
  return (
    <div data-testid="forbidden">
      <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.body')}
        extra={<Link to="/"><Button type="primary">{t('forbidden.home')}</Button></Link>} />
    </div>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <div data-testid="not-found">
      <Result status="404" title={t('notFound.title')} subTitle={t('notFound.body')}
        extra={<Link to="/"><Button type="primary">{t('forbidden.home')}</Button></Link>} />
    </div>
  );
}
