// onscan.js ships no types; only what the replay page uses.
declare module 'onscan.js' {
  interface OnScanOptions {
    onScan?: (code: string, qty: number) => void;
    minLength?: number;
    avgTimeByChar?: number;
    timeBeforeScanTest?: number;
    suffixKeyCodes?: number[];
    preventDefault?: boolean;
    stopPropagation?: boolean;
    captureEvents?: boolean;
    reactToKeydown?: boolean;
  }
  const onScan: { attachTo(el: EventTarget, options: OnScanOptions): unknown };
  export default onScan;
}
