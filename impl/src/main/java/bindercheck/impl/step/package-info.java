/**
 * Step reporting: the impl names each step it takes ({@link bindercheck.impl.step.StepKind}, one
 * constant per step of every spec, the trace label) and hands it to a listener: the allocator's
 * {@link bindercheck.impl.step.AllocStep} to a {@link bindercheck.impl.step.StepListener}, the
 * driver's {@code DriverStep} to a {@code bindercheck.impl.driver.DriverListener}. A checker tests
 * every step against the spec without the impl knowing it is checked.
 */
package bindercheck.impl.step;
