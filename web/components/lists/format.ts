import dayjs from 'dayjs';

/** An instant as the reader's local "YYYY-MM-DD HH:mm" (empty for none). */
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
