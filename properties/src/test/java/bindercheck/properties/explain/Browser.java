package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Chromium for a test class, driven through Debian's chromedriver: opens a page file, reads the
 * browser's console (a test fails on any SEVERE entry) and saves screenshots under target/explain-screenshots/.
 * Nothing is downloaded: the driver and the browser are given by path (Selenium Manager is never asked), and the
 * browser runs with a fresh profile and its background networking off. Where either binary is missing, {@link #start}
 * skips the calling test class, saying what is missing and how to install it.
 */
final class Browser implements AutoCloseable {
    /** Debian's packages {@code chromium} and {@code chromium-driver}; other paths by system property. */
    static final Path CHROMIUM = Path.of(System.getProperty("bindercheck.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("bindercheck.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "explain-screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser, or skips the caller when Chromium or ChromeDriver is not installed. */
    static Browser start(String who) throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Chromium (" + CHROMIUM + ")");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add("ChromeDriver (" + CHROMEDRIVER + ")");
        }
        if (!missing.isEmpty()) {
            String why = who + ": skipped, no browser: " + String.join(" and ", missing) + " not installed; "
                    + "apt-get install -y chromium chromium-driver (or -Dbindercheck.chromium=PATH "
                    + "-Dbindercheck.chromedriver=PATH)";
            System.out.println(why); // a class skipped in @BeforeAll shows no reason in surefire's summary
            assumeTrue(false, why);
        }
        // Selenium warns that it has no CDP support for this Chromium's version; the tests use WebDriver only.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        Path profile = Files.createTempDirectory("bindercheck-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new Browser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code page} (a file), at {@code hash} ("" for none), after a blank page so the load is a fresh one. */
    void open(Path page, String hash) {
        driver.get("about:blank");
        driver.get(page.toUri() + hash);
    }

    /** The console entries since the last call (Chromium hands each out once). */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Fails when the console had a SEVERE entry (a script error, a failed load) since the last call. */
    void assertNoConsoleErrors(String where) {
        List<String> severe = console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
        assertEquals(List.of(), severe, where + ": console errors");
    }

    /** Saves a screenshot of the window as target/explain-screenshots/NAME.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path f = SCREENSHOTS.resolve(name + ".png");
            Files.write(f, driver.getScreenshotAs(OutputType.BYTES));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
