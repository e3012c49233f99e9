package bindercheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.step.StepKind;
import bindercheck.model.alloc.BinderAllocSpec;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One step, one name: every allocator StepKind is a TLA+ action of BinderAlloc.tla (UpperCamel),
 * a method of the mirror BinderAllocSpec and of impl's BinderAlloc (lowerCamel); and every action
 * that Next offers is a StepKind.
 */
class NamesAgreeTest {
    private static final Set<StepKind> ALLOC_STEPS = Set.of(StepKind.ALLOC, StepKind.FREE, StepKind.SHRINK,
            StepKind.UNMAP, StepKind.TEARDOWN);

    @Test
    void everyAllocatorStepHasOneNameInSpecMirrorAndImpl() throws IOException {
        String tla = Files.readString(Project.spec().resolve("BinderAlloc.tla"));
        for (StepKind k : ALLOC_STEPS) {
            String upper = upperCamel(k);
            String lower = Character.toLowerCase(upper.charAt(0)) + upper.substring(1);
            assertTrue(Pattern.compile("(?m)^" + upper + "(\\(.*\\))? ==").matcher(tla).find(),
                    () -> "BinderAlloc.tla has no action " + upper);
            assertTrue(hasMethod(BinderAllocSpec.class, lower), () -> "BinderAllocSpec has no method " + lower);
            assertTrue(hasMethod(BinderAlloc.class, lower), () -> "BinderAlloc has no method " + lower);
        }
    }

    @Test
    void nextOffersExactlyTheStepKinds() throws IOException {
        String tla = Files.readString(Project.spec().resolve("BinderAlloc.tla"));
        String next = tla.substring(tla.indexOf("\nNext =="), tla.indexOf("\nSpec =="));
        Set<String> actions = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(Alloc|Free|Shrink|Unmap|Teardown|[A-Z][A-Za-z]*)\\b(?=\\s*(\\(|$|\\n))")
                .matcher(next);
        while (m.find()) {
            if (!m.group(1).equals("Next") && !m.group(1).equals("BOOLEAN")) {
                actions.add(m.group(1));
            }
        }
        Set<String> kinds = new TreeSet<>();
        ALLOC_STEPS.forEach(k -> kinds.add(upperCamel(k)));
        assertEquals(kinds, actions);
    }

    private static String upperCamel(StepKind k) {
        StringBuilder sb = new StringBuilder();
        for (String w : k.name().split("_")) {
            sb.append(w.charAt(0)).append(w.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static boolean hasMethod(Class<?> c, String name) {
        return Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(name::equals);
    }
}
