package bindercheck.model.tlc;

import static bindercheck.model.tlc.TlaValue.fun;
import static bindercheck.model.tlc.TlaValue.model;
import static bindercheck.model.tlc.TlaValue.of;
import static bindercheck.model.tlc.TlaValue.record;
import static bindercheck.model.tlc.TlaValue.seq;
import static bindercheck.model.tlc.TlaValue.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import bindercheck.model.tlc.TlaValue.FunValue;
import bindercheck.model.tlc.TlaValue.OpaqueValue;
import bindercheck.model.tlc.TlaValue.RecordValue;
import bindercheck.model.tlc.TlaValue.SeqValue;
import bindercheck.model.tlc.TlaValue.SetValue;

class TlaValueParserTest {

    private static List<TlaValue> samples() {
        Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
        f.put(model("a"), of(-3));
        f.put(model("b"), seq());
        Map<TlaValue, TlaValue> g = new LinkedHashMap<>();
        g.put(seq(of(1), of("x")), set(of(true)));
        g.put(set(), record("k", of("v")));
        return List.of(
                of(0), of(42), of(-7), of(Integer.MAX_VALUE), of(Integer.MIN_VALUE), of(Long.MIN_VALUE),
                of(""), of("plain"), of("quote \" and backslash \\ and \\\" both"), of("tab\tnl\ncr\rff\f"),
                of("  leading and trailing  "), of("unicode üñí"), of("<<not a seq>> {x} [a |-> 1]"),
                of(true), of(false), model("p1"), model("Nat"), model("_x9"),
                seq(), set(), seq(of(1), of(2), of(3)), set(of(3), of(1), of(2)),
                seq(seq(seq(seq(of(1))))), set(set(), set(of(1)), set(of(1), of(2))),
                record("a", of(1), "b", seq(of("s\"q"), set(of(1), of(2)))),
                record("zz", of(1), "aa", of(2)),
                record("r", record("s", set(seq(of(1), of("x"))))),
                fun(f), fun(g), fun(Map.of(of(5), of(6))),
                seq(record("op", of("BC_TRANSACTION"), "from", model("p1"), "q", seq(of(1), of(-2))),
                        record("op", of("BC_REPLY"), "data", fun(f))),
                new OpaqueValue("[n \\in Nat |-> <expression line 4, col 31 to line 4, col 31 of module W>]"));
    }

    @Test
    void roundTripsHandPickedValues() {
        for (TlaValue v : samples()) {
            TlaValue back = TlaValueParser.parse(v.toTla());
            assertEquals(v, back, () -> "round trip of " + v.toTla());
            assertEquals(v.hashCode(), back.hashCode(), () -> "hash of " + v.toTla());
            assertEquals(v.toTla(), back.toTla());
        }
    }

    @Test
    void roundTripsRandomValues() {
        Random rnd = new Random(1234);
        for (int i = 0; i < 2000; i++) {
            TlaValue v = random(rnd, 4);
            TlaValue back = TlaValueParser.parse(v.toTla());
            assertEquals(v, back, () -> "round trip of " + v.toTla());
            assertEquals(v.hashCode(), back.hashCode());
        }
    }

    @Test
    void roundTripsThroughTheMultiLineLayoutOfTraceModuleWriter() {
        Random rnd = new Random(99);
        for (int i = 0; i < 300; i++) {
            TlaValue v = random(rnd, 5);
            String module = TraceModuleWriter.render("M", List.of(), List.of(), Map.of("V", v));
            String body = module.substring(module.indexOf("V ==") + 4, module.lastIndexOf("===="));
            assertEquals(v, TlaValueParser.parse(body), () -> "layout:\n" + module);
        }
    }

