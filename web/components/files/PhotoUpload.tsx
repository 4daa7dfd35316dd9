import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Image, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { CameraOutlined, FilePdfOutlined, FileOutlined } from '@ant-design/icons';
import type { FileRef, StoredFile } from '../../../contracts/files';
import { api, upload, ApiError } from '../../api/client';
import { useT } from '../../app/i18n';
import { useIsPhone } from '../useIsPhone';

/** Photos are shrunk in the browser to this long side before upload: a phone's 4000 px, 5 MB photo becomes ~300 KB. */
const MAX_SIDE = 1280;
const QUALITY = 0.8;
/** Small enough already: sent as it is. */
const SMALL_BYTES = 400 * 1024;

/**
 * A photo shrunk to ≤ 1280 px (JPEG 0.8: a fault photo needs no more, and phones on a school's Wi-Fi upload it in a moment), upright (the browser applies EXIF orientation when
 * decoding) and without its EXIF (no GPS position leaves the phone). PDFs, small images and anything
 * the browser cannot decode go unchanged: the server has the last word on the type.
 */
export async function shrinkImage(file: File): Promise<File> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SMALL_BYTES) return file;
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.fillStyle = '#fff'; // a transparent PNG turns white, not black, as a JPEG
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || (scale === 1 && blob.size >= file.size)) return file;
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

export interface PhotoUploadProps {
  /** The uploaded files' ids, in order (a Form.Item value). */
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** At most this many files (repairs: 6). */
  max?: number;
  /** Also accept PDF documents (quotes, invoices), not only photos. */
  allowPdf?: boolean;
  /** On phones, open the back camera directly; false lets people pick from the gallery too. */
  camera?: boolean;
  disabled?: boolean;
  /** Files the page already knows (an edited record's), so their thumbnails show without a lookup. */
  known?: FileRef[];
}

type Item = UploadFile<StoredFile>;

const itemOf = (f: FileRef): Item => ({
  // `type` tells antd a PDF is no picture (it would otherwise try to show the URL as one).
  uid: f.id, name: f.name, status: 'done', url: f.url, thumbUrl: f.thumbnailUrl ?? undefined, type: f.mime, response: f as StoredFile,
});
const idOf = (i: Item) => (i.status === 'done' ? i.response?.id ?? null : null);

/**
 * Photos for a form, phone first: pick or shoot, each is shrunk and uploaded at once (with
 * progress), thumbnails show as they arrive, the form's value is the list of file ids. A refused
 * file stays in the list marked red, with the server's reason under it.
 */
