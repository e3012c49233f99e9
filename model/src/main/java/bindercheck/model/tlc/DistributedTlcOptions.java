package bindercheck.model.tlc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run one model with TLC's distributed mode ({@link DistributedTlc}).
 *
 * @param tlc            the model and the JVM settings as for a plain run: spec, cfg, library paths, jvmArgs (given to
 *                       the server and to every local worker), checkDeadlock, timeout, progress, outputListener (the
 *                       server's stdout), jar; {@code workers} and {@code tlcArgs} are not used
 * @param localWorkers   TLCWorker JVMs started on this machine, each with one thread; 0 = none, the server waits for
 *                       workers that join from elsewhere
 * @param host           the address the server's RMI objects announce ({@code java.rmi.server.hostname}) and local
 *                       workers connect to; workers on other machines must reach it
 * @param port           the RMI registry's port ({@code tlc2.tool.distributed.TLCServer.port}); 0 = a free one
 * @param overrides      definitions replaced in the staged copy of the cfg ({@code Name <- Definition}), e.g.
 *                       {@code MCNext <- Next} to drop a step bound that reads {@code TLCGet("level")}
 * @param reportInterval how often the server prints progress (message 2200)
 * @param events         receives one line per event a user should see (server ready and the join command, worker
 *                       joined, worker lost), on a reader thread; null = none
 */
public record DistributedTlcOptions(TlcOptions tlc, int localWorkers, String host, int port,
        Map<String, String> overrides, Duration reportInterval, Consumer<String> events) {

    /** TLC's own default port for the server's RMI registry. */
    public static final int DEFAULT_PORT = 10997;

    public DistributedTlcOptions {
        Objects.requireNonNull(tlc, "tlc");
        Objects.requireNonNull(host, "host");
        if (localWorkers < 0) {
            throw new IllegalArgumentException("local workers must be 0 or more: " + localWorkers);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        reportInterval = reportInterval == null ? Duration.ofSeconds(2) : reportInterval;
    }
}
