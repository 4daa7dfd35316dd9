import { useSyncExternalStore } from 'react';

/** Phone width (<= 576 px): lists become cards, forms and drawers go full width. */
const PHONE = '(max-width: 576px)';
/** Below a tablet's width the side menu becomes a drawer. */
const NARROW = '(max-width: 767px)';

function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

export const useIsPhone = () => useMedia(PHONE);
export const useIsNarrow = () => useMedia(NARROW);
