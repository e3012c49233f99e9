package bindercheck.properties.trace;

import bindercheck.model.tlc.TlaValue;
import java.util.Map;

/**
 * A smaller model of the same spec that a trace can name instead of the one its run was checked against, found once
 * the run is over. A spec whose variables are functions of pools that a model sizes (Binder.tla's transaction ids and
 * buffer slots: 64 and 48 for a checked scenario) has every free record of the pools in every state; a run that used
 * few of them is, step for step, also a behaviour of the model whose pools are just large enough that none runs out,
 * and its states in that model are the checked states restricted to the smaller pools. The ITF writer keeps the
 * states aside while the run goes, each restricted to what the states so far use ({@link #soFar}; the rest of a pool
 * is free records), then writes them in the smaller model ({@link #vars}; {@link TraceFormat#ITF}).
 *
 * @param <S> the state as the mirror holds it
 */
public interface Narrowing<S> {
    /** Notes what of the pools {@code state} uses. */
    void see(S state);

    /** The smaller model's constants, given the checked model's (the same map if no smaller model holds the states). */
    Map<String, TlaValue> constants(Map<String, TlaValue> checked);

    /**
     * The variables of the state last {@linkplain #see seen} (as {@link SpecView#vars} gives them) restricted to the
     * part of the pools the states so far have used: what the writer keeps aside.
     */
    Map<String, TlaValue> soFar(Map<String, TlaValue> vars);

    /** A state's variables as {@link #soFar} gave them, in the smaller model (its free records filled in). */
    Map<String, TlaValue> vars(Map<String, TlaValue> soFar);
}
