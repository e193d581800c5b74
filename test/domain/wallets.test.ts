import { describe, expect, it } from 'vitest';
import { shortPaymentId, walletBrand } from '../../app/domain/wallets.ts';

describe('wallet names staff see', () => {
  it('are the brands on the customer’s phone, never the acquirer’s codes', () => {
    expect(walletBrand('ALIPAY_CN')).toBe('Alipay');
    expect(walletBrand('ALIPAY_HK')).toBe('AlipayHK');
    expect(walletBrand('GCASH')).toBe('GCash');
    expect(walletBrand('KAKAOPAY')).toBe('KakaoPay');
    expect(walletBrand('TRUEMONEY')).toBe('TrueMoney');
    // A partner added after this build is spelt as words, not shown raw.
    expect(walletBrand('NEW_PARTNER_WALLET')).toBe('New Partner Wallet');
    expect(walletBrand('AlipayCN')).toBe('Alipay');
    expect(walletBrand('ShopWallet')).toBe('ShopWallet');
    expect(walletBrand(null)).toBeNull();
    expect(walletBrand('  ')).toBeNull();
  });

  it('a long payment id is shortened to its ends; a short one is left whole', () => {
    expect(shortPaymentId('20261125194010800100188820212345678')).toBe('202611…345678');
    expect(shortPaymentId('PAY-1234')).toBe('PAY-1234');
  });
});