    private static TlaValue random(Random rnd, int depth) {
        int kind = depth <= 0 ? rnd.nextInt(4) : rnd.nextInt(8);
        switch (kind) {
            case 0:
                return of(rnd.nextInt(2001) - 1000);
            case 1: {
                String alphabet = "ab \"\\\n\tz{}<>[]|->@:,";
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                return of(sb.toString());
            }
            case 2:
                return of(rnd.nextBoolean());
            case 3:
                return model("m" + rnd.nextInt(3));
            case 4: {
                List<TlaValue> l = new ArrayList<>();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(random(rnd, depth - 1));
                }
                return seq(l);
            }
            case 5: {
                List<TlaValue> l = new ArrayList<>();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(random(rnd, depth - 1));
                }
                return set(l);
            }
            case 6: {
                Map<String, TlaValue> m = new LinkedHashMap<>();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.put("f" + rnd.nextInt(10), random(rnd, depth - 1));
                }
                return record(m);
            }
            default: {
                Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.put(random(rnd, 1), random(rnd, depth - 1));
                }
                // avoid domains that are exactly 1..n or all strings: TLC would print those differently,
                // but the value and equality are the same either way
                return fun(m);
            }
        }
    }

    /** Values copied from TLC 2.18 -tool output. */
    @Test
    void parsesRealTlcOutput() {
        TlaValue y = TlaValueParser.parse("[a |-> 1, b |-> <<\"s\\\"q\", {1, 2}>>, c |-> <<\"a\", \"b\">>, "
                + "d |-> <<2, 4, 6>>]");
        assertEquals(1, y.field("a").asLong());
        assertEquals("s\"q", y.field("b").asSeq().get(0).asString());
        assertEquals(set(of(2), of(1)), y.field("b").asSeq().get(1));
        assertEquals(List.of(of(2), of(4), of(6)), y.field("d").asSeq());

        TlaValue x = TlaValueParser.parse("(a :> -3 @@ b :> -3)");
        assertInstanceOf(FunValue.class, x);
        assertEquals(-3, x.apply(model("a")).asLong());

        TlaValue mixed = TlaValueParser.parse("<<{}, <<>>, << >>, \"back\\\\slash \\\"q\\\" tab\\t nl\\n\", {a, b}, -5, "
                + "TRUE, FALSE, [r |-> [s |-> {<<1, \"x\">>}]], (0 :> 0 @@ 1 :> 1 @@ 2 :> 2), "
                + "[p |-> {\"p\"}, q |-> {\"q\"}], {{}, {1}, {2}, {1, 2}}, 1..3, {\"a\", \"b\", \"c\"}, "
                + "(1 :> 2 @@ 3 :> 1), [zz |-> 1, aa |-> 2], 8>>");
        List<TlaValue> m = mixed.asSeq();
        assertEquals(17, m.size());
        assertEquals(set(), m.get(0));
        assertEquals(seq(), m.get(2));
        assertEquals("back\\slash \"q\" tab\t nl\n", m.get(3).asString());
        assertEquals(set(model("a"), model("b")), m.get(4));
        assertEquals(-5, m.get(5).asLong());
        assertTrue(m.get(6).asBool());
        assertEquals(set(of(1), of(2), of(3)), m.get(12));
        assertEquals(List.of("zz", "aa"), List.copyOf(((RecordValue) m.get(15)).fields().keySet()));

        // TLC's multi-line layout of long values
        String multi = """
                << [ name |-> "proc",
                     id |-> 1,
                     todo |-> <<"a", "b", "c", "d", "e">>,
                     refs |-> <<{1, 2, 3}>> ],
                   [ name |-> "proc",
                     id |-> 2,
                     todo |-> <<"a", "b", "c", "d", "e">>,
                     refs |-> (2 :> {1, 2, 3}) ] >>""";
        TlaValue procs = TlaValueParser.parse(multi);
        assertEquals(2, procs.asSeq().size());
        assertEquals(set(of(1), of(2), of(3)), procs.asSeq().get(1).field("refs").apply(of(2)));

        String fn = """
                [ alpha |->
                      ( 10 :> "alpha" @@
                        20 :> "alpha" ),
                  eta |->
                      (10 :> "eta" @@ 20 :> "eta") ]""";
        TlaValue z = TlaValueParser.parse(fn);
        assertEquals("eta", z.field("eta").apply(of(20)).asString());

        String spaced = """
                << {<<3, 3>>},
                   {[a |-> 1, b |-> "x"], [a |-> 2, b |-> "x"]},
                   0,
                   2147483647,
                   -2147483648 >>""";
        List<TlaValue> sp = TlaValueParser.parse(spaced).asSeq();
        assertEquals(Integer.MIN_VALUE, sp.get(4).asLong());

        TlaValue lambda = TlaValueParser.parse(
                "[n \\in Nat |-> <expression line 4, col 31 to line 4, col 31 of module W>]");
        assertInstanceOf(OpaqueValue.class, lambda);
        assertEquals(model("Nat"), TlaValueParser.parse("Nat"));
    }

    @Test
    void functionsSequencesAndRecordsCompareAsFunctions() {
        assertEquals(seq(of("a"), of("b")), TlaValueParser.parse("(1 :> \"a\" @@ 2 :> \"b\")"));
        assertEquals(TlaValueParser.parse("(2 :> \"b\" @@ 1 :> \"a\")"), seq(of("a"), of("b")));
        assertEquals(record("x", of(1)), TlaValueParser.parse("(\"x\" :> 1)"));
        assertEquals(seq(of("a")).hashCode(), TlaValueParser.parse("(1 :> \"a\")").hashCode());
        assertEquals(seq(), TlaValueParser.parse("<< >>"));
        assertNotEquals(seq(of(1), of(2)), seq(of(2), of(1)));
        assertEquals(set(of(1), of(2)), set(of(2), of(1), of(2)));
        assertNotEquals(set(of(1)), seq(of(1)));
        assertNotEquals(of(1), of("1"));
        assertNotEquals(model("a"), of("a"));
        // the function form [x \in S |-> v] with a constant body
        assertEquals(fun(Map.of(of(1), of(0), of(2), of(0))), TlaValueParser.parse("[x \\in {1, 2} |-> 0]"));
        assertEquals(seq(of(0), of(0)), TlaValueParser.parse("[x \\in 1..2 |-> 0]"));
    }

    @Test
    void accessorsWork() {
        TlaValue r = record("a", of(7), "s", seq(of("x"), of("y")), "b", of(true));
        assertEquals(7, r.field("a").asLong());
        assertEquals(7, r.field("a").asInt());
        assertEquals(List.of(of("x"), of("y")), r.field("s").asSeq());
        assertEquals("y", r.field("s").apply(of(2)).asString());
        assertTrue(r.field("b").asBool());
        assertTrue(r.hasField("s"));
        assertFalse(r.hasField("zz"));
        assertThrows(IllegalStateException.class, () -> r.field("zz"));
        assertThrows(IllegalStateException.class, () -> r.asLong());
        assertThrows(IllegalStateException.class, () -> of(1).asString());
        assertEquals(List.of(of("a"), of("b")), TlaValueParser.parse("(2 :> \"b\" @@ 1 :> \"a\")").asSeq());
        assertEquals(2, ((SetValue) set(of(1), of(2), of(1))).size());
        assertEquals(of("x"), ((SeqValue) seq(of("x"))).get(1));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : List.of("", "<<1, 2", "{1 2}", "[a |-> ]", "\"open", "(1 :> 2", "1 2", "@@", "[a |-> 1,]",
                "99999999999999999999")) {
            assertThrows(TlaParseException.class, () -> TlaValueParser.parse(bad), bad);
        }
        assertInstanceOf(OpaqueValue.class, TlaValueParser.parseOrOpaque("<<1, 2"));
        // [a : S] and [S -> T] that TLC did not enumerate are kept as text
        assertEquals(new OpaqueValue("[a : {1, 2}]"), TlaValueParser.parse("[a : {1, 2}]"));
        assertEquals(new OpaqueValue("[{1} -> {2}]"), TlaValueParser.parse("[{1} -> {2}]"));
    }

    @Test
    void identifiers() {
        assertTrue(TlaValue.isIdentifier("Trace_0001"));
        assertTrue(TlaValue.isIdentifier("_1a"));
        assertFalse(TlaValue.isIdentifier("123"));
        assertFalse(TlaValue.isIdentifier("a-b"));
        assertFalse(TlaValue.isIdentifier("EXCEPT"));
        assertFalse(TlaValue.isIdentifier("WF_x"));
        assertFalse(TlaValue.isIdentifier(""));
        // a record whose field is not an identifier is written as a function of strings
        RecordValue odd = (RecordValue) record("not an id", of(1));
        assertEquals("(\"not an id\" :> 1)", odd.toTla());
        assertEquals(odd, TlaValueParser.parse(odd.toTla()));
    }
}
