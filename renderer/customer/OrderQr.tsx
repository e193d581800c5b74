import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** The order QR as an image, for the customer display and, with no display on, the cashier screen. */
export function OrderQr({ value, testId = 'customer-qr', className = 'customer-qr' }: { value: string; testId?: string; className?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Error correction M and the full 4-module quiet zone, as the Alipay+ QR guidance asks; 10 px
    // per module keeps a ~40-module code around 480 px, readable by a phone at arm's length.
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 4, scale: 10, color: { dark: '#000000', light: '#ffffff' } }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [value]);
  if (!src) return <div className="qr-placeholder" />;
  return <img className={className} data-testid={testId} src={src} alt="Alipay QR" data-value-length={value.length} />;
}
