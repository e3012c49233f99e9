package bindercheck.properties.scenario;

/** A syntax error inside one step; the parser adds the file and line. */
final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String reason) {
        super(reason, null, false, false);
    }
}
