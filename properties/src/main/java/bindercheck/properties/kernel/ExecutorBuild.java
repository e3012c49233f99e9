package bindercheck.properties.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The executor binary, {@code /init} of the VM: {@code kernel/executor.c} (a classpath resource, copied there by
 * properties/pom.xml) compiled with the host's gcc on first use, cached under {@code CACHE/executor/HASH/init}
 * where HASH is the source's SHA-256.
 */
public final class ExecutorBuild {
    /** How kernel/README.md builds it; linked at 0x60000000 (PROTOCOL.md "Memory"). */
    static final List<String> GCC = List.of("gcc", "-static", "-O2", "-pthread", "-Wall",
            "-Wl,-Ttext-segment=0x60000000");

    private ExecutorBuild() {
    }

    /** executor.c as packaged. */
    public static byte[] source() {
        try (InputStream in = ExecutorBuild.class.getResourceAsStream("/kernel/executor.c")) {
            if (in == null) {
                throw new KernelException("kernel/executor.c is not on the classpath (properties/pom.xml copies "
                        + "it into target/classes/kernel: build with maven)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new KernelException("reading kernel/executor.c from the classpath: " + e.getMessage(), e);
        }
    }

    /** The compiled executor, built now if the cache has none for this source. */
    public static Path binary(Path cache) {
        byte[] src = source();
        Path out = cache.resolve("executor").resolve(Cache.sha256(src).substring(0, 16)).resolve("init");
        if (Files.isExecutable(out)) {
            return out;
        }
        try {
            Path work = Cache.aside(out);
            Files.createDirectories(work);
            try {
                Path c = Files.write(work.resolve("executor.c"), src);
                Path bin = work.resolve("init");
                List<String> cmd = new java.util.ArrayList<>(GCC);
                cmd.addAll(List.of("-o", bin.toString(), c.toString()));
                Command r;
                try {
                    r = Command.run(work, cmd);
                } catch (IOException e) {
                    throw new KernelException("gcc not found (" + e.getMessage() + "): install gcc and libc6-dev");
                }
                if (r.exit() != 0) {
                    boolean noStatic = r.output().contains("cannot find -l");
                    throw new KernelException((noStatic ? "no static C library: install gcc and libc6-dev; " : "")
                            + "compiling the executor failed: " + String.join(" ", cmd) + "\n" + r.tail(20));
                }
                Cache.publish(bin, out);
            } finally {
                Cache.deleteTree(work);
            }
        } catch (IOException e) {
            throw new KernelException("building the executor into " + out + ": " + e.getMessage(), e);
        }
        return out;
    }
}
