/**
 * Step reporting: the impl names each step it takes ({@link bindercheck.impl.step.StepKind}) and
 * hands it to a {@link bindercheck.impl.step.StepListener}, so that a checker can test every step
 * against the spec without the impl knowing it is checked.
 */
package bindercheck.impl.step;
