// Whether a customer display is showing: counted, not flagged, because a browser may open the
// customer screen twice (two tabs) and closing one must not hide the QR from the other.
import type { DisplayPresence } from './ports.ts';

export function createDisplayPresence(onChange: (connected: boolean) => void): DisplayPresence {
  let count = 0;
  return {
    attach() {
      count += 1;
      if (count === 1) onChange(true);
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        count -= 1;
        if (count === 0) onChange(false);
      };
    },
    connected: () => count > 0,
  };
}
