// Customer display: Simplified Chinese first, English beneath (the shop's tourists read zh-CN).
export const customerMessages = {
  welcome: { zh: '欢迎光临', en: 'Welcome' },
  total: { zh: '应付金额', en: 'Amount due' },
  indicative: { zh: '约合人民币（仅供参考）', en: 'Approx. CNY (indicative only)' },
  scanQr: { zh: '请使用支付宝扫码支付', en: 'Scan with Alipay to pay' },
  expiresIn: { zh: '{s} 秒后失效', en: 'Expires in {s} s' },
  showCode: { zh: '请出示支付宝付款码', en: 'Please show your Alipay payment code' },
  processing: { zh: '支付处理中，请稍候', en: 'Processing your payment, please wait' },
  checking: { zh: '正在确认支付结果', en: 'Confirming the payment' },
  succeeded: { zh: '支付成功', en: 'Payment successful' },
  failed: { zh: '支付未成功', en: 'Payment not completed' },
  refreshCode: { zh: '请刷新付款码后重试', en: 'Please refresh your payment code and try again' },
  expired: { zh: '付款码已过期，请刷新', en: 'The code expired, please refresh it' },
  cancelled: { zh: '支付已取消', en: 'Payment cancelled' },
  cancelling: { zh: '正在取消支付', en: 'Cancelling the payment' },
  attention: { zh: '请稍候，店员正在处理', en: 'Please wait, the staff will assist you' },
  thanks: { zh: '谢谢惠顾', en: 'Thank you' },
  sandbox: { zh: '测试环境 — 不会扣款', en: 'SANDBOX — no real payment' },
} as const;
export type CustomerKey = keyof typeof customerMessages;