export function PhotoUpload({ value, onChange, max: maxCount = 6, allowPdf = false, camera = true, disabled, known }: PhotoUploadProps) {
  const t = useT();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [items, setItems] = useState<Item[]>(() => (known ?? []).filter((f) => value?.includes(f.id)).map(itemOf));
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const lastEmitted = useRef<string[] | undefined>(value);

  const update = (fn: (prev: Item[]) => Item[], emit: boolean) => {
    const next = fn(itemsRef.current);
    itemsRef.current = next;
    setItems(next);
    if (emit) {
      const ids = next.map(idOf).filter((x): x is string => !!x);
      lastEmitted.current = ids;
      onChange?.(ids);
    }
  };

  // The form may set the value from outside (an edited record, a reset): show exactly those files.
  const valueKey = (value ?? []).join(',');
  useEffect(() => {
    const ids = value ?? [];
    if (lastEmitted.current && lastEmitted.current.join(',') === valueKey) return;
    lastEmitted.current = ids;
    const have = new Map(itemsRef.current.filter((i) => idOf(i)).map((i) => [idOf(i)!, i]));
    const knownById = new Map((known ?? []).map((f) => [f.id, f]));
    const pending = itemsRef.current.filter((i) => i.status === 'uploading');
    const kept = ids.map((id) => have.get(id) ?? (knownById.has(id) ? itemOf(knownById.get(id)!) : null));
    update(() => [...kept.filter((i): i is Item => !!i), ...(ids.length ? pending : [])], false);
    const missing = ids.filter((id, n) => !kept[n]);
    if (!missing.length) return;
    let cancelled = false;
    void api<{ items: StoredFile[] }>('/files', { query: { ids: missing.join(',') } }).then((res) => {
      if (cancelled) return;
      const found = new Map(res.items.map((f) => [f.id, f]));
      update((prev) => {
        const byId = new Map(prev.filter((i) => idOf(i)).map((i) => [idOf(i)!, i]));
        const ordered = ids.flatMap((id) => (byId.get(id) ? [byId.get(id)!] : found.get(id) ? [itemOf(found.get(id)!)] : []));
        return [...ordered, ...prev.filter((i) => !idOf(i))];
      }, false);
    }).catch(() => { /* the thumbnails stay missing; the ids are still the value */ });
    return () => { cancelled = true; };
  }, [valueKey]); // follows the value only: `known` and `value` are read as they are at that moment

  const customRequest: UploadProps<StoredFile>['customRequest'] = (options) => {
    const raw = options.file as File;
    void (async () => {
      try {
        const file = await shrinkImage(raw);
        const stored = await upload<StoredFile>('/files', file, {}, (percent) => options.onProgress?.({ percent: Math.min(percent, 99) }));
        options.onSuccess?.(stored);
      } catch (e) {
        const text = e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].filter((m, i, a) => a.indexOf(m) === i).join('；') : t('files.failed');
        options.onError?.(Object.assign(new Error(text), { status: e instanceof ApiError ? e.status : 0 }));
      }
    })();
  };

  const handleChange: UploadProps<StoredFile>['onChange'] = ({ file, fileList }) => {
    if (file.status === 'error') {
      const text = typeof file.response === 'string' ? file.response : file.error?.message ?? t('files.failed');
      setError(text);
      message.error(text);
    }
    if (file.status === 'done') setError(null);
    const next = fileList.map((i) => (i.status === 'done' && i.response ? { ...i, url: i.response.url, thumbUrl: i.response.thumbnailUrl ?? undefined, type: i.response.mime } : i));
    update(() => next, file.status === 'done' || file.status === 'removed');
  };

  const accept = allowPdf ? 'image/jpeg,image/png,image/webp,image/*,application/pdf' : 'image/*';
  const images = useMemo(() => items.filter((i) => i.status === 'done' && i.response?.thumbnailUrl), [items]);
  const full = items.length >= maxCount;

  return (
    <div data-testid="photo-upload">
      <Upload<StoredFile>
        listType="picture-card"
        accept={accept}
        multiple={maxCount > 1}
        maxCount={maxCount}
        capture={camera && phone && !allowPdf ? 'environment' : undefined}
        disabled={disabled}
        fileList={items}
        customRequest={customRequest}
        onChange={handleChange}
        beforeUpload={(file, batch) => {
          // Counted here: antd's maxCount would silently drop the extra photos.
          const room = maxCount - itemsRef.current.length;
          if (batch.indexOf(file) >= room) {
            if (batch.indexOf(file) === room) message.warning(t('files.tooMany', { max: maxCount }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        onPreview={(file) => {
          const n = images.findIndex((i) => i.uid === file.uid);
          if (n >= 0) setPreview(n);
          else if (file.url) window.open(file.url, '_blank', 'noopener');
        }}
        showUploadList={{ showPreviewIcon: true, showRemoveIcon: !disabled }}
        iconRender={(file) => (file.type === 'application/pdf' ? <FilePdfOutlined style={{ color: '#cf1322' }} /> : <FileOutlined />)}
        locale={{ uploading: t('files.uploading'), uploadError: t('files.failed'), removeFile: t('files.remove') }}
        data-testid="photo-input"
      >
        {full || disabled ? null : (
          <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 4 }}>
            <CameraOutlined style={{ fontSize: 22 }} />
            <span style={{ fontSize: 12 }}>{t('files.addPhoto')}</span>
          </div>
        )}
      </Upload>
      {error && <Typography.Text type="danger" data-testid="photo-error" style={{ display: 'block', marginTop: 4 }}>{error}</Typography.Text>}
      <Image.PreviewGroup
        items={images.map((i) => i.url!)}
        preview={{ open: preview !== null, current: preview ?? 0, onOpenChange: (open) => { if (!open) setPreview(null); }, onChange: (n) => setPreview(n) }}
      />
    </div>
  );
}
