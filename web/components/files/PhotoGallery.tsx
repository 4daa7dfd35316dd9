import type { CSSProperties, ReactNode } from 'react';
import { Image, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import type { FileRef } from '../../../contracts/files';
import { useT } from '../../app/i18n';

const tile = (size: number): CSSProperties => ({
  width: size, height: size, borderRadius: 6, border: '1px solid #f0f0f0', overflow: 'hidden',
  display: 'inline-flex', alignItems: 'center', justifyContent: 'center', background: '#fafafa',
});

/**
 * A record's photos as thumbnails; a tap opens the full picture (swipe through the others).
 * PDFs show as an icon that opens the document.
 */
export function PhotoGallery({ files, size = 88, empty }: { files: FileRef[]; size?: number; empty?: ReactNode }) {
  const t = useT();
  if (!files.length) return empty === undefined ? <Typography.Text type="secondary">{t('files.noFiles')}</Typography.Text> : <>{empty}</>;
  return (
    <div data-testid="photo-gallery" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Image.PreviewGroup>
        {files.map((f) => f.thumbnailUrl ? (
          <Image key={f.id} src={f.thumbnailUrl} alt={f.name} width={size} height={size}
            style={{ objectFit: 'cover', borderRadius: 6 }} preview={{ src: f.url }} />
        ) : (
          <a key={f.id} href={f.url} target="_blank" rel="noopener noreferrer" title={f.name} style={tile(size)}>
            <span style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, padding: 4, minWidth: 0 }}>
              <FilePdfOutlined style={{ fontSize: 28, color: '#cf1322' }} aria-label={t('files.pdf')} />
              <span style={{ fontSize: 11, color: '#595959', maxWidth: size - 8, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{f.name}</span>
            </span>
          </a>
        ))}
      </Image.PreviewGroup>
    </div>
  );
}
