package bindercheck.impl.driver;

import bindercheck.impl.wire.Br;

/**
 * Why a {@code binder_transaction} call failed: the BR_ word it reports ({@code return_error}),
 * the extended-error param ({@code return_error_param}) and the check of docs/driver.md §3.3
 * that failed (R1-R6, T1-T5, C3-C14), for messages and traces.
 */
record TxnFailure(Br returnError, int param, String check) {
}
