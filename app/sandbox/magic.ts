// Magic amounts: a pay for exactly one of these amounts (AED, in fils) gets the listed result from
// the sandbox acquirer, so every row of ACQUIRER.md's result table can be produced on demand
// (tests, demos, the installer checking the terminal's words). All sit at AED 9,000.xx: a till
// ringing up real sales will not hit them by accident. README "Sandbox acquirer" lists them.

export type MagicBehaviour =
  /** Answer F with `resultCode`; the payment is recorded as failed (inquiry says FAIL). */
  | 'fail'
  /** Money moves, but the pay answers U; inquiry (or resending the pay) says SUCCESS. */
  | 'unknown_then_success'
  /** Answer U; the payment stays PROCESSING on every inquiry until it is cancelled. */
  | 'unknown_forever'
  /** Answer U; inquiry says FAIL (USER_BALANCE_NOT_ENOUGH): nothing was charged. */
  | 'unknown_then_fail'
  /** Answer U and register nothing: inquiry and cancel say ORDER_NOT_EXIST. */
  | 'unknown_not_registered';

export interface MagicAmount {
  /** Fils. */
  minor: number;
  resultStatus: 'F' | 'U';
  resultCode: string;
  behaviour: MagicBehaviour;
}

const fail = (minor: number, resultCode: string): MagicAmount => ({ minor, resultStatus: 'F', resultCode, behaviour: 'fail' });

export const MAGIC_AMOUNTS: readonly MagicAmount[] = [
  // Declined by the wallet
  fail(900001, 'USER_BALANCE_NOT_ENOUGH'),
  fail(900002, 'USER_AMOUNT_EXCEED_LIMIT'),
  fail(900003, 'PAYMENT_AMOUNT_EXCEED_LIMIT'),
  fail(900004, 'PAYMENT_COUNT_EXCEED_LIMIT'),
  fail(900005, 'USER_STATUS_ABNORMAL'),
  fail(900006, 'USER_NOT_EXIST'),
  fail(900007, 'USER_KYC_NOT_QUALIFIED'),
  fail(900008, 'USER_PAYMENT_VERIFICATION_FAILED'),
  fail(900009, 'VERIFY_TIMES_EXCEED_LIMIT'),
  // The code itself
  fail(900011, 'EXPIRED_CODE'),
  fail(900012, 'INVALID_CODE'),
  fail(900013, 'INVALID_PAYMENT_CODE'),
  // Risk
  fail(900021, 'RISK_REJECT'),
  fail(900022, 'FRAUD_REJECT'),
  fail(900023, 'SUSPECTED_RISK'),
  // Closed order
  fail(900031, 'ORDER_IS_CLOSED'),
  // Configuration or acquirer failure
  fail(900041, 'PARAM_ILLEGAL'),
  fail(900042, 'INVALID_SIGNATURE'),
  fail(900043, 'KEY_NOT_FOUND'),
  fail(900044, 'CLIENT_INVALID'),
  fail(900045, 'ACCESS_DENIED'),
  fail(900046, 'INVALID_CONTRACT'),
  fail(900047, 'CURRENCY_NOT_SUPPORT'),
  fail(900048, 'MERCHANT_NOT_REGISTERED'),
  fail(900049, 'PROCESS_FAIL'),
  fail(900050, 'SYSTEM_ERROR'),
  // Unknown outcomes
  { minor: 900061, resultStatus: 'U', resultCode: 'PAYMENT_IN_PROCESS', behaviour: 'unknown_then_success' },
  { minor: 900062, resultStatus: 'U', resultCode: 'PAYMENT_IN_PROCESS', behaviour: 'unknown_forever' },
  { minor: 900063, resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', behaviour: 'unknown_then_success' },
  { minor: 900064, resultStatus: 'U', resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT', behaviour: 'unknown_not_registered' },
  { minor: 900065, resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', behaviour: 'unknown_then_fail' },
];

const byMinor = new Map(MAGIC_AMOUNTS.map((m) => [m.minor, m]));

export function magicFor(minor: number): MagicAmount | undefined {
  return byMinor.get(minor);
}
