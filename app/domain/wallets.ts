// The wallet a customer paid with, by the name on its app, from the acquirer's pspName (Antom
// sends codes such as ALIPAY_CN). Staff and receipts say "Alipay" or "GCash", never a raw code.
const BRANDS: Readonly<Record<string, string>> = {
  ALIPAY_CN: 'Alipay',
  ALIPAYCN: 'Alipay',
  ALIPAY: 'Alipay',
  ALIPAY_HK: 'AlipayHK',
  ALIPAYHK: 'AlipayHK',
  ALIPAY_PLUS: 'Alipay+',
  GCASH: 'GCash',
  DANA: 'DANA',
  TRUEMONEY: 'TrueMoney',
  TNG: 'Touch ’n Go eWallet',
  TOUCHNGO: 'Touch ’n Go eWallet',
  KAKAOPAY: 'KakaoPay',
  NAVERPAY: 'Naver Pay',
  NAVER_PAY: 'Naver Pay',
  TOSSPAY: 'Toss Pay',
  TOSS: 'Toss Pay',
  BKASH: 'bKash',
  EASYPAISA: 'easypaisa',
  RABBIT_LINE_PAY: 'Rabbit LINE Pay',
  RABBITLINEPAY: 'Rabbit LINE Pay',
  BOOST: 'Boost',
  MPAY: 'MPay',
  PAYPAY: 'PayPay',
  HIPAY: 'HiPay',
  OVO: 'OVO',
  MAYA: 'Maya',
  PAYMAYA: 'Maya',
  KPLUS: 'K PLUS',
  ZALOPAY: 'ZaloPay',
  LINEPAY: 'LINE Pay',
};

/**
 * The brand name of a wallet. An unknown code (a partner added after this build) is spelt as
 * words ("NEW_WALLET" → "New Wallet") rather than shown raw; null when the acquirer named none.
 */
export function walletBrand(pspName: string | null | undefined): string | null {
  const code = String(pspName ?? '').trim();
  if (!code) return null;
  const known = BRANDS[code.toUpperCase()];
  if (known) return known;
  // Already a brand name as people write it (mixed case): leave it alone.
  if (!/^[A-Z0-9_\s]+$/.test(code)) return code;
  return code
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** A long acquirer payment id shortened for a screen: first 6 … last 6 (the copy button gives it whole). */
export function shortPaymentId(id: string): string {
  return id.length <= 16 ? id : `${id.slice(0, 6)}…${id.slice(-6)}`;
}
